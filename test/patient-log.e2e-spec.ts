import { AUDIT_ROWS } from '@brygga/audit';
import { Membership } from '@brygga/directory';
import { newThreadBody, TestApi, TEST_PERSONNUMMER, type TestUser } from './support/harness';

/**
 * The patient's log is complete (issue 28): searches and extracts by personnummer are in the
 * patient's extract (also when nothing was found, without saying whether the person exists), a
 * refused attempt on a thread names the thread's patient in the log but never in the answer, and
 * every row carries the unit and organisation the actor acted from. And no identity oracle: the
 * name check and the protection flag tell nobody more than they already know.
 */
describe("the patient's log", () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let otherOrgUnit: string;
  let coordinator: TestUser;
  let reviewer: TestUser;
  let secondReviewer: TestUser;
  let outsider: TestUser;
  let outsiderReviewer: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard');
    sof = await api.unit('sof');
    otherOrgUnit = await api.unit('hemtjanst');
    coordinator = await api.user(ward, 'koordinator');
    reviewer = await api.user(ward, 'logggranskare');
    secondReviewer = await api.user(ward, 'logggranskare');
    outsider = await api.user(otherOrgUnit, 'utforare');
    outsiderReviewer = await api.user(otherOrgUnit, 'logggranskare');
  });
  afterAll(() => api.close());

  type Row = { action: string; outcome: string; userId: string; patient: unknown; patientId: string | null; threadId: string | null };
  const extract = async (who: TestUser, identityNumber: string): Promise<string[]> => {
    const res = await api.request(who, 'POST', '/api/audit/extract', { identityNumber, format: 'csv' });
    expect(res.status).toBe(200);
    return (res.body as string).split('\r\n').slice(1, -1);
  };
  const search = async (who: TestUser, body: Record<string, unknown>): Promise<{ status: number; entries: Row[] }> => {
    const res = await api.request(who, 'POST', '/api/audit/search', body);
    return { status: res.status, entries: res.body.entries };
  };

  it('puts a search and an extract by personnummer in that patient’s extract, found or not, and answers alike either way', async () => {
    const [registered, unknown] = [TEST_PERSONNUMMER[0], TEST_PERSONNUMMER[3]];
    await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof], { personnummer: registered }));
    // The outsider's reviewer: one number belongs to a patient of another organisation, one to nobody.
    const asked = await search(outsiderReviewer, { identityNumber: registered });
    const askedNobody = await search(outsiderReviewer, { identityNumber: unknown });
    expect(asked).toEqual({ status: 200, entries: [] });
    expect(askedNobody).toEqual(asked);
    await extract(outsiderReviewer, unknown);
    // The ward's reviewer searches; the patient's extract (made by a colleague) shows the search.
    await search(reviewer, { identityNumber: registered });
    const lines = await extract(secondReviewer, registered);
    expect(lines.some((l) => l.includes(`"${reviewer.name}";"Logggranskare";"Läste åtkomstloggen"`))).toBe(true);
    // The patient who was not in Brygga is registered later: the searches for the number come with it.
    await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof], { personnummer: unknown }));
    await search(reviewer, { identityNumber: unknown });
    const rows = await api.dataSource.query(
      `SELECT user_id, action, patient_id FROM audit_log WHERE action IN ('audit.list', 'audit.extract') AND patient_ref IS NOT NULL ORDER BY seq`,
    );
    expect(rows.map((r: { action: string; user_id: string }) => [r.action, r.user_id])).toEqual([
      ['audit.list', outsiderReviewer.id],
      ['audit.list', outsiderReviewer.id],
      ['audit.extract', outsiderReviewer.id],
      ['audit.list', reviewer.id],
      ['audit.extract', secondReviewer.id],
      ['audit.list', reviewer.id],
    ]);
    // None of them says whether a patient was found: the row names the number searched for, as a keyed hash.
    expect(rows.every((r: { patient_id: string | null }) => r.patient_id === null)).toBe(true);
    const later = await extract(secondReviewer, unknown);
    expect(later.some((l) => l.includes(`"${reviewer.name}";"Logggranskare";"Läste åtkomstloggen"`))).toBe(true);
  });

  it("logs a refused open with the thread's patient, never in the answer; the patient's reviewer sees it, the outsider's does not learn who", async () => {
    const pnr = TEST_PERSONNUMMER[1];
    const created = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof], { personnummer: pnr }));
    const refused = await api.request(outsider, 'GET', `/api/threads/${created.body.id}`);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toMatch(/Tekla|Testsson|9801|patient/i);
    const [row] = await api.dataSource.query(
      `SELECT patient_id, unit_id, organisation_id FROM audit_log WHERE user_id = $1 AND thread_id = $2 AND outcome = 'denied'`,
      [outsider.id, created.body.id],
    );
    expect(row.patient_id).toBe(created.body.patient.id);
    expect(row.unit_id).toBe(otherOrgUnit);
    expect(row.organisation_id).not.toBeNull();
    const lines = await extract(reviewer, pnr);
    expect(lines.some((l) => l.includes(`"${outsider.name}";"Utförare";"Läste ärende";"Nekad"`))).toBe(true);
    // The outsider's own reviewer sees the attempt (their user) but not whose thread it was.
    const own = (await search(outsiderReviewer, { userId: outsider.id })).entries.find((e) => e.threadId === created.body.id);
    expect(own).toMatchObject({ outcome: 'denied', patient: null, patientId: null });
    expect((await search(outsiderReviewer, { identityNumber: pnr })).entries).toEqual([]);
    expect((await search(outsiderReviewer, { patientId: created.body.patient.id })).entries).toEqual([]);
  });

  it('gives every row of a person the unit and organisation they acted from, lists and refusals too', async () => {
    const secondWard = await api.unit('slutenvard');
    const both = await api.user(secondWard, 'koordinator');
    await api.dataSource.getRepository(Membership).save({ userId: both.id, unitId: sof, role: 'handlaggare' });
    const created = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof]));
    expect((await api.request(both, 'GET', '/api/threads')).status).toBe(200);
    const [listed] = await api.dataSource.query(
      // One row per list request names every thread shown, each with the unit it was seen from (AUDIT_ROWS).
      `SELECT unit_id, organisation_id FROM ${AUDIT_ROWS} a WHERE user_id = $1 AND action = 'thread.list' AND thread_id = $2`,
      [both.id, created.body.id],
    );
    const [sofOrg] = await api.dataSource.query('SELECT organisation_id FROM unit WHERE id = $1', [sof]);
    expect(listed).toEqual({ unit_id: sof, organisation_id: sofOrg.organisation_id });
    const missing = await api.dataSource.query(
      `SELECT action, count(*)::int AS n FROM ${AUDIT_ROWS} a
        WHERE a.user_id IS NOT NULL AND (a.unit_id IS NULL OR a.organisation_id IS NULL)
          AND (SELECT count(DISTINCT m.unit_id) FROM membership m WHERE m.user_id = a.user_id) = 1
        GROUP BY action`,
    );
    expect(missing).toEqual([]);
  });
});

