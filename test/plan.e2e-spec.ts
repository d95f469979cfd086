import { PlanService } from '@brygga/plan';
import { newThreadBody, TestApi, TestUser } from './support/harness';

/** "Min hemgång": derived from the thread, published by the ward or SOF, later changes marked "Nytt". */
describe('Min hemgång (plan)', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let hemsjukvard: string;
  let hemtjanst: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let nurse: TestUser;
  let carer: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    const otherWard = await api.unit('slutenvard', 'Kirurgavdelning 3');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    nurse = await api.user(hemsjukvard, 'sjukskoterska', 'Nora');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    outsider = await api.user(otherWard, 'koordinator', 'Olle');
  });
  afterAll(() => api.close());

  async function newThread(): Promise<string> {
    const res = await api.request(coordinator, 'POST', '/api/threads', {
      ...newThreadBody([sof, hemsjukvard, hemtjanst]),
      plannedDischargeDate: '2026-12-09',
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function setItem(threadId: string, user: TestUser, templateKey: string, key: string, value: unknown) {
    const overview = await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`);
    const checklist = overview.body.checklists.find((c: { templateKey: string }) => c.templateKey === templateKey);
    const item = checklist.items.find((i: { key: string }) => i.key === key);
    const res = await api.request(user, 'PATCH', `/api/threads/${threadId}/checklists/items/${item.id}`, {
      value,
      expectedVersion: item.version,
    });
    expect({ key, status: res.status, body: res.status === 200 ? null : res.body }).toEqual({ key, status: 200, body: null });
  }

  const entry = (plan: { sections: { key: string; entries: { key: string }[] }[] }, section: string, key: string) =>
    plan.sections.find((s) => s.key === section)!.entries.find((e) => e.key === key) as
      { key: string; label: string; text: string; done?: boolean; nytt: string | null } | undefined;

  const count = async (table: string, threadId: string): Promise<number> =>
    (await api.dataSource.query(`SELECT count(*)::int AS c FROM ${table} WHERE thread_id = $1`, [threadId]))[0].c;

  it('derives the page from the thread, and shows no triage, internal notes or staff names beyond the contacts', async () => {
    const threadId = await newThread();
    await api.request(coordinator, 'PUT', `/api/threads/${threadId}/facts/avdelningens_telefon`, {
      value: { telefon: '0498-26 80 00' },
      expectedVersion: 0,
    });
    await api.request(officer, 'PUT', `/api/threads/${threadId}/facts/ansvarig_handlaggare`, {
      value: { namn: 'Maria Handläggare', telefon: '0498-26 90 00' },
      expectedVersion: 0,
    });
    await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Internt: patienten är orolig, ring dottern',
      idempotencyKey: 'note',
    });
    for (const key of ['fardtjanst', 'lakemedelslista', 'hjalpmedel'])
      expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey: key })).status).toBe(201);
    await setItem(threadId, coordinator, 'fardtjanst', 'transportsatt', 'Färdtjänst');
    await setItem(threadId, coordinator, 'fardtjanst', 'upphamtning', '2026-12-09T09:00:00.000Z');
    await setItem(threadId, carer, 'fardtjanst', 'mottagande', 'Hemtjänsten');
    await setItem(threadId, coordinator, 'hjalpmedel', 'rollator_behov', 'Behövs');
    await setItem(threadId, coordinator, 'lakemedelslista', 'lista_upprattad', true);
    await setItem(threadId, nurse, 'lakemedelslista', 'hantering', 'Dosett');
    const decision = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'hemgangsbeslut',
      payload: { beviljadeTimmar: 10, per: 'vecka', giltigtFran: '2026-12-09', insatser: ['Dusch', 'Inköp'] },
      idempotencyKey: 'beslut',
    });
    expect(decision.status).toBe(201);
    const ready = await api.request(carer, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: '2026-12-09T08:00:00.000Z' });
    expect(ready.status).toBe(201);

    const res = await api.request(nurse, 'GET', `/api/threads/${threadId}/plan`);
    expect(res.status).toBe(200);
    const plan = res.body.plan;
    expect(res.body.canPublish).toBe(false);
    expect(plan.published).toBeNull();
    expect(entry(plan, 'hemgang', 'datum')!.text).toBe('onsdag 9 december 2026');
    expect(entry(plan, 'hemgang', 'hamtas')!.text).toBe('onsdag 9 december 2026 kl. 10:00');
    expect(entry(plan, 'resa', 'transport')!.text).toBe('Färdtjänst');
    expect(entry(plan, 'mottagande', 'mottagande')!.text).toBe('Hemtjänsten');
    expect(entry(plan, 'mottagande', `redo:${hemtjanst}`)).toMatchObject({ text: expect.stringContaining('kl. 09:00'), done: true });
    expect(entry(plan, 'mottagande', `redo:${hemsjukvard}`)).toMatchObject({ done: false });
    expect(entry(plan, 'ordnat', 'rollator')).toMatchObject({ done: false, text: 'Inte levererad ännu' });
    expect(entry(plan, 'ordnat', 'lakemedelslista')).toMatchObject({ done: true });
    expect(entry(plan, 'ordnat', 'dosett')).toMatchObject({ done: false });
    expect(entry(plan, 'hjalp', 'beslut')!.text).toBe('10 timmar i veckan från onsdag 9 december 2026');
    expect(entry(plan, 'hjalp', 'insatser')!.text).toBe('Dusch, Inköp');
    expect(entry(plan, 'kontakter', 'avdelningen')).toMatchObject({ label: 'Avdelningen: Medicinavdelning 4', text: '0498-26 80 00' });
    expect(entry(plan, 'kontakter', 'handlaggare')!.text).toBe('Maria Handläggare, 0498-26 90 00');
    expect(entry(plan, 'kontakter', 'fast_vardkontakt')!.text).toBe('Inte angiven ännu');
    const page = JSON.stringify(plan);
    for (const hidden of ['gul', 'triage', 'Internt', 'Karin', 'Nora', 'Eva', 'betalningsansvar', 'Betalningsansvar', '19000612'])
      expect({ hidden, shown: page.includes(hidden) }).toEqual({ hidden, shown: false });
    // The read is in the access log with the thread's patient.
    const [logged] = await api.dataSource.query(
      `SELECT count(*)::int AS c FROM audit_log WHERE action = 'plan.read' AND thread_id = $1 AND patient_id IS NOT NULL AND outcome = 'allowed'`,
      [threadId],
    );
    expect(logged.c).toBe(1);
  });

  it('is published by the ward or SOF with who and when; hemtjänst and hemsjukvård are refused and nothing is written', async () => {
    const threadId = await newThread();
    for (const who of [carer, nurse]) {
      const messagesBefore = await count('message', threadId);
      const refused = await api.request(who, 'POST', `/api/threads/${threadId}/plan/publish`, {});
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/publiceras av vårdavdelningen eller socialtjänsten/);
      expect(await count('plan_version', threadId)).toBe(0);
      expect(await count('message', threadId)).toBe(messagesBefore);
    }
    const denied = await api.dataSource.query(
      `SELECT count(*)::int AS c FROM audit_log WHERE action = 'plan.publish' AND outcome = 'denied' AND thread_id = $1`,
      [threadId],
    );
    expect(denied[0].c).toBe(2);
    // Someone who may not see the thread learns nothing: 404, as for a thread that does not exist.
    expect((await api.request(outsider, 'POST', `/api/threads/${threadId}/plan/publish`, {})).status).toBe(404);
    expect((await api.request(outsider, 'GET', `/api/threads/${threadId}/plan`)).status).toBe(404);
    // Bad input: a clear Swedish 400, nothing written.
    const bad = await api.request(coordinator, 'POST', `/api/threads/${threadId}/plan/publish`, { unitId: 'inte-ett-id', extra: 1 });
    expect(bad.status).toBe(400);
    expect(await count('plan_version', threadId)).toBe(0);

    const first = await api.request(coordinator, 'POST', `/api/threads/${threadId}/plan/publish`, {});
    expect(first.status).toBe(201);
    expect(first.body.publication).toMatchObject({ version: 1, unitName: 'Medicinavdelning 4', byName: expect.stringContaining('Karin') });
    expect(first.body.plan.published).toEqual({
      version: 1,
      publishedAt: first.body.publication.publishedAt,
      unitName: 'Medicinavdelning 4',
    });
    expect(JSON.stringify(first.body.plan)).not.toContain('Karin');
    const second = await api.request(officer, 'POST', `/api/threads/${threadId}/plan/publish`, {});
    expect(second.status).toBe(201);
    expect(second.body.publication).toMatchObject({ version: 2, unitName: 'SOF mottagningsteam' });
    const timeline = await api.request(nurse, 'GET', `/api/threads/${threadId}/messages?after=0`);
    expect(timeline.body.messages.filter((m: { kind: string }) => m.kind === 'plan_publicerad')).toHaveLength(2);
    // Append-only: a published version cannot be changed, even by a direct statement.
    await expect(api.dataSource.query('UPDATE plan_version SET version = 9 WHERE thread_id = $1', [threadId])).rejects.toThrow(
      /append-only|permission denied/,
    );
  });

  it('marks later changes "Nytt" with their date until the next publication', async () => {
    const threadId = await newThread();
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey: 'fardtjanst' })).status).toBe(201);
    await setItem(threadId, coordinator, 'fardtjanst', 'upphamtning', '2026-12-09T09:00:00.000Z');
    const published = await api.request(coordinator, 'POST', `/api/threads/${threadId}/plan/publish`, {});
    expect(published.status).toBe(201);
    expect(published.body.plan.changedSincePublish).toBe(false);
    expect(entry(published.body.plan, 'hemgang', 'hamtas')!.nytt).toBeNull();

    // The pick-up moves an hour, the planned date moves a day, the ward's phone appears.
    await setItem(threadId, coordinator, 'fardtjanst', 'upphamtning', '2026-12-10T10:00:00.000Z');
    const planned = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'planerad_utskrivning',
      payload: { planeradUtskrivning: '2026-12-10' },
      idempotencyKey: 'ny-dag',
    });
    expect(planned.status).toBe(201);
    await api.request(coordinator, 'PUT', `/api/threads/${threadId}/facts/avdelningens_telefon`, {
      value: { telefon: '0498-26 80 00' },
      expectedVersion: 0,
    });
    const after = (await api.request(officer, 'GET', `/api/threads/${threadId}/plan`)).body.plan;
    expect(after.changedSincePublish).toBe(true);
    const pickup = entry(after, 'hemgang', 'hamtas')!;
    expect(pickup.text).toBe('torsdag 10 december 2026 kl. 11:00');
    expect(pickup.nytt! > published.body.publication.publishedAt).toBe(true);
    expect(entry(after, 'hemgang', 'datum')).toMatchObject({ text: 'torsdag 10 december 2026', nytt: planned.body.createdAt });
    expect(entry(after, 'kontakter', 'avdelningen')!.nytt).not.toBeNull();
    // Unchanged lines are not marked.
    expect(entry(after, 'kontakter', 'handlaggare')!.nytt).toBeNull();

    // The patient-facing view (for the citizen routes) shows the same, and only published plans.
    const service = api.app.get(PlanService);
    const [patientId] = [after.patientId];
    const mine = await service.publishedPlansForPatient(patientId);
    expect(mine.map((p) => p.threadId)).toContain(threadId);
    expect(mine.find((p) => p.threadId === threadId)!.sections).toEqual(after.sections);
    const unpublished = await newThread();
    expect((await service.publishedPlansForPatient(patientId)).map((p) => p.threadId)).not.toContain(unpublished);
    expect((await service.planView(unpublished)).published).toBeNull();
    await expect(service.planView('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.planView('inte-ett-id')).rejects.toMatchObject({ code: 'not_found' });

    // The next publication clears the marks.
    const again = await api.request(officer, 'POST', `/api/threads/${threadId}/plan/publish`, {});
    expect(again.body.plan.changedSincePublish).toBe(false);
    expect(again.body.plan.sections.flatMap((s: { entries: { nytt: string | null }[] }) => s.entries.map((e) => e.nytt))).toEqual(
      expect.not.arrayContaining([expect.any(String)]),
    );
  });
});

describe('the demo plan', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ BRYGGA_SEED_DEMO: '1' });
  });
  afterAll(() => api.close());

  it('publishes Min hemgång for one demo patient, filled in by the demo users, once', async () => {
    const [thread] = await api.dataSource.query(`SELECT id, patient_id FROM thread WHERE idempotency_key = 'demo:aterinskriven'`);
    const plans = await api.app.get(PlanService).publishedPlansForPatient(thread.patient_id);
    expect(plans.map((p) => p.threadId)).toEqual([thread.id]);
    const plan = plans[0];
    expect(plan.published).toMatchObject({ version: 1, unitName: 'Medicinavdelning 4, Visby lasarett' });
    const texts = plan.sections.flatMap((s) => s.entries.map((e) => `${e.label}: ${e.text}`));
    expect(texts).toEqual(
      expect.arrayContaining([
        'Resa hem: Färdtjänst',
        'Rollator: Inte levererad ännu',
        'Du får hjälp med: Hjälp med dusch, Inköp, Tillsyn på kvällen',
        'Ansvarig handläggare: Maria Nilsson, 0498-26 90 00',
        'Avdelningen: Medicinavdelning 4, Visby lasarett: 0498-26 80 00',
      ]),
    );
    expect(texts.find((t) => t.startsWith('Hemtjänst Norr: '))).toMatch(/^Hemtjänst Norr: Redo att ta emot dig från .* kl\. 09:00$/);
    expect(plan.changedSincePublish).toBe(false);
    // A second node on the same database publishes nothing more.
    const second = await TestApi.start({ BRYGGA_SEED_DEMO: '1' }, api);
    await second.close();
    const [{ n }] = await api.dataSource.query('SELECT count(*)::int AS n FROM plan_version');
    expect(n).toBe(1);
  });
});
