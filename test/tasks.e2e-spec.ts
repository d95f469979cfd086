import { randomUUID } from 'node:crypto';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

interface Task {
  kind: string;
  threadId: string;
  unitId: string;
  unitName: string;
  refId: string;
  checklistId: string | null;
  text: string;
  dueAt: string | null;
  patient: { name: string | null; identityNumber: string };
}

const inDays = (days: number, hour = 10): string => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour - 1, 0, 0, 0);
  return d.toISOString();
};

/** Mina uppgifter (GET /api/tasks): what a unit owes across its threads, from each table's owner, paged. */
describe('Mina uppgifter', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let hemtjanst: string;
  let hemsjukvard: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let carer: TestUser;
  let nurse: TestUser;
  let outsider: TestUser;
  let threadId: string;

  const post = (user: TestUser, thread: string, kind: string, payload: Record<string, unknown>) =>
    api.request(user, 'POST', `/api/threads/${thread}/messages`, { kind, payload, idempotencyKey: randomUUID() });
  const tasksOf = async (user: TestUser, query = ''): Promise<{ tasks: Task[]; nextCursor: string | null }> => {
    const res = await api.request(user, 'GET', `/api/tasks${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const inThread = (tasks: Task[], thread = threadId) => tasks.filter((t) => t.threadId === thread);

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården');
    const other = await api.unit('hemtjanst', 'Hemtjänst Söder');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    nurse = await api.user(hemsjukvard, 'sjukskoterska', 'Anna');
    outsider = await api.user(other, 'utforare', 'Olle');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst, hemsjukvard]))).body.id;
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey: 'fardtjanst' })).status).toBe(201);
    expect(
      (await post(coordinator, threadId, 'inskrivningsmeddelande', { inskrivenAt: inDays(-1), bedomtBehov: 'Hemtjänst morgon och kväll' }))
        .status,
    ).toBe(201);
    expect(
      (await post(coordinator, threadId, 'sip_kallelse', { motesTid: inDays(3), plats: 'Avdelningen', inbjudnaEnheter: [sof, hemtjanst] }))
        .status,
    ).toBe(201);
  }, 120_000);
  afterAll(() => api.close());

  it("lists hemtjänst's own item, readiness, the SIP answer and the kvittens it owes, nothing of others'", async () => {
    const mine = inThread((await tasksOf(carer)).tasks);
    expect(mine.map((t) => t.kind).sort()).toEqual(['kvittens', 'punkt', 'redo', 'sip_svar']);
    expect(mine.every((t) => t.unitId === hemtjanst && t.unitName === 'Hemtjänst Norr')).toBe(true);
    const item = mine.find((t) => t.kind === 'punkt')!;
    expect(item.text).toBe('Resa hem: Vem som tar emot patienten hemma är inte bestämt');
    expect(item.checklistId).toEqual(expect.any(String));
    expect(mine.find((t) => t.kind === 'redo')!.text).toContain('Er bekräftelse saknas');
    expect(mine.find((t) => t.kind === 'kvittens')!.text).toBe('Kvittera inskrivningsmeddelandet');
    expect(mine[0].patient).toMatchObject({ name: 'Tekla Testsson' });
    // Hemsjukvården is not summoned to the SIP and owns no item of this checklist.
    expect(
      inThread((await tasksOf(nurse)).tasks)
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['kvittens', 'redo']);
    // SOF: summoned and asked to acknowledge; no readiness to give.
    expect(
      inThread((await tasksOf(officer)).tasks)
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['kvittens', 'sip_svar']);
    // The ward: its own required items of the checklist (transport), nothing to acknowledge.
    const wards = inThread((await tasksOf(coordinator)).tasks);
    expect(wards.length).toBeGreaterThan(0);
    expect(wards.every((t) => t.kind === 'punkt')).toBe(true);
    // A unit outside the thread sees none of it.
    expect(inThread((await tasksOf(outsider)).tasks)).toEqual([]);
  });

  it('pages by cursor: one at a time gives the same list, in the same order; a bad cursor is a Swedish 400', async () => {
    const whole = (await tasksOf(carer)).tasks;
    const paged: Task[] = [];
    let cursor: string | null = null;
    do {
      const page: { tasks: Task[]; nextCursor: string | null } = await tasksOf(carer, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.tasks.length).toBeLessThanOrEqual(1);
      paged.push(...page.tasks);
      cursor = page.nextCursor;
    } while (cursor && paged.length < 50);
    expect(paged.map((t) => `${t.kind}:${t.refId}`)).toEqual(whole.map((t) => `${t.kind}:${t.refId}`));
    const before = (await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'task.list'`))[0].n;
    for (const bad of ['x', 'bm90LWpzb24', `${'a'.repeat(700)}`]) {
      const res = await api.request(carer, 'GET', `/api/tasks?cursor=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/fortsättning/);
    }
    expect((await api.request(carer, 'GET', '/api/tasks?limit=0')).status).toBe(400);
    expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'task.list'`))[0].n).toBe(before);
  });

  it("logs one access-log row per list, covering each thread shown, and each patient's extract lists the read", async () => {
    // A second thread with a task for hemtjänst (a kvittens), for another patient: the list shows two threads or more.
    const second = await api.request(
      coordinator,
      'POST',
      '/api/threads',
      newThreadBody([hemtjanst], { personnummer: '19070401-9801', givenName: 'Tillfällig' }),
    );
    expect(second.status).toBe(201);
    expect(
      (await post(coordinator, second.body.id, 'inskrivningsmeddelande', { inskrivenAt: inDays(-1), bedomtBehov: 'Tillsyn' })).status,
    ).toBe(201);
    const reviewer = await api.user(ward, 'logggranskare', 'Lena');
    const patients = ['190006129803', '190704019801'];
    // The patient's extract, as a log reviewer takes it out for a complaint: the carer's lines of Mina uppgifter.
    const extractLines = async (number: string) => {
      const csv = await api.request(reviewer, 'POST', '/api/audit/extract', { identityNumber: number, format: 'csv' });
      expect(csv.status).toBe(200);
      return String(csv.body)
        .split('\r\n')
        .filter((l) => l.includes('"Läste Mina uppgifter"') && l.includes(carer.name));
    };
    const extractsBefore = await Promise.all(patients.map(extractLines));
    const count = async () =>
      (await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'task.list' AND user_id = $1`, [carer.id]))[0].n;
    const before = await count();
    const { tasks } = await tasksOf(carer);
    const shown = new Set(tasks.map((t) => t.threadId));
    expect(shown.has(threadId) && shown.has(second.body.id)).toBe(true);
    expect((await count()) - before).toBe(1);
    const [row]: { details: { covers: { t: string; p: string | null; unit: string }[] } }[] = await api.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'task.list' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
      [carer.id],
    );
    expect(new Set(row.details.covers.map((c) => c.t))).toEqual(shown);
    expect(row.details.covers.every((c) => c.p && c.unit === hemtjanst)).toBe(true);
    // Each patient's extract lists the read once more, from Hemtjänst Norr.
    for (const [i, number] of patients.entries()) {
      const lines = await extractLines(number);
      expect({ number, more: lines.length - extractsBefore[i].length }).toEqual({ number, more: 1 });
      expect(lines.every((l) => l.includes('"Hemtjänst Norr"'))).toBe(true);
    }
    const verified = await api.request(reviewer, 'GET', '/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('each task leaves the list when it is done', async () => {
    const mine = inThread((await tasksOf(carer)).tasks);
    const item = mine.find((t) => t.kind === 'punkt')!;
    const [current] = await api.dataSource.query('SELECT version FROM checklist_item WHERE id = $1', [item.refId]);
    const changed = await api.request(carer, 'PATCH', `/api/threads/${threadId}/checklists/items/${item.refId}`, {
      state: 'klar',
      value: 'Hemtjänsten',
      expectedVersion: current.version,
    });
    expect(changed.status).toBe(200);
    // The inbox card's own line: hemtjänst's confirmation, in the list and in the thread fetched alone (a live update).
    const inbox = async (user: TestUser) =>
      ((await api.request(user, 'GET', '/api/threads')).body.threads as { id: string; minBekraftelse?: string }[]).find(
        (t) => t.id === threadId,
      );
    expect((await inbox(carer))?.minBekraftelse).toBe('saknas');
    expect((await inbox(coordinator))?.minBekraftelse).toBeUndefined();
    expect((await api.request(carer, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: inDays(2) })).status).toBe(201);
    expect((await inbox(carer))?.minBekraftelse).toBe('redo');
    expect((await api.request(carer, 'GET', `/api/threads/${threadId}`)).body.minBekraftelse).toBe('redo');
    const summons = mine.find((t) => t.kind === 'sip_svar')!;
    expect((await post(carer, threadId, 'sip_svar', { kallelseId: summons.refId, svar: 'accepterar' })).status).toBe(201);
    const notice = mine.find((t) => t.kind === 'kvittens')!;
    expect((await post(carer, threadId, 'kvittens', { meddelandeId: notice.refId })).status).toBe(201);
    expect(inThread((await tasksOf(carer)).tasks)).toEqual([]);
    // The others' tasks are untouched.
    expect(inThread((await tasksOf(nurse)).tasks).length).toBe(2);
  });

  it('an open avvikelse routed to the unit is a task until answered; a makulerat thread owes nothing', async () => {
    const other = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst, hemsjukvard]))).body.id as string;
    expect((await post(coordinator, other, 'inskrivningsmeddelande', { inskrivenAt: inDays(-3), bedomtBehov: 'Hemtjänst' })).status).toBe(
      201,
    );
    const discharge = { utskrivenAt: inDays(-0.05), bekraftaTrotsKonflikter: true, orsak: 'Testfall: uppgifter.' };
    expect((await post(coordinator, other, 'utskrivningsmeddelande', discharge)).status).toBe(201);
    const deviation = await post(nurse, other, 'avvikelse', {
      kategori: 'insats_uteblev',
      beskrivning: 'Morgonbesöket uteblev.',
      ansvarigEnhet: hemtjanst,
    });
    expect(deviation.status).toBe(201);
    const open = inThread((await tasksOf(carer)).tasks, other);
    // Discharged: no readiness any more; the avvikelse, and the two notices not acknowledged.
    expect(open.map((t) => t.kind).sort()).toEqual(['avvikelse', 'kvittens', 'kvittens']);
    expect(open.find((t) => t.kind === 'avvikelse')!.text).toContain('en insats uteblev');
    expect(
      (await post(carer, other, 'avvikelse_svar', { avvikelseId: deviation.body.id, svar: 'Besöket flyttat till eftermiddagen.' })).status,
    ).toBe(201);
    expect(inThread((await tasksOf(carer)).tasks, other).map((t) => t.kind)).toEqual(['kvittens', 'kvittens']);
    expect((await api.request(coordinator, 'POST', `/api/threads/${other}/cancel`, { orsak: 'Fel patient' })).status).toBe(200);
    expect(inThread((await tasksOf(carer)).tasks, other)).toEqual([]);
  });
});
