import { newThreadBody, TestApi, TestUser } from './support/harness';

/**
 * Issue 24, item 1: the discharge checks the plan. Every utskrivningsmeddelande is compared with
 * the receiving units' readiness, the pick-up, the open required items and an active avbrott; what
 * does not fit answers 409 with a Swedish list unless the ward confirms with a reason, and then the
 * conflicts and the reason are part of the message for every participant and in the statistics.
 * Times are fixed in December 2027 (Stockholm winter time, +01:00), so the expected wording is exact.
 */
describe('the discharge checks the plan', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let hemsjukvard: string;
  let hemtjanst: string;
  let coordinator: TestUser;
  let nurse: TestUser;
  let carer: TestUser;
  let reviewer: TestUser;
  let templateKey: string;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    nurse = await api.user(hemsjukvard, 'sjukskoterska', 'Nora');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    reviewer = await api.user(ward, 'logggranskare', 'Rut');
    const admin = await api.user(ward, 'admin', 'Adam');
    // One required item for hemsjukvården and the pick-up (a time from which the patient can leave).
    const template = await api.request(admin, 'POST', '/api/checklist-templates', {
      key: 'e2e_utskrivning',
      name: 'Hemgång',
      items: [
        { key: 'lista', label: 'Läkemedelslista granskad', responsible: 'hemsjukvard', required: true, valueType: 'boolean' },
        { key: 'upphamtning', label: 'Upphämtning', responsible: 'slutenvard', required: true, valueType: 'datetime', readyFrom: true },
      ],
    });
    expect(template.status).toBe(201);
    templateKey = template.body.key;
  });
  afterAll(() => api.close());

  const post = (threadId: string, kind: string, payload: Record<string, unknown>, user = coordinator) =>
    api.request(user, 'POST', `/api/threads/${threadId}/messages`, { kind, payload, idempotencyKey: `${kind}-${Math.random()}` });

  async function plannedThread(): Promise<{ threadId: string; items: Map<string, { id: string; version: number }> }> {
    const created = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemsjukvard, hemtjanst]));
    expect(created.status).toBe(201);
    const threadId = created.body.id as string;
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey })).status).toBe(201);
    const overview = await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`);
    const items = new Map<string, { id: string; version: number }>();
    for (const i of overview.body.checklists[0].items) items.set(i.key, { id: i.id, version: i.version });
    return { threadId, items };
  }

  async function setItem(
    threadId: string,
    items: Map<string, { id: string; version: number }>,
    key: string,
    value: unknown,
    user = coordinator,
  ) {
    const item = items.get(key)!;
    const res = await api.request(user, 'PATCH', `/api/threads/${threadId}/checklists/items/${item.id}`, {
      state: 'klar',
      value,
      expectedVersion: item.version,
    });
    expect(res.status).toBe(200);
    item.version = res.body.item.version;
  }

  const ready = async (threadId: string, user: TestUser, redoFran: string) =>
    expect((await api.request(user, 'POST', `/api/threads/${threadId}/readiness`, { redoFran })).status).toBe(201);

  const messageCount = async (threadId: string) =>
    (await api.dataSource.query('SELECT count(*)::int AS n FROM message WHERE thread_id = $1', [threadId]))[0].n as number;

  const check = (threadId: string, at: string, user = coordinator) =>
    api.request(user, 'GET', `/api/threads/${threadId}/discharge-check?at=${encodeURIComponent(at)}`);

  let against: string;

  it('lists every conflict (avbrott, a unit not ready, a unit ready later, the pick-up later, an open item) and refuses with 409', async () => {
    const { threadId, items } = await plannedThread();
    against = threadId;
    await ready(threadId, carer, '2027-12-09T09:00:00+01:00');
    await setItem(threadId, items, 'upphamtning', '2027-12-09T10:00:00+01:00');
    expect((await post(threadId, 'utskrivningsklar', { utskrivningsklarAt: '2027-12-05T10:00:00+01:00' })).status).toBe(201);
    expect((await post(threadId, 'avbrott', { avbrottAt: '2027-12-06T08:00:00+01:00', orsak: 'Feber.' })).status).toBe(201);

    const expected = [
      { kind: 'avbrott', message: 'Ett avbrott pågår sedan 6 dec 08:00: patienten är inte utskrivningsklar.' },
      { kind: 'enhet_ej_redo', message: 'Hemsjukvården Visby har inte bekräftat att de är redo att ta emot patienten.' },
      { kind: 'enhet_redo_senare', message: 'Hemtjänst Norr är redo först 9 dec 09:00.' },
      { kind: 'upphamtning_senare', message: 'Upphämtningen är bokad först 9 dec 10:00.' },
      { kind: 'punkt_ej_klar', message: expect.stringMatching(/^Hemgång: .*Läkemedelslista granskad.*hemsjukvården ansvarar/) },
    ];
    // The composer's preview: any participant may look; nothing is written but the access-log row.
    const before = await messageCount(threadId);
    const preview = await check(threadId, '2027-12-06T15:08:00+01:00', carer);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ threadId, at: '2027-12-06T14:08:00.000Z', conflicts: expected });

    const refused = await post(threadId, 'utskrivningsmeddelande', { utskrivenAt: '2027-12-06T15:08:00+01:00' });
    expect(refused.status).toBe(409);
    expect(refused.body.conflicts).toEqual(expected.map((c) => c.message));
    expect(refused.body.message).toContain('Hemtjänst Norr är redo först 9 dec 09:00.');
    expect(refused.body.message).toMatch(/^Utskrivningen stämmer inte med planen: /);
    expect(await messageCount(threadId)).toBe(before);
    const [thread] = await api.dataSource.query('SELECT status, discharged_at FROM thread WHERE id = $1', [threadId]);
    expect(thread).toEqual({ status: 'avbrott', discharged_at: null });
  });

  it('refuses a confirmation without a reason (400), and writes nothing', async () => {
    const before = await messageCount(against);
    const res = await post(against, 'utskrivningsmeddelande', { utskrivenAt: '2027-12-06T15:08:00+01:00', bekraftaTrotsKonflikter: true });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('payload.orsak');
    expect(res.body.message).toContain('krävs när utskrivningen bekräftas trots att planen inte stämmer');
    const blank = await post(against, 'utskrivningsmeddelande', {
      utskrivenAt: '2027-12-06T15:08:00+01:00',
      bekraftaTrotsKonflikter: true,
      orsak: '   ',
    });
    expect(blank.status).toBe(400);
    // Conflicts are Brygga's to record: a client cannot send them.
    const forged = await post(against, 'utskrivningsmeddelande', { utskrivenAt: '2027-12-06T15:08:00+01:00', konflikter: [] });
    expect(forged.status).toBe(400);
    expect(await messageCount(against)).toBe(before);
  });

  it('takes a confirmed discharge with its reason and the conflicts in the message, for every participant', async () => {
    const res = await post(against, 'utskrivningsmeddelande', {
      utskrivenAt: '2027-12-06T15:08:00+01:00',
      bekraftaTrotsKonflikter: true,
      orsak: 'Patienten vill hem; närstående finns hemma till hemtjänsten kommer.',
    });
    expect(res.status).toBe(201);
    expect(res.body.payload).toMatchObject({
      bekraftaTrotsKonflikter: true,
      orsak: 'Patienten vill hem; närstående finns hemma till hemtjänsten kommer.',
      konfliktStatus: 'bekraftad',
      konflikter: expect.arrayContaining(['Hemtjänst Norr är redo först 9 dec 09:00.']),
    });
    expect(res.body.payload.konflikter).toHaveLength(5);
    for (const reader of [carer, nurse]) {
      const timeline = await api.request(reader, 'GET', `/api/threads/${against}/messages`);
      const discharge = timeline.body.messages.find((m: { kind: string }) => m.kind === 'utskrivningsmeddelande');
      expect(discharge.payload).toMatchObject({ konfliktStatus: 'bekraftad', konflikter: res.body.payload.konflikter });
    }
    const thread = await api.request(carer, 'GET', `/api/threads/${against}`);
    expect(thread.body.status).toBe('utskriven');
    expect(thread.body.hemgang).toEqual({
      state: 'utskriven',
      fran: '2027-12-06T14:08:00.000Z',
      saknas: [],
      kontrollera: [],
      utskrivenForeHemgangsklar: true,
    });
  });

  it('accepts a discharge that fits the plan without asking, and records no conflict', async () => {
    const { threadId, items } = await plannedThread();
    await ready(threadId, carer, '2027-12-09T09:00:00+01:00');
    await ready(threadId, nurse, '2027-12-09T08:00:00+01:00');
    await setItem(threadId, items, 'lista', true, nurse);
    await setItem(threadId, items, 'upphamtning', '2027-12-09T10:00:00+01:00');
    // Before the pick-up and Hemtjänst Norr's time: those two, nothing else.
    const early = await post(threadId, 'utskrivningsmeddelande', { utskrivenAt: '2027-12-09T08:30:00+01:00' });
    expect(early.status).toBe(409);
    expect(early.body.conflicts).toEqual(['Hemtjänst Norr är redo först 9 dec 09:00.', 'Upphämtningen är bokad först 9 dec 10:00.']);
    expect((await check(threadId, '2027-12-09T10:30:00+01:00')).body.conflicts).toEqual([]);
    const res = await post(threadId, 'utskrivningsmeddelande', { utskrivenAt: '2027-12-09T10:30:00+01:00' });
    expect(res.status).toBe(201);
    expect(res.body.payload).toEqual({ utskrivenAt: '2027-12-09T10:30:00+01:00' });
    expect((await api.request(coordinator, 'GET', `/api/threads/${threadId}`)).body.hemgang).toEqual({
      state: 'utskriven',
      fran: '2027-12-09T09:30:00.000Z',
      saknas: [],
      kontrollera: [],
    });
  });

  it('refuses a bad time in the preview, and hides a thread from a non-participant', async () => {
    const bad = await api.request(coordinator, 'GET', `/api/threads/${against}/discharge-check?at=imorgon`);
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('at');
    const outsider = await api.user(await api.unit('hemtjanst', 'Hemtjänst Söder'), 'utforare');
    expect((await check(against, '2027-12-06T15:08:00+01:00', outsider)).status).toBe(404);
  });

  it('counts "utskriven före hemgångsklar" in the statistics, behind the small-cell rule', async () => {
    // Two discharges today (one before hemgångsklar): too few to show. The figure's own count is
    // tested on a fixture of enough threads in test/service/statistics; here, what HTTP serves.
    const today = new Date().toISOString().slice(0, 10);
    const res = await api.request(reviewer, 'GET', `/api/statistics?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    const figures = res.body.units.find((u: { unitId: string }) => u.unitId === ward).figures;
    expect(figures.discharged).toBeNull();
    expect(figures.dischargedBeforeReady).toMatchObject({ count: null, share: null });
    expect(figures.dischargedBeforeReadyUnconfirmed).toBe(0);
    const csv = await api.request(reviewer, 'GET', `/api/statistics/export?from=${today}&to=${today}`);
    const [header, line] = (csv.body as string).replace(/^\ufeff/, '').split('\r\n');
    const column = header.split(';').indexOf('Utskrivna före hemgångsklar');
    expect(column).toBeGreaterThan(-1);
    expect(line.split(';')[column]).toBe('..');
  });
});
