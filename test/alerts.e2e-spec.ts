import type { Socket } from 'socket.io-client';
import { BevakningJob } from '@brygga/bevakning';
import { connectSocket, connected, until } from './support/api-process';
import { readySince } from './support/clock-factory';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

interface Alert {
  id: string;
  kind: string;
  state: string;
  concernsMe: boolean;
  seen: { name: string; at: string } | null;
  handled: { name: string; at: string } | null;
}

/** Bevakning's alerts: one per thread and kind, marked seen or handled by a unit they concern, live to the others. */
describe('alerts, not messages', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let colleague: TestUser;
  let carer: TestUser;
  let outsider: TestUser;
  let threadId: string;
  let liability: Alert;
  let unread: Alert;
  const sockets: Socket[] = [];

  const alertsOf = async (user: TestUser): Promise<Alert[]> => {
    const res = await api.request(user, 'GET', `/api/threads/${threadId}/alerts`);
    expect(res.status).toBe(200);
    return res.body.alerts;
  };
  const mark = (user: TestUser, alertId: string, state: string, thread = threadId) =>
    api.request(user, 'PATCH', `/api/threads/${thread}/alerts/${alertId}`, { state });
  const logged = async (action: string, outcome: string): Promise<number> =>
    (
      await api.dataSource.query('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = $2 AND thread_id = $3', [
        action,
        outcome,
        threadId,
      ])
    )[0].n;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    const other = await api.unit('hemtjanst', 'Hemtjänst Söder');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    colleague = await api.user(sof, 'handlaggare', 'Mona');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    outsider = await api.user(other, 'utforare', 'Olle');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst]))).body.id;
    await readySince(api, threadId, { user: coordinator, unitId: ward }, 5);
    // SOF reads everything; Hemtjänst Norr does not: the unread alert concerns Hemtjänst Norr and the ward only.
    await api.request(officer, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 2 });
    await api.app.get(BevakningJob).sweep();
    const alerts = await alertsOf(officer);
    liability = alerts.find((a) => a.kind === 'betalningsansvar')!;
    unread = alerts.find((a) => a.kind === 'olast')!;
    expect(liability).toMatchObject({ state: 'ny', concernsMe: true, seen: null, handled: null });
    expect(unread).toMatchObject({ state: 'ny', concernsMe: false });
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await api.close();
  });

  it('marks seen, then handled, with who and when; live to another user of the thread; logged', async () => {
    const socket = connectSocket(api.baseUrl, await api.sessionOf(colleague), api.baseUrl);
    sockets.push(socket);
    await connected(socket);
    const notices: { threadId: string; alertId: string; state: string; by: string }[] = [];
    socket.on('alert', (n) => notices.push(n));

    const seen = await mark(officer, liability.id, 'sedd');
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ state: 'sedd', seen: { name: officer.name }, handled: null });
    await until(() => notices.length === 1, 10_000, 'the seen notice');
    const handled = await mark(officer, liability.id, 'hanterad');
    expect(handled.body).toMatchObject({ state: 'hanterad', handled: { name: officer.name }, seen: { name: officer.name } });
    await until(() => notices.length === 2, 10_000, 'the handled notice');
    expect(notices.map((n) => [n.alertId, n.state, n.by])).toEqual([
      [liability.id, 'sedd', officer.name],
      [liability.id, 'hanterad', officer.name],
    ]);
    expect(JSON.stringify(notices)).not.toMatch(/Tekla|19000612/);
    expect((await alertsOf(colleague)).find((a) => a.id === liability.id)).toMatchObject({ state: 'hanterad' });
    expect(await logged('alert.mark', 'allowed')).toBe(2);
  });

  it('changes nothing when marked again, or marked seen once handled (a retry is safe)', async () => {
    const before = (await alertsOf(officer)).find((a) => a.id === liability.id)!;
    const again = await mark(colleague, liability.id, 'sedd');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: 'hanterad', handled: before.handled, seen: before.seen });
  });

  it('refuses a unit the alert does not concern, in Swedish, writing nothing but the log row', async () => {
    const res = await mark(officer, unread.id, 'hanterad');
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('Larmet gäller inte din enhet: bara en enhet som larmet gäller kan markera det.');
    expect((await alertsOf(officer)).find((a) => a.id === unread.id)).toMatchObject({ state: 'ny', handled: null });
    expect(await logged('alert.mark', 'denied')).toBe(1);
    // Hemtjänst Norr, whose notice is unread, may.
    expect((await mark(carer, unread.id, 'hanterad')).status).toBe(200);
  });

  it('answers a thread one cannot see like any unseen thread (404), and logs it', async () => {
    const res = await mark(outsider, liability.id, 'hanterad');
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Ärendet finns inte.');
    expect((await api.request(outsider, 'GET', `/api/threads/${threadId}/alerts`)).status).toBe(404);
    const [{ n }] = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action IN ('alert.mark', 'alert.list') AND outcome = 'denied' AND thread_id = $1 AND user_id = $2`,
      [threadId, outsider.id],
    );
    expect(n).toBe(2);
  });

  it('refuses a state it does not know, and an alert of another thread', async () => {
    const bad = await mark(officer, liability.id, 'borta');
    expect(bad.status).toBe(400);
    const otherThread = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof], { personnummer: '190108219817' })))
      .body.id;
    expect((await mark(officer, liability.id, 'sedd', otherThread)).status).toBe(404);
  });

  it('raises a handled alert again when a new warning of its kind comes', async () => {
    await api.dataSource.query(`UPDATE deadline_warning SET warning_key = warning_key || ':gammal' WHERE thread_id = $1`, [threadId]);
    await api.app.get(BevakningJob).sweep();
    expect((await alertsOf(officer)).find((a) => a.id === liability.id)).toMatchObject({ state: 'ny', seen: null, handled: null });
  });
});
