import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { connectSocket, connected, until } from './support/api-process';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/**
 * The whole life of an ärende: units join and leave, the owner ward hands it on, facts the law
 * names are kept with history, and a closed thread stays readable but takes no more writes.
 * (Answers to summons and acknowledgements: test/service/threads/answers.spec.ts.)
 */
describe('the life of an ärende', () => {
  let api: TestApi;
  let ward: string;
  let otherWard: string;
  let sof: string;
  let hemsjukvard: string;
  let hemtjanst: string;
  let lov: string;
  let vc: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let carer: TestUser;
  let lovCarer: TestUser;
  let gp: TestUser;
  let otherCoordinator: TestUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    otherWard = await api.unit('slutenvard', 'Kirurgavdelning 3');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    lov = await api.unit('hemtjanst', 'Omsorg Öst AB');
    vc = await api.unit('primarvard', 'Visby norra vårdcentral');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    lovCarer = await api.user(lov, 'utforare', 'Olle');
    gp = await api.user(vc, 'lakare', 'Fatima');
    otherCoordinator = await api.user(otherWard, 'koordinator', 'Erik');
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(() => api.close());

  const open = async (participants = [sof, hemsjukvard, hemtjanst]): Promise<string> => {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody(participants));
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const post = (user: TestUser, threadId: string, kind: string, payload?: Record<string, unknown>, body?: string) =>
    api.request(user, 'POST', `/api/threads/${threadId}/messages`, {
      kind,
      ...(payload ? { payload } : {}),
      ...(body ? { body } : {}),
      idempotencyKey: randomUUID(),
    });
  const messages = async (user: TestUser, threadId: string) =>
    (await api.request(user, 'GET', `/api/threads/${threadId}/messages`)).body.messages as {
      id: string;
      seq: number;
      kind: string;
      body: string;
      payload: Record<string, unknown>;
      event: boolean;
      system: boolean;
    }[];
  const decision = {
    beviljadeTimmar: 40,
    per: 'period',
    giltigtFran: '2026-12-01',
    giltigtTill: '2026-12-31',
    insatser: ['Dusch', 'Inköp'],
  };

  describe('participants', () => {
    it('lets SOF add the LOV provider after the hemgångsbeslut; the new unit sees the whole history', async () => {
      const threadId = await open();
      await post(coordinator, threadId, 'fritext', undefined, 'Patienten kom in i går.');
      expect((await post(officer, threadId, 'hemgangsbeslut', decision)).status).toBe(201);
      expect((await api.request(lovCarer, 'GET', `/api/threads/${threadId}`)).status).toBe(404);

      const added = await api.request(officer, 'POST', `/api/threads/${threadId}/participants`, { unitId: lov });
      expect(added.status).toBe(200);
      expect(added.body.participants.map((p: { unitId: string }) => p.unitId)).toContain(lov);
      const seen = await messages(lovCarer, threadId);
      expect(seen[0]).toMatchObject({ seq: 1, body: 'Patienten kom in i går.' });
      expect(seen.at(-1)).toMatchObject({ kind: 'deltagare_tillagd', event: true, payload: { unitId: lov, unitName: 'Omsorg Öst AB' } });
      const [row] = await api.dataSource.query(
        `SELECT outcome, unit_id FROM audit_log WHERE action = 'participant.add' AND thread_id = $1`,
        [threadId],
      );
      expect(row).toEqual({ outcome: 'allowed', unit_id: sof });
      // The answer comes from the change itself: its row is the log of what SOF saw, no extra read.
      const [{ reads }] = await api.dataSource.query(
        `SELECT count(*)::int AS reads FROM audit_log WHERE action = 'thread.read' AND thread_id = $1 AND user_id = $2`,
        [threadId, officer.id],
      );
      expect(reads).toBe(0);

      // SOF chooses home care, not primary care; adding twice is a conflict.
      const refused = await api.request(officer, 'POST', `/api/threads/${threadId}/participants`, { unitId: vc });
      expect(refused.status).toBe(403);
      const twice = await api.request(coordinator, 'POST', `/api/threads/${threadId}/participants`, { unitId: lov });
      expect(twice.status).toBe(409);
      expect(twice.body.message).toBe('Omsorg Öst AB deltar redan i ärendet.');
      const unknown = await api.request(coordinator, 'POST', `/api/threads/${threadId}/participants`, { unitId: randomUUID() });
      expect(unknown.status).toBe(400);
      expect((await api.request(carer, 'POST', `/api/threads/${threadId}/participants`, { unitId: vc })).status).toBe(403);
    });

    it('removes a unit: it loses access at once (REST and socket), and keeps its history in the log', async () => {
      const threadId = await open([sof, hemsjukvard, hemtjanst]);
      const session = await api.sessionOf(carer);
      const socket = connectSocket(api.baseUrl, session, api.baseUrl);
      sockets.push(socket);
      await connected(socket);
      expect(((await socket.timeout(5000).emitWithAck('thread:join', { threadId, lastSeq: 0 })) as { ok: boolean }).ok).toBe(true);
      const revoked: unknown[] = [];
      const live: number[] = [];
      socket.on('access:revoked', (n: unknown) => revoked.push(n));
      socket.on('message', (m: { threadId: string; seq: number }) => m.threadId === threadId && live.push(m.seq));

      const removed = await api.request(coordinator, 'DELETE', `/api/threads/${threadId}/participants/${hemtjanst}`);
      expect(removed.status).toBe(200);
      await until(() => revoked.length > 0, 2000, 'access:revoked');
      expect(revoked[0]).toEqual({ threadId });
      const before = live.length;
      // A barrier, not a wait: a thread the unit still takes part in gets a message after this
      // one, on the same socket; a leaked message would have come before it.
      const still = await open([hemtjanst]);
      const barrier: number[] = [];
      socket.on('message', (m: { threadId: string; seq: number }) => m.threadId === still && barrier.push(m.seq));
      expect(((await socket.timeout(5000).emitWithAck('thread:join', { threadId: still, lastSeq: 0 })) as { ok: boolean }).ok).toBe(true);
      await post(coordinator, threadId, 'fritext', undefined, 'Efter borttagningen');
      await post(coordinator, still, 'fritext', undefined, 'Barriär');
      await until(() => barrier.length > 0, 5000, 'the message in the thread the unit still takes part in');
      expect(live.length).toBe(before);
      expect((await api.request(carer, 'GET', `/api/threads/${threadId}`)).status).toBe(404);
      const history = await api.dataSource.query(
        `SELECT count(*)::int AS c FROM audit_log WHERE thread_id = $1 AND user_id = $2 AND outcome = 'allowed'`,
        [threadId, carer.id],
      );
      expect(history[0].c).toBeGreaterThan(0);
    });

    it('refuses removing the owner, and the last municipal unit while a hemgångsbeslut stands', async () => {
      const threadId = await open([sof]);
      const owner = await api.request(coordinator, 'DELETE', `/api/threads/${threadId}/participants/${ward}`);
      expect(owner.status).toBe(409);
      expect(owner.body.message).toMatch(/ansvariga avdelningen kan inte tas bort/);
      expect((await post(officer, threadId, 'hemgangsbeslut', decision)).status).toBe(201);
      const last = await api.request(coordinator, 'DELETE', `/api/threads/${threadId}/participants/${sof}`);
      expect(last.status).toBe(409);
      expect(last.body.message).toMatch(/hemgångsbeslut/);
      const notThere = await api.request(coordinator, 'DELETE', `/api/threads/${threadId}/participants/${vc}`);
      expect(notThere.status).toBe(400);
      expect((await api.request(officer, 'GET', `/api/threads/${threadId}`)).status).toBe(200);
    });

    it('hands the thread to another ward, which becomes the owner', async () => {
      const threadId = await open([sof]);
      expect((await api.request(officer, 'POST', `/api/threads/${threadId}/transfer`, { unitId: otherWard })).status).toBe(403);
      expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/transfer`, { unitId: sof })).status).toBe(400);
      const moved = await api.request(coordinator, 'POST', `/api/threads/${threadId}/transfer`, { unitId: otherWard });
      expect(moved.status).toBe(200);
      expect(moved.body.ownerUnit.id).toBe(otherWard);
      expect((await post(otherCoordinator, threadId, 'utskrivningsklar', { utskrivningsklarAt: '2026-11-25T09:00:00+01:00' })).status).toBe(
        201,
      );
      // The old ward still takes part, but its ward notices are no longer its to send.
      expect((await post(coordinator, threadId, 'planerad_utskrivning', { planeradUtskrivning: '2026-11-27' })).status).toBe(403);
    });
  });

  describe('closing', () => {
    it('closes a discharged thread; after that writes are refused in Swedish and reads still work', async () => {
      const threadId = await open([sof, hemtjanst]);
      const early = await api.request(coordinator, 'POST', `/api/threads/${threadId}/close`, {});
      expect(early.status).toBe(400);
      expect(early.body.fields[0].field).toBe('orsak');
      // Hemtjänst never said it was ready: the ward confirms the discharge with a reason (issue 24).
      const discharge = { utskrivenAt: '2026-11-26T10:00:00+01:00', bekraftaTrotsKonflikter: true, orsak: 'Hemtjänsten startar i kväll.' };
      expect((await post(coordinator, threadId, 'utskrivningsmeddelande', discharge)).status).toBe(201);
      // No admission notice once the patient has left.
      const late = await post(coordinator, threadId, 'inskrivningsmeddelande', {
        inskrivenAt: '2026-11-20T10:00:00+01:00',
        bedomtBehov: 'x',
      });
      expect(late.status).toBe(409);
      expect((await api.request(officer, 'POST', `/api/threads/${threadId}/close`, {})).status).toBe(403);

      const closed = await api.request(coordinator, 'POST', `/api/threads/${threadId}/close`, {});
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('avslutad');
      const write = await post(carer, threadId, 'fritext', undefined, 'För sent');
      expect(write.status).toBe(409);
      expect(write.body.message).toBe('Ärendet är avslutat och kan inte längre ändras. Det går fortfarande att läsa.');
      expect(
        (await api.request(carer, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: '2026-11-27T10:00:00+01:00' })).status,
      ).toBe(409);
      expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey: 'fardtjanst' })).status).toBe(
        409,
      );
      expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/participants`, { unitId: vc })).status).toBe(409);
      expect((await api.request(carer, 'GET', `/api/threads/${threadId}`)).body.status).toBe('avslutad');
      expect((await messages(carer, threadId)).at(-1)).toMatchObject({ kind: 'arende_avslutat', event: true });

      // The socket door answers the same.
      const socket = connectSocket(api.baseUrl, await api.sessionOf(carer), api.baseUrl);
      sockets.push(socket);
      await connected(socket);
      const ack = (await socket
        .timeout(5000)
        .emitWithAck('message:post', { threadId, kind: 'fritext', body: 'Via socket', idempotencyKey: randomUUID() })) as {
        ok: boolean;
        error: { statusCode: number; message: string };
      };
      expect(ack).toMatchObject({ ok: false, error: { statusCode: 409 } });
    });

    it('cancels a thread entered in error, with a reason', async () => {
      const threadId = await open([sof]);
      const noReason = await api.request(coordinator, 'POST', `/api/threads/${threadId}/cancel`, { orsak: '  ' });
      expect(noReason.status).toBe(400);
      const cancelled = await api.request(coordinator, 'POST', `/api/threads/${threadId}/cancel`, { orsak: 'Fel patient vald' });
      expect(cancelled.body.status).toBe('makulerad');
      expect((await post(officer, threadId, 'fritext', undefined, 'x')).body.message).toMatch(/makulerat/);
      const [row] = await api.dataSource.query(`SELECT details FROM audit_log WHERE action = 'thread.cancel' AND thread_id = $1`, [
        threadId,
      ]);
      expect(row.details).toMatchObject({ orsak: 'Fel patient vald', status: 'makulerad' });
    });
  });

  describe('facts', () => {
    it('keeps each fact with its owner organisation, validated, versioned and with history', async () => {
      const threadId = await open([sof, hemtjanst, vc]);
      const put = (user: TestUser, key: string, value: unknown, expectedVersion = 0) =>
        api.request(user, 'PUT', `/api/threads/${threadId}/facts/${key}`, { value, expectedVersion });
      const address = { skyddad: false, gatuadress: 'Storgatan 1', postnummer: '621 84', ort: 'Visby' };
      expect((await put(coordinator, 'folkbokforingsadress', { ...address, postnummer: '6218' })).body.fields[0]).toMatchObject({
        field: 'value.postnummer',
      });
      expect((await put(coordinator, 'folkbokforingsadress', address)).status).toBe(200);
      expect((await put(officer, 'folkbokforingsadress', address, 1)).status).toBe(403);
      expect((await put(coordinator, 'folkbokforingsadress', { skyddad: true }, 0)).status).toBe(409);
      expect((await put(coordinator, 'folkbokforingsadress', { skyddad: true }, 1)).body).toMatchObject({
        version: 2,
        value: { skyddad: true },
      });
      expect(
        (await put(coordinator, 'narstaende', { personer: [{ namn: 'Lars', relation: 'Son', telefon: 'inget', informerad: true }] }))
          .status,
      ).toBe(400);
      expect(
        (
          await put(coordinator, 'narstaende', {
            personer: [{ namn: 'Lars', relation: 'Son', telefon: '070-123 45 67', informerad: true }],
          })
        ).status,
      ).toBe(200);
      expect((await put(coordinator, 'samtycke', { status: 'givet', organisationer: ['sof', 'hemtjanst'] })).status).toBe(200);
      expect(
        (await put(gp, 'fast_vardkontakt', { namn: 'Fatima Ali', enhet: 'Visby norra vårdcentral', telefon: '0498-26 80 00' })).status,
      ).toBe(200);
      expect((await put(officer, 'ansvarig_handlaggare', { namn: 'Maria Nilsson', telefon: '+46 498 26 90 00' })).status).toBe(200);
      expect((await put(carer, 'stod_fore_inskrivning', { beskrivning: 'x' })).status).toBe(403);
      expect((await put(coordinator, 'okand', {})).status).toBe(400);

      const thread = (await api.request(carer, 'GET', `/api/threads/${threadId}`)).body;
      expect(Object.fromEntries(thread.facts.map((f: { key: string; version: number }) => [f.key, f.version]))).toEqual({
        folkbokforingsadress: 2,
        narstaende: 1,
        samtycke: 1,
        fast_vardkontakt: 1,
        ansvarig_handlaggare: 1,
      });
      const history = await api.request(carer, 'GET', `/api/threads/${threadId}/facts/folkbokforingsadress/history`);
      expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      await expect(api.dataSource.query(`UPDATE thread_fact SET value = '{}'`)).rejects.toThrow(/append-only|permission denied/);
      // Fact changes are in the timeline, but not news.
      expect((await messages(carer, threadId)).filter((m) => m.kind === 'uppgift_andrad').every((m) => m.event)).toBe(true);
    });
  });

  describe('hemgångsklar from a time, and a timeline people can read', () => {
    it('derives "kan tas emot från" from readiness and dated items, warns of an early pick-up, and shows the flip as from Brygga', async () => {
      const threadId = await open([sof, hemtjanst]);
      expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey: 'fardtjanst' })).status).toBe(
        201,
      );
      const overview = async () => (await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`)).body;
      const items = new Map<string, { id: string; version: number }>(
        (await overview()).checklists[0].items.map((i: { key: string; id: string; version: number }) => [i.key, i]),
      );
      const set = async (user: TestUser, key: string, value: unknown) => {
        const item = items.get(key)!;
        const res = await api.request(user, 'PATCH', `/api/threads/${threadId}/checklists/items/${item.id}`, {
          state: 'klar',
          value,
          expectedVersion: item.version,
        });
        expect(res.status).toBe(200);
        item.version = res.body.item.version;
      };
      const day = (d: number, h: string) => `2031-01-${String(d).padStart(2, '0')}T${h}:00+01:00`;
      await set(coordinator, 'transportsatt', 'Färdtjänst');
      await set(coordinator, 'bokad', true);
      await set(coordinator, 'upphamtning', day(27, '10:00'));
      await set(coordinator, 'fran', 'Avd 4, entré B');
      await set(coordinator, 'till', 'Hemmet');
      await set(coordinator, 'rullstol', false);
      await set(coordinator, 'ledsagare', false);
      await set(carer, 'mottagande', 'Hemtjänsten');
      expect((await api.request(carer, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: day(27, '10:30') })).status).toBe(201);

      const view = await overview();
      expect(view.hemgangsklar).toBe(true);
      expect(view.kanTaEmotFran).toBe(new Date(day(27, '10:30')).toISOString());
      expect(view.warnings).toEqual([
        expect.stringMatching(/^Upphämtningen \(27 jan 10:00\) är före den tid då alla mottagande enheter är redo \(27 jan 10:30\)/),
      ]);
      const flip = (await messages(coordinator, threadId)).filter((m) => m.kind === 'hemgangsklar').pop()!;
      expect(flip).toMatchObject({ system: true, event: true });
      expect(flip.body).toMatch(/^Hemgångsklar från /);

      // Checklist changes are records, not news: they do not count as unread.
      const list = (await api.request(carer, 'GET', '/api/threads')).body.threads.find((t: { id: string }) => t.id === threadId);
      const written = (await messages(carer, threadId)).filter((m) => !m.event && m.kind !== 'redo').length;
      expect(list.unreadCount).toBe(written);
    });
  });
});
