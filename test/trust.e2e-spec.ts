import { randomUUID } from 'node:crypto';
import { Membership, seedProblems, Unit, type SeedFile } from '@brygga/directory';
import { newThreadBody, TEST_PERSONNUMMER, TestApi, TestUser } from './support/harness';

/** A patient of its own for each thread, so a patient filter cannot match through another thread. */
const reserve = (value: string) => ({ personnummer: undefined, reservnummer: { issuer: 'SE2321000016', value } });

interface Entry {
  seq: string;
  userId: string | null;
  threadId: string | null;
  patientId: string | null;
  action: string;
  outcome: string;
}

/**
 * The trust model (issue 10) as users meet it: log review scoped to the organisation, no
 * patient-identity oracle, templates per organisation, membership administration with access
 * that follows at once, and a directory file checked with Swedish reasons.
 */
describe('trust model', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.close());

  const organisationOf = async (unitId: string): Promise<string> =>
    (await api.dataSource.getRepository(Unit).findOneByOrFail({ id: unitId })).organisationId;

  /** A second unit in the same organisation as `unitId` (api.unit makes a new organisation each time). */
  const siblingUnit = async (unitId: string, name: string): Promise<string> => {
    const saved = await api.dataSource
      .getRepository(Unit)
      .save({ key: randomUUID(), name, organisationId: await organisationOf(unitId), hsaId: null });
    return saved.id;
  };

  const openThread = async (
    user: TestUser,
    participants: string[],
    patient: Record<string, unknown>,
  ): Promise<{ id: string; patientId: string }> => {
    const res = await api.request(user, 'POST', '/api/threads', newThreadBody(participants, patient));
    expect(res.status).toBe(201);
    return { id: res.body.id, patientId: res.body.patient.id };
  };

  describe('log review is scoped to the organisation', () => {
    let ward: string;
    let sof: string;
    let privateCare: string;
    let otherWard: string;
    let outsiderUnit: string;
    let coordinator: TestUser;
    let officer: TestUser;
    let carer: TestUser;
    let otherCoordinator: TestUser;
    let outsider: TestUser;
    let wardReviewer: TestUser;
    let sofReviewer: TestUser;
    let privateReviewer: TestUser;
    let wardAdmin: TestUser;
    /** Owned by the ward, SOF takes part: the private provider does not. */
    let t1: { id: string; patientId: string };
    /** Owned by another ward (another organisation), the private provider takes part. */
    let t2: { id: string; patientId: string };
    /** Owned by the ward, SOF takes part, nobody of the private provider ever touches it. */
    let t3: { id: string; patientId: string };

    beforeAll(async () => {
      ward = await api.unit('slutenvard', 'Medicinavdelning 4');
      sof = await api.unit('sof', 'SOF Visby');
      privateCare = await api.unit('hemtjanst', 'Omsorgsbolaget Hemtjänst');
      otherWard = await api.unit('slutenvard', 'Kirurgavdelning 3');
      outsiderUnit = await api.unit('hemtjanst', 'Hemtjänst Söder');
      coordinator = await api.user(ward, 'koordinator', 'Karin');
      officer = await api.user(sof, 'handlaggare', 'Maria');
      carer = await api.user(privateCare, 'utforare', 'Eva');
      otherCoordinator = await api.user(otherWard, 'koordinator', 'Kalle');
      outsider = await api.user(outsiderUnit, 'utforare', 'Olle');
      wardReviewer = await api.user(ward, 'logggranskare', 'Lena');
      sofReviewer = await api.user(sof, 'logggranskare', 'Stina');
      privateReviewer = await api.user(privateCare, 'logggranskare', 'Petra');
      wardAdmin = await api.user(ward, 'admin', 'Per');
      // Log everyone in first: the logins are rows too, and none must land between a list and its expectation.
      for (const u of [coordinator, officer, carer, otherCoordinator, outsider, wardReviewer, sofReviewer, privateReviewer, wardAdmin])
        await api.sessionOf(u);

      t1 = await openThread(coordinator, [sof], reserve('T1-LOGG'));
      t2 = await openThread(otherCoordinator, [privateCare], reserve('T2-LOGG'));
      t3 = await openThread(coordinator, [sof], reserve('T3-LOGG'));
      expect((await api.request(officer, 'GET', `/api/threads/${t1.id}`)).status).toBe(200);
      expect(
        (await api.request(officer, 'POST', `/api/threads/${t1.id}/messages`, { kind: 'fritext', body: 'Fråga', idempotencyKey: 'q1' }))
          .status,
      ).toBe(201);
      expect((await api.request(officer, 'GET', `/api/threads/${t3.id}`)).status).toBe(200);
      expect((await api.request(carer, 'GET', `/api/threads/${t1.id}`)).status).toBe(404);
      expect((await api.request(outsider, 'GET', `/api/threads/${t1.id}`)).status).toBe(404);
      expect((await api.request(carer, 'GET', `/api/threads/${t2.id}`)).status).toBe(200);
      expect((await api.request(officer, 'GET', `/api/threads/${t2.id}`)).status).toBe(404);
      // A 403 inside a visible thread: hemtjänst may not declare utskrivningsklar.
      const refused = await api.request(carer, 'POST', `/api/threads/${t2.id}/messages`, {
        kind: 'utskrivningsklar',
        idempotencyKey: 'u1',
        payload: { utskrivningsklarAt: new Date().toISOString() },
      });
      expect(refused.status).toBe(403);
      // Rows of the organisations' own users that concern no thread.
      expect((await api.request(coordinator, 'GET', '/api/checklist-templates')).status).toBe(200);
      expect((await api.request(officer, 'GET', '/api/checklist-templates')).status).toBe(200);
    });

    const review = async (reviewer: TestUser, query = ''): Promise<{ status: number; entries: Entry[] }> => {
      const res = await api.request(reviewer, 'GET', `/api/audit?limit=1000${query}`);
      return { status: res.status, entries: res.body.entries };
    };

    /** What the rule says the organisation's reviewer sees, computed from the directory and the threads, not from organisation_ids. */
    const expectedSeqs = async (orgId: string): Promise<string[]> => {
      const members: { user_id: string }[] = await api.dataSource.query(
        'SELECT DISTINCT m.user_id FROM membership m JOIN unit u ON u.id = m.unit_id WHERE u.organisation_id = $1',
        [orgId],
      );
      const threads: { id: string }[] = await api.dataSource.query(
        `SELECT t.id FROM thread t JOIN unit u ON u.id = t.owner_unit_id WHERE u.organisation_id = $1
         UNION SELECT tp.thread_id FROM thread_participant tp JOIN unit u ON u.id = tp.unit_id WHERE u.organisation_id = $1`,
        [orgId],
      );
      const users = new Set(members.map((m) => m.user_id));
      const ours = new Set(threads.map((t) => t.id));
      const rows: { seq: string; user_id: string | null; thread_id: string | null }[] = await api.dataSource.query(
        'SELECT a.seq::text AS seq, a.user_id, a.thread_id FROM audit_log a ORDER BY a.seq DESC',
      );
      return rows
        .filter((r) => (r.user_id !== null && users.has(r.user_id)) || (r.thread_id !== null && ours.has(r.thread_id)))
        .map((r) => r.seq);
    };

    const has = (entries: Entry[], match: Partial<Entry>): boolean =>
      entries.some((e) => Object.entries(match).every(([k, v]) => e[k as keyof Entry] === v));

    it("the ward's reviewer sees its own users' rows and every row on its threads, denied ones too, and nothing else", async () => {
      const expected = await expectedSeqs(await organisationOf(ward));
      const { status, entries } = await review(wardReviewer);
      expect(status).toBe(200);
      expect(entries.map((e) => e.seq)).toEqual(expected);
      expect(has(entries, { action: 'thread.create', userId: coordinator.id, threadId: t1.id })).toBe(true);
      expect(has(entries, { action: 'template.list', userId: coordinator.id })).toBe(true);
      expect(has(entries, { action: 'thread.read', userId: officer.id, threadId: t1.id })).toBe(true);
      expect(has(entries, { action: 'message.create', userId: officer.id, threadId: t1.id })).toBe(true);
      expect(has(entries, { outcome: 'denied', userId: carer.id, threadId: t1.id })).toBe(true);
      expect(has(entries, { outcome: 'denied', userId: outsider.id, threadId: t1.id })).toBe(true);
      // Not the ward's: another organisation's thread and another organisation's users elsewhere.
      expect(entries.some((e) => e.threadId === t2.id)).toBe(false);
      expect(has(entries, { userId: otherCoordinator.id })).toBe(false);
      expect(has(entries, { action: 'template.list', userId: officer.id })).toBe(false);
    });

    it("SOF's reviewer sees all its officer did and every access to the threads SOF takes part in", async () => {
      const expected = await expectedSeqs(await organisationOf(sof));
      const { status, entries } = await review(sofReviewer);
      expect(status).toBe(200);
      expect(entries.map((e) => e.seq)).toEqual(expected);
      expect(has(entries, { action: 'template.list', userId: officer.id })).toBe(true);
      expect(has(entries, { outcome: 'denied', userId: officer.id, threadId: t2.id })).toBe(true);
      expect(has(entries, { action: 'thread.create', userId: coordinator.id, threadId: t1.id })).toBe(true);
      expect(has(entries, { outcome: 'denied', userId: carer.id, threadId: t1.id })).toBe(true);
      expect(has(entries, { outcome: 'denied', userId: outsider.id, threadId: t1.id })).toBe(true);
      expect(has(entries, { action: 'template.list', userId: coordinator.id })).toBe(false);
      expect(has(entries, { action: 'thread.create', threadId: t2.id })).toBe(false);
      expect(has(entries, { userId: carer.id, threadId: t2.id })).toBe(false);
    });

    it("the private provider's reviewer sees its staff's rows and its own thread, never the ward's thread it is not part of", async () => {
      const expected = await expectedSeqs(await organisationOf(privateCare));
      const { status, entries } = await review(privateReviewer);
      expect(status).toBe(200);
      expect(entries.map((e) => e.seq)).toEqual(expected);
      expect(has(entries, { action: 'thread.read', userId: carer.id, threadId: t2.id })).toBe(true);
      expect(has(entries, { action: 'message.create', outcome: 'denied', userId: carer.id, threadId: t2.id })).toBe(true);
      // Its own user's denied attempt on the ward's thread is its own user's row.
      expect(has(entries, { outcome: 'denied', userId: carer.id, threadId: t1.id })).toBe(true);
      expect(has(entries, { action: 'thread.create', userId: otherCoordinator.id, threadId: t2.id })).toBe(true);
      expect(has(entries, { outcome: 'denied', userId: officer.id, threadId: t2.id })).toBe(true);
      // Nothing else of the ward's thread, nor of t3.
      expect(entries.filter((e) => e.threadId === t1.id).every((e) => e.userId === carer.id)).toBe(true);
      expect(entries.some((e) => e.threadId === t3.id || e.patientId === t3.patientId)).toBe(false);
      expect(has(entries, { userId: outsider.id })).toBe(false);
      expect(has(entries, { action: 'template.list', userId: officer.id })).toBe(false);
    });

    it("filters for another organisation's thread, patient or user answer an empty list, not a leak", async () => {
      for (const query of [`&threadId=${t3.id}`, `&patientId=${t3.patientId}`, `&userId=${coordinator.id}`]) {
        const res = await review(privateReviewer, query);
        expect(res.status).toBe(200);
        expect(res.entries).toEqual([]);
      }
      const wardOnOther = await review(wardReviewer, `&threadId=${t2.id}`);
      expect(wardOnOther).toEqual({ status: 200, entries: [] });
      const unknown = await review(sofReviewer, `&threadId=${randomUUID()}`);
      expect(unknown).toEqual({ status: 200, entries: [] });
      // The filter works where the reviewer may look.
      const own = await review(sofReviewer, `&threadId=${t3.id}`);
      expect(own.entries.length).toBeGreaterThan(0);
      expect(own.entries.every((e) => e.threadId === t3.id)).toBe(true);
    });

    it('logs the review itself', async () => {
      const res = await api.request(sofReviewer, 'GET', `/api/audit?threadId=${t1.id}&limit=5`);
      expect(res.status).toBe(200);
      const [row]: { outcome: string; thread_id: string; details: { rows: number } }[] = await api.dataSource.query(
        `SELECT outcome, thread_id, details FROM audit_log WHERE action = 'audit.list' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
        [sofReviewer.id],
      );
      expect(row).toMatchObject({ outcome: 'allowed', thread_id: t1.id, details: { rows: res.body.entries.length } });
    });

    it('a log reviewer reads no patient content, opens nothing and posts nothing', async () => {
      const get = await api.request(wardReviewer, 'GET', `/api/threads/${t1.id}`);
      expect(get.status).toBe(404);
      expect(JSON.stringify(get.body)).not.toContain('T1-LOGG');
      const list = await api.request(wardReviewer, 'GET', '/api/threads');
      expect(list.status).toBe(200);
      expect(list.body.threads).toEqual([]);
      expect((await api.request(wardReviewer, 'GET', `/api/threads/${t1.id}/messages`)).status).toBe(404);
      // Opening a thread needs a capability the role does not have: 403.
      expect((await api.request(wardReviewer, 'POST', '/api/threads', newThreadBody([sof], reserve('LOGG-NY')))).status).toBe(403);
      // A message on a thread it may not read: answered like a missing thread (DESIGN.md), and logged.
      const post = await api.request(wardReviewer, 'POST', `/api/threads/${t1.id}/messages`, {
        kind: 'fritext',
        body: 'Hej',
        idempotencyKey: 'r1',
      });
      expect(post.status).toBe(404);
      const read = await api.request(wardReviewer, 'POST', `/api/threads/${t1.id}/read`, { upToSeq: 1 });
      expect(read.status).toBe(404);
      const rows: { action: string; outcome: string }[] = await api.dataSource.query(
        'SELECT action, outcome FROM audit_log WHERE user_id = $1 AND thread_id = $2 ORDER BY seq',
        [wardReviewer.id, t1.id],
      );
      expect(rows.filter((r) => r.outcome === 'allowed' && r.action !== 'audit.list')).toEqual([]);
      expect(rows.filter((r) => r.outcome === 'denied').length).toBeGreaterThanOrEqual(4);
      const messages: { c: number }[] = await api.dataSource.query('SELECT count(*)::int AS c FROM message WHERE author_user_id = $1', [
        wardReviewer.id,
      ]);
      expect(messages[0].c).toBe(0);
      const receipts: { c: number }[] = await api.dataSource.query('SELECT count(*)::int AS c FROM read_receipt WHERE user_id = $1', [
        wardReviewer.id,
      ]);
      expect(receipts[0].c).toBe(0);
    });

    it('an admin reads no thread and cannot review the log', async () => {
      expect((await api.request(wardAdmin, 'GET', `/api/threads/${t1.id}`)).status).toBe(404);
      expect((await api.request(wardAdmin, 'GET', '/api/threads')).body.threads).toEqual([]);
      const audit = await api.request(wardAdmin, 'GET', '/api/audit');
      expect(audit.status).toBe(403);
      expect(audit.body.entries).toBeUndefined();
      const [denied]: { details: { capability: string } }[] = await api.dataSource.query(
        `SELECT details FROM audit_log WHERE user_id = $1 AND action = 'route.denied' AND outcome = 'denied' ORDER BY seq DESC LIMIT 1`,
        [wardAdmin.id],
      );
      expect(denied.details.capability).toBe('audit.review');
    });
  });

  describe('protected identity: opening a thread is no oracle', () => {
    const personnummer = TEST_PERSONNUMMER[1]; // 19070401-9801
    let ward1: string;
    let ward2: string;
    let sof: string;
    let hemtjanst: string;
    let coordinator1: TestUser;
    let coordinator2: TestUser;
    let officer: TestUser;
    let t1: string;

    beforeAll(async () => {
      ward1 = await api.unit('slutenvard', 'Medicinavdelning 4');
      ward2 = await api.unit('slutenvard', 'Ortopedavdelning 2');
      sof = await api.unit('sof');
      hemtjanst = await api.unit('hemtjanst');
      coordinator1 = await api.user(ward1, 'koordinator');
      coordinator2 = await api.user(ward2, 'koordinator');
      officer = await api.user(sof, 'handlaggare');
      const res = await api.request(
        coordinator1,
        'POST',
        '/api/threads',
        newThreadBody([sof], { personnummer, givenName: 'Skyddad', familyName: 'Person', protectedIdentity: true }),
      );
      expect(res.status).toBe(201);
      t1 = res.body.id;
    });

    it('another ward typing another name gets its own name back, no protection flag and no mismatch warning (it has no other access: a warning would confirm a guess); never the stored name', async () => {
      const res = await api.request(
        coordinator2,
        'POST',
        '/api/threads',
        newThreadBody([hemtjanst], { personnummer, givenName: 'Tekla', familyName: 'Testsson' }),
      );
      expect(res.status).toBe(201);
      expect(res.body.patient).toMatchObject({
        name: 'Tekla Testsson',
        protectedIdentity: false,
        identityNumber: '19070401-9801',
      });
      expect(res.body.patient.nameMismatch).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toMatch(/Skyddad|Person/);
      const again = await api.request(coordinator2, 'GET', `/api/threads/${res.body.id}`);
      expect(again.body.patient).toMatchObject({ name: 'Tekla Testsson', protectedIdentity: false });
      expect(again.body.patient.nameMismatch).toBeUndefined();
      expect(JSON.stringify(again.body)).not.toMatch(/Skyddad|Person/);
      const list = await api.request(coordinator2, 'GET', '/api/threads');
      expect(JSON.stringify(list.body)).not.toMatch(/Skyddad|Person/);
      // The first ward's thread keeps its name and protection.
      const own = await api.request(coordinator1, 'GET', `/api/threads/${t1}`);
      expect(own.body.patient).toMatchObject({ name: 'Skyddad Person', protectedIdentity: true, identityNumber: '19070401-9801' });
      expect(own.body.patient.nameMismatch).toBeUndefined();
    });

    it("the opening ward's own thread list does not disclose the stored protection either", async () => {
      const res = await api.request(
        coordinator2,
        'POST',
        '/api/threads',
        newThreadBody([], { personnummer, givenName: 'Tekla', familyName: 'Testsson' }),
      );
      expect(res.status).toBe(201);
      const list = await api.request(coordinator2, 'GET', '/api/threads');
      const entry = list.body.threads.find((t: { id: string }) => t.id === res.body.id);
      // An unprotected patient it typed itself: shown like any other, or the list is the oracle the thread view is not.
      expect(entry.patient).toMatchObject({ protectedIdentity: false, name: 'Tekla Testsson' });
    });

    it('non-owner participants see neither name nor full number; lists mask the protected patient for everyone', async () => {
      const view = await api.request(officer, 'GET', `/api/threads/${t1}`);
      expect(view.status).toBe(200);
      expect(view.body.patient).toMatchObject({ name: null, identityNumber: '19070401-****', protectedIdentity: true });
      expect(view.body.patient.nameMismatch).toBeUndefined();
      expect(JSON.stringify(view.body)).not.toMatch(/Skyddad|9801/);
      for (const user of [coordinator1, officer]) {
        const list = await api.request(user, 'GET', '/api/threads');
        const entry = list.body.threads.find((t: { id: string }) => t.id === t1);
        expect(entry.patient).toMatchObject({ name: null, identityNumber: '19070401-****', protectedIdentity: true });
        expect(JSON.stringify(list.body)).not.toMatch(/Skyddad/);
      }
    });

    it('the same name typed with other case and spacing is no mismatch', async () => {
      const ward3 = await api.unit('slutenvard');
      const ward4 = await api.unit('slutenvard');
      const c3 = await api.user(ward3, 'koordinator');
      const c4 = await api.user(ward4, 'koordinator');
      const pnr = TEST_PERSONNUMMER[2];
      const first = await api.request(
        c3,
        'POST',
        '/api/threads',
        newThreadBody([], { personnummer: pnr, givenName: 'Anna Maria', familyName: 'Ek' }),
      );
      expect(first.status).toBe(201);
      expect(first.body.patient.nameMismatch).toBeUndefined();
      const second = await api.request(
        c4,
        'POST',
        '/api/threads',
        newThreadBody([], { personnummer: pnr, givenName: '  anna   MARIA ', familyName: 'EK ' }),
      );
      expect(second.status).toBe(201);
      expect(second.body.patient.nameMismatch).toBeUndefined();
      expect(second.body.patient.protectedIdentity).toBe(false);
      const third = await api.request(
        c4,
        'POST',
        '/api/threads',
        newThreadBody([], { personnummer: pnr, givenName: 'Anna', familyName: 'Ek' }),
      );
      expect(third.body.patient.nameMismatch).toBe(true);
    });
  });

  describe('checklist templates are administered per organisation', () => {
    let wardX: string;
    let wardY: string;
    let orgX: string;
    let orgY: string;
    let adminX: string;
    let admin: TestUser;
    let coordinatorX: TestUser;
    let coordinatorY: TestUser;
    let items: Record<string, unknown>[];

    beforeAll(async () => {
      wardX = await api.unit('slutenvard', 'Medicinavdelning X');
      wardY = await api.unit('slutenvard', 'Medicinavdelning Y');
      orgX = await organisationOf(wardX);
      orgY = await organisationOf(wardY);
      admin = await api.user(wardX, 'admin', 'Adam');
      adminX = admin.id;
      coordinatorX = await api.user(wardX, 'koordinator');
      coordinatorY = await api.user(wardY, 'koordinator');
      const list = await api.request(admin, 'GET', '/api/checklist-templates');
      const standard = list.body.templates.find((t: { key: string }) => t.key === 'fardtjanst');
      expect(standard).toMatchObject({ version: 1, organisationId: null });
      items = standard.items;
    });

    const publish = (user: TestUser, body: Record<string, unknown>) =>
      api.request(user, 'POST', '/api/checklist-templates', { key: 'fardtjanst', name: 'Färdtjänst', ...body });

    const applyTo = async (coordinator: TestUser) => {
      const thread = await openThread(coordinator, [], reserve(`MALL-${randomUUID().slice(0, 8)}`));
      const res = await api.request(coordinator, 'POST', `/api/threads/${thread.id}/checklists`, { templateKey: 'fardtjanst' });
      expect(res.status).toBe(201);
      const [row]: { template_id: string }[] = await api.dataSource.query('SELECT template_id FROM checklist WHERE id = $1', [res.body.id]);
      return { checklist: res.body, templateId: row.template_id };
    };

    it("an organisation's version is used by its own wards' threads only", async () => {
      const extra = {
        key: 'extra_x',
        label: 'Nyckel till bostaden ordnad',
        responsible: 'slutenvard',
        required: false,
        valueType: 'boolean',
      };
      const res = await publish(admin, { items: [...items, extra] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ key: 'fardtjanst', version: 2, organisationId: orgX, createdBy: { userId: adminX } });

      const inX = await applyTo(coordinatorX);
      expect(inX.checklist.templateVersion).toBe(2);
      expect(inX.templateId).toBe(res.body.id);
      expect(inX.checklist.items.map((i: { key: string }) => i.key)).toContain('extra_x');

      const inY = await applyTo(coordinatorY);
      expect(inY.checklist.templateVersion).toBe(1);
      expect(inY.templateId).not.toBe(res.body.id);
      const [standard]: { organisation_id: string | null }[] = await api.dataSource.query(
        'SELECT organisation_id FROM checklist_template WHERE id = $1',
        [inY.templateId],
      );
      expect(standard.organisation_id).toBeNull();

      const seenByY = await api.request(coordinatorY, 'GET', '/api/checklist-templates?all=true');
      expect(seenByY.body.templates.some((t: { organisationId: string | null }) => t.organisationId === orgX)).toBe(false);
    });

    it('a version dropping a required item is refused unless the removal is confirmed', async () => {
      const withoutFran = items.filter((i) => i.key !== 'fran');
      const refused = await publish(admin, { items: withoutFran });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('fran');
      expect(refused.body.message).toMatch(/obligatoriska/);
      const optional = await publish(admin, { items: items.map((i) => (i.key === 'till' ? { ...i, required: false } : i)) });
      expect(optional.status).toBe(409);
      expect(optional.body.message).toContain('till');

      const wrongConfirm = await publish(admin, { items: withoutFran, confirmRemovedRequired: ['till'] });
      expect(wrongConfirm.status).toBe(409);
      const confirmed = await publish(admin, { items: withoutFran, confirmRemovedRequired: ['fran'] });
      expect(confirmed.status).toBe(201);
      expect(confirmed.body).toMatchObject({ version: 3, organisationId: orgX });
      const [row]: { details: { removedRequired: string } }[] = await api.dataSource.query(
        `SELECT details FROM audit_log WHERE action = 'template.change' AND outcome = 'allowed' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
        [adminX],
      );
      expect(row.details.removedRequired).toBe('fran');
    });

    it('an admin cannot publish for another organisation, and a coordinator cannot publish at all', async () => {
      const before: { c: number }[] = await api.dataSource.query('SELECT count(*)::int AS c FROM checklist_template');
      const other = await publish(admin, { items, organisationId: orgY });
      expect(other.status).toBe(403);
      const [denied]: { outcome: string; details: { organisationId: string } }[] = await api.dataSource.query(
        `SELECT outcome, details FROM audit_log WHERE action = 'template.change' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
        [adminX],
      );
      expect(denied).toMatchObject({ outcome: 'denied', details: { organisationId: orgY } });

      const byCoordinator = await publish(coordinatorX, { items });
      expect(byCoordinator.status).toBe(403);
      const [routeDenied]: { details: { capability: string } }[] = await api.dataSource.query(
        `SELECT details FROM audit_log WHERE action = 'route.denied' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
        [coordinatorX.id],
      );
      expect(routeDenied.details.capability).toBe('template.admin');
      const after: { c: number }[] = await api.dataSource.query('SELECT count(*)::int AS c FROM checklist_template');
      expect(after[0].c).toBe(before[0].c);
    });
  });

  describe('membership administration', () => {
    let ward: string;
    let ward2: string;
    let sof: string;
    let admin: TestUser;
    let coordinator: TestUser;
    let nurse: TestUser;
    let officer: TestUser;
    let threadId: string;

    beforeAll(async () => {
      ward = await api.unit('slutenvard', 'Medicinavdelning 5');
      ward2 = await siblingUnit(ward, 'Medicinavdelning 6');
      sof = await api.unit('sof', 'SOF Norr');
      admin = await api.user(ward, 'admin', 'Per');
      coordinator = await api.user(ward, 'koordinator', 'Karin');
      nurse = await api.user(ward, 'sjukskoterska', 'Sara');
      officer = await api.user(sof, 'handlaggare', 'Maria');
      threadId = (await openThread(coordinator, [sof], reserve('MEDLEM-1'))).id;
    });

    const membershipOf = async (userId: string, unitId: string): Promise<string> =>
      (await api.dataSource.getRepository(Membership).findOneByOrFail({ userId, unitId })).id;

    it("lists only the own organisation's memberships", async () => {
      const res = await api.request(admin, 'GET', '/api/admin/memberships');
      expect(res.status).toBe(200);
      const units = new Set(res.body.memberships.map((m: { unitId: string }) => m.unitId));
      expect([...units].every((u) => u === ward || u === ward2)).toBe(true);
      const users = res.body.memberships.map((m: { userId: string }) => m.userId);
      expect(users).toEqual(expect.arrayContaining([admin.id, coordinator.id, nurse.id]));
      expect(users).not.toContain(officer.id);
      expect((await api.request(coordinator, 'GET', '/api/admin/memberships')).status).toBe(403);
    });

    it('adds a membership once; refuses unknown roles, foreign units and unknown users with Swedish reasons', async () => {
      const added = await api.request(admin, 'POST', '/api/admin/memberships', {
        userId: coordinator.id,
        unitId: ward2,
        role: 'sjukskoterska',
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ userId: coordinator.id, unitId: ward2, role: 'sjukskoterska', unitName: 'Medicinavdelning 6' });
      expect(added.body.membershipId).toEqual(expect.any(String));
      const twice = await api.request(admin, 'POST', '/api/admin/memberships', {
        userId: coordinator.id,
        unitId: ward2,
        role: 'sjukskoterska',
      });
      expect(twice.status).toBe(409);
      expect(twice.body.message).toMatch(/redan/);

      const role = await api.request(admin, 'POST', '/api/admin/memberships', { userId: coordinator.id, unitId: ward2, role: 'chef' });
      expect(role.status).toBe(400);
      expect(role.body.fields).toEqual([{ field: 'role', message: 'har ett värde som inte är tillåtet' }]);

      const foreign = await api.request(admin, 'POST', '/api/admin/memberships', { userId: nurse.id, unitId: sof, role: 'handlaggare' });
      expect(foreign.status).toBe(403);
      expect(foreign.body.message).toBe(
        'Enheten hör till en annan organisation. Bara den organisationens administratörer kan ge behörighet där.',
      );
      const nobody = await api.request(admin, 'POST', '/api/admin/memberships', {
        userId: randomUUID(),
        unitId: ward2,
        role: 'koordinator',
      });
      expect(nobody.status).toBe(404);
      expect(nobody.body.message).toBe('Användaren finns inte.');
      const rows: { c: number }[] = await api.dataSource.query(
        'SELECT count(*)::int AS c FROM membership WHERE unit_id = $1 AND user_id = $2',
        [sof, nurse.id],
      );
      expect(rows[0].c).toBe(0);
    });

    it("cannot remove another organisation's membership; a non-UUID id is a missing one", async () => {
      const foreign = await membershipOf(officer.id, sof);
      const res = await api.request(admin, 'DELETE', `/api/admin/memberships/${foreign}`);
      expect(res.status).toBe(404);
      expect(await api.dataSource.getRepository(Membership).existsBy({ id: foreign })).toBe(true);
      expect((await api.request(admin, 'DELETE', '/api/admin/memberships/inte-ett-id')).status).toBe(404);
      expect((await api.request(admin, 'DELETE', `/api/admin/memberships/${randomUUID()}`)).status).toBe(404);
      expect((await api.request(coordinator, 'DELETE', `/api/admin/memberships/${await membershipOf(nurse.id, ward)}`)).status).toBe(403);
    });

    it("removing a user's only membership takes their thread access away at once", async () => {
      expect((await api.request(nurse, 'GET', `/api/threads/${threadId}`)).status).toBe(200);
      const id = await membershipOf(nurse.id, ward);
      const removed = await api.request(admin, 'DELETE', `/api/admin/memberships/${id}`);
      expect(removed.status).toBe(204);
      const next = await api.request(nurse, 'GET', `/api/threads/${threadId}`);
      expect(next.status).toBe(404);
      expect((await api.request(nurse, 'GET', '/api/threads')).body.threads).toEqual([]);
      const [change]: { unit_id: string; details: { change: string; userId: string } }[] = await api.dataSource.query(
        `SELECT unit_id, details FROM audit_log WHERE action = 'directory.change' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
        [admin.id],
      );
      expect(change).toMatchObject({ unit_id: ward, details: { change: 'remove', userId: nurse.id, unitId: ward } });
    });
  });

  describe('directory file validation', () => {
    it('names an unknown role and a membership in a unit that does not exist, in Swedish', () => {
      const seed: SeedFile = {
        organisations: [
          { key: 'region', name: 'Region Gotland', kind: 'slutenvard', units: [{ key: 'med4', name: 'Medicinavdelning 4', hsaId: null }] },
        ],
        users: [
          {
            key: 'lena.berg',
            givenName: 'Lena',
            familyName: 'Berg',
            memberships: [
              { unit: 'med4', role: 'chef' },
              { unit: 'kir9', role: 'koordinator' },
            ],
          },
        ],
      };
      const problems = seedProblems(seed);
      expect(problems).toHaveLength(2);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/lena\.berg.*okänd roll "chef"/),
          expect.stringMatching(/lena\.berg.*enheten kir9, som inte finns/),
        ]),
      );
      expect(seedProblems({ ...seed, users: [{ ...seed.users[0], memberships: [{ unit: 'med4', role: 'logggranskare' }] }] })).toEqual([]);
    });
  });
});