describe('no identity oracle', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.close());

  it('opening a thread tells a ward with no other access nothing about the stored name; one that took part is warned', async () => {
    const first = await api.unit('slutenvard');
    const c1 = await api.user(first, 'koordinator');
    const pnr = TEST_PERSONNUMMER[2];
    await api.request(c1, 'POST', '/api/threads', newThreadBody([], { personnummer: pnr, givenName: 'Greta', familyName: 'Gäst' }));
    const guesses = [];
    for (const [givenName, familyName] of [
      ['Greta', 'Gäst'],
      ['Gustav', 'Gissning'],
    ]) {
      // Each guess from a ward of its own, with no other thread of the patient.
      const c2 = await api.user(await api.unit('slutenvard'), 'koordinator');
      const res = await api.request(c2, 'POST', '/api/threads', newThreadBody([], { personnummer: pnr, givenName, familyName }));
      expect(res.status).toBe(201);
      const view = await api.request(c2, 'GET', `/api/threads/${res.body.id}`);
      guesses.push({ ...view.body.patient, name: undefined });
    }
    // The right guess and the wrong one answer the same.
    expect(guesses[0]).toEqual(guesses[1]);
    expect(guesses[0].nameMismatch).toBeUndefined();
    // The first ward sees the patient's name in its thread already: it is warned of a differing one.
    const again = await api.request(
      c1,
      'POST',
      '/api/threads',
      newThreadBody([], { personnummer: pnr, givenName: 'Gösta', familyName: 'Gäst' }),
    );
    expect(again.body.patient.nameMismatch).toBe(true);
  });

  it("a former owner after a transfer sees what its own declaration said, not the patient's stored protection", async () => {
    const protector = await api.unit('slutenvard');
    const former = await api.unit('slutenvard');
    const next = await api.unit('slutenvard');
    const sof = await api.unit('sof');
    const cp = await api.user(protector, 'koordinator');
    const cf = await api.user(former, 'koordinator');
    const pnr = '19000612-9803';
    await api.request(cp, 'POST', '/api/threads', newThreadBody([], { personnummer: pnr, protectedIdentity: true }));
    const opened = await api.request(cf, 'POST', '/api/threads', newThreadBody([sof], { personnummer: pnr }));
    expect(opened.body.patient.protectedIdentity).toBe(false);
    const handed = await api.request(cf, 'POST', `/api/threads/${opened.body.id}/transfer`, { unitId: next });
    expect(handed.status).toBe(200);
    const view = await api.request(cf, 'GET', `/api/threads/${opened.body.id}`);
    expect(view.status).toBe(200);
    expect(view.body.patient).toMatchObject({ protectedIdentity: false, name: 'Tekla Testsson' });
    const listed = (await api.request(cf, 'GET', '/api/threads')).body.threads.find((t: { id: string }) => t.id === opened.body.id);
    expect(listed.patient.protectedIdentity).toBe(false);
    // Another participant still sees the stored protection (and no name).
    const officer = await api.user(sof, 'handlaggare');
    expect((await api.request(officer, 'GET', `/api/threads/${opened.body.id}`)).body.patient).toMatchObject({
      protectedIdentity: true,
      name: null,
    });
  });
});
