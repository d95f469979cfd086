import type { Socket } from 'socket.io-client';
import { BevakningJob } from '@brygga/bevakning';
import { connectSocket, connected, until } from './support/api-process';
import { readySince } from './support/clock-factory';
import { newThreadBody, TestApi, TestUser } from './support/harness';

interface Notice {
  threadId: string;
  kind: string;
  level: string;
  text: string;
}

describe('Bevakning: warnings before it is too late', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let hemtjanst: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let carer: TestUser;
  let reviewer: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    reviewer = await api.user(ward, 'logggranskare', 'Lena');
  });
  afterAll(() => api.close());

  async function overdueThread(personnummer: string, participants: string[]): Promise<string> {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody(participants, { personnummer }));
    expect(res.status).toBe(201);
    await readySince(api, res.body.id, { user: coordinator, unitId: ward }, 5);
    return res.body.id;
  }

  const listen = (socket: Socket) => {
    const got: Notice[] = [];
    socket.on('bevakning', (n: Notice) => got.push(n));
    return got;
  };

  it('tells the units concerned live, once per deadline, and raises one alert per kind outside the timeline', async () => {
    const threadId = await overdueThread('190704019801', [sof]);
    const sofSocket = connectSocket(api.baseUrl, await api.sessionOf(officer), api.baseUrl);
    const outsider = connectSocket(api.baseUrl, await api.sessionOf(carer), api.baseUrl);
    await Promise.all([connected(sofSocket), connected(outsider)]);
    const sofNotices = listen(sofSocket);
    const outsiderNotices = listen(outsider);

    const job = api.app.get(BevakningJob);
    const first = await job.sweep();
    // Liability has begun, and SOF has read neither the admission notice nor the ready notice after 4 hours.
    expect(first.created).toBe(3);
    await until(() => sofNotices.length === 3, 5_000, 'three warnings on the socket');
    expect(sofNotices.map((n) => [n.threadId, n.kind, n.level]).sort()).toEqual([
      [threadId, 'betalningsansvar', 'passerad'],
      [threadId, 'olast', 'passerad'],
      [threadId, 'olast', 'passerad'],
    ]);
    expect(sofNotices.find((n) => n.text.includes('utskrivningsklar'))!.text).toMatch(
      /^Bevakning: Underrättelsen om utskrivningsklar \(nr 2\) är oläst hos SOF mottagningsteam efter 4 timmar\.$/,
    );
    expect(JSON.stringify(sofNotices)).not.toMatch(/Tekla|Testsson|9801/); // no patient identity to unit rooms

    const again = await job.sweep();
    expect(again.created).toBe(0);
    // Warnings stay out of the conversation: the thread has one alert per kind (both unread notices in one).
    const timeline = await api.request(officer, 'GET', `/api/threads/${threadId}/messages`);
    expect(timeline.body.messages.filter((m: { kind: string }) => m.kind === 'bevakning')).toEqual([]);
    const alerts = await api.request(officer, 'GET', `/api/threads/${threadId}/alerts`);
    expect(alerts.status).toBe(200);
    expect(alerts.body.alerts.map((a: { kind: string; state: string }) => [a.kind, a.state]).sort()).toEqual([
      ['betalningsansvar', 'ny'],
      ['olast', 'ny'],
    ]);
    expect(outsiderNotices).toEqual([]);
    const logged = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'bevakning.create' AND thread_id = $1 AND user_id IS NULL`,
      [threadId],
    );
    expect(logged[0].n).toBe(3);
    sofSocket.disconnect();
    outsider.disconnect();
  });

  it('gives one warning per deadline when two api nodes sweep at once', async () => {
    const second = await TestApi.start({}, api);
    try {
      const threadId = await overdueThread('190108219817', [sof, hemtjanst]);
      const results = await Promise.all([api.app.get(BevakningJob).sweep(), second.app.get(BevakningJob).sweep()]);
      expect(results.filter((r) => r.skipped).length).toBeLessThanOrEqual(1);
      const rows: { warning_key: string }[] = await api.dataSource.query('SELECT warning_key FROM deadline_warning WHERE thread_id = $1', [
        threadId,
      ]);
      // Liability, and both notices unread by SOF and by Hemtjänst Norr: each once.
      expect(rows.map((r) => r.warning_key.split(':')[0]).sort()).toEqual(['betalningsansvar', 'olast', 'olast', 'olast', 'olast']);
      expect(new Set(rows.map((r) => r.warning_key)).size).toBe(rows.length);
    } finally {
      await second.close();
    }
  });

  it('lists the warnings of my units on the Bevakning list; a log reviewer may not read it', async () => {
    const res = await api.request(officer, 'GET', '/api/bevakning');
    expect(res.status).toBe(200);
    // One alert per thread and kind: liability and the unread notices, in each of the two threads.
    expect(res.body.warnings.length).toBe(4);
    expect(res.body.warnings.filter((w: { concernsMe: boolean }) => w.concernsMe)).toHaveLength(4);
    expect(res.body.warnings[0]).toMatchObject({ level: 'passerad', state: 'ny', thread: { patient: { name: 'Tekla Testsson' } } });
    // Hemtjänst Norr takes part only in the second thread: it sees both alerts there, but only its
    // unread notice concerns it; the municipality's payment liability is the ward's and SOF's business.
    const carerList = await api.request(carer, 'GET', '/api/bevakning');
    const carerAlerts = carerList.body.warnings.map((w: { kind: string; concernsMe: boolean }) => [w.kind, w.concernsMe]);
    expect(carerAlerts.sort()).toEqual([
      ['betalningsansvar', false],
      ['olast', true],
    ]);
    expect((await api.request(reviewer, 'GET', '/api/bevakning')).status).toBe(403);
  });
});
