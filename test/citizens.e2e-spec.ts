import type { Socket } from 'socket.io-client';
import { ACR_LOA3 } from '../apps/idp/src';
import { CookieJar, driveIdpLogin } from '../apps/idp/src/testing/drive-login';
import { connectSocket, connected, until } from './support/api-process';
import { TestApi, type TestSession, type TestUser } from './support/harness';

/** Skatteverket's test numbers: the patient, a närstående, a protected patient, and one more patient. */
const HILDA = '190108219817';
const NILS = '189002099811';
const SVEN = '190704019801';
const GRETA = '189103179801';

/** A citizen's login to "Min hemgång": BankID through the real code flow, asked for as medborgare. */
async function loginCitizen(api: TestApi, key: string): Promise<TestSession> {
  const jar = new CookieJar();
  const start = await jar.fetch(`${api.baseUrl}/auth/login?idp=bankid&som=medborgare`);
  expect(start.status).toBe(302);
  const { callbackUrl } = await driveIdpLogin(start.headers.get('location')!, key, jar);
  const callback = await jar.fetch(callbackUrl);
  expect(callback.status).toBe(303);
  expect(callback.headers.get('location')).toBe('/min-hemgang');
  const me = await jar.fetch(`${api.baseUrl}/api/medborgare/jag`);
  expect(me.status).toBe(200);
  return { jar, csrfToken: ((await me.json()) as { csrfToken: string }).csrfToken };
}

const inAYear = (): string => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const yesterday = (): string => new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

describe('Min hemgång: patients and närstående', () => {
  let api: TestApi;
  let second: TestApi;
  let coordinator: TestUser;
  let reviewer: TestUser;
  let ward: string;
  let sof: string;
  let hildaThread: string;
  let svenThread: string;
  let hilda: TestSession;
  let nils: TestSession;

  const citizen = (key: string, givenName: string, familyName: string, personnummer: string) =>
    api.identity({ id: key, kind: 'bankid', givenName, familyName, personnummer, acr: ACR_LOA3, description: 'Patient' });

  const openThread = async (personnummer: string, givenName: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await api.request(coordinator, 'POST', '/api/threads', {
      patient: { personnummer, givenName, familyName: 'Testsson', ...extra },
      participantUnitIds: [sof],
      triage: 'gul',
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  const counts = async () =>
    (
      await api.dataSource.query(
        `SELECT (SELECT count(*)::int FROM narstaende_consent) AS consents, (SELECT count(*)::int FROM message) AS messages`,
      )
    )[0];

  beforeAll(async () => {
    api = await TestApi.start();
    second = await TestApi.start({}, api);
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    reviewer = await api.user(ward, 'logggranskare', 'Lena');
    citizen('hilda', 'Hilda', 'Hemse', HILDA);
    citizen('nils', 'Nils', 'Okänd', NILS);
    citizen('sven', 'Sven', 'Slite', SVEN);
    citizen('greta', 'Greta', 'Gotlänning', GRETA);
    hildaThread = await openThread(HILDA, 'Hilda');
    svenThread = await openThread(SVEN, 'Sven', { protectedIdentity: true });
    hilda = await loginCitizen(api, 'hilda');
    nils = await loginCitizen(api, 'nils');
  });

  const publish = async (threadId: string) =>
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/plan/publish`, {})).status).toBe(201);
  afterAll(async () => {
    await second?.close();
    await api?.close();
  });

  it('logs the patient in with BankID as a citizen, who reaches no staff route and no socket', async () => {
    const me = await api.request(hilda, 'GET', '/api/medborgare/jag');
    expect(me.body).toMatchObject({ namn: 'Hilda Hemse', arPatient: true, narstaendeTill: [] });
    const denied = async () =>
      (await api.dataSource.query(`SELECT count(*)::int AS c FROM audit_log WHERE outcome = 'denied' AND details->>'citizen' = 'true'`))[0]
        .c;
    const before = await denied();
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', '/api/threads'],
      ['GET', `/api/threads/${hildaThread}`],
      ['GET', `/api/threads/${hildaThread}/messages?after=0`],
      ['POST', `/api/threads/${hildaThread}/messages`],
      ['GET', '/api/audit'],
      ['POST', '/auth/logout'],
    ]) {
      const res = await api.request(
        hilda,
        method,
        path,
        method === 'POST' ? { kind: 'fritext', body: 'x', idempotencyKey: 'x' } : undefined,
      );
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.body.message).toMatch(/för personal/);
    }
    expect(await denied()).toBe(before + 7);
    const socket: Socket = connectSocket(api.baseUrl, hilda, api.baseUrl);
    await expect(connected(socket)).rejects.toThrow(/unauthenticated/);
    socket.disconnect();
    // Staff never reach a citizen route either.
    const staff = await api.request(coordinator, 'GET', '/api/medborgare/jag');
    expect(staff.status).toBe(403);
    expect((await api.request(null, 'GET', '/api/medborgare/jag')).status).toBe(401);
  });

  it("shows a friendly empty list before the plan is published, then only the patient's own published plan", async () => {
    expect((await api.request(hilda, 'GET', '/api/medborgare/planer')).body).toEqual({ planer: [] });
    expect((await api.request(hilda, 'GET', `/api/medborgare/planer/${hildaThread}`)).status).toBe(404);
    expect((await api.request(hilda, 'POST', `/api/medborgare/planer/${hildaThread}/tagit-del`)).status).toBe(404);
    await publish(hildaThread);
    await publish(svenThread);
    const list = await api.request(hilda, 'GET', '/api/medborgare/planer');
    expect(list.body.planer).toEqual([
      expect.objectContaining({ roll: 'patient', patientFornamn: null, plan: expect.objectContaining({ threadId: hildaThread }) }),
    ]);
    expect(list.body.planer[0].plan.published).toEqual(expect.objectContaining({ version: 1, unitName: 'Medicinavdelning 4' }));
    expect((await api.request(hilda, 'GET', `/api/medborgare/planer/${hildaThread}`)).status).toBe(200);
    // Someone else's plan answers like one that does not exist, and the attempt is logged.
    expect((await api.request(hilda, 'GET', `/api/medborgare/planer/${svenThread}`)).status).toBe(404);
    const [row] = await api.dataSource.query(
      `SELECT role, outcome FROM audit_log WHERE action = 'citizen.plan' AND thread_id = $1 ORDER BY seq DESC LIMIT 1`,
      [svenThread],
    );
    expect(row).toEqual({ role: 'medborgare', outcome: 'denied' });
  });

  it('refuses bad närstående consents with a Swedish 4xx and writes nothing', async () => {
    const before = await counts();
    const give = (body: Record<string, unknown>, who = hilda) =>
      api.request(who, 'POST', '/api/medborgare/narstaende', {
        personnummer: NILS,
        namn: 'Nils',
        slutdatum: inAYear(),
        omfattning: 'plan',
        ...body,
      });
    const self = await give({ personnummer: HILDA });
    expect(self.status).toBe(400);
    expect(self.body.message).toMatch(/ditt eget personnummer/);
    const badNumber = await give({ personnummer: '19010821-9818' });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.message).toMatch(/inte ett giltigt personnummer/);
    const past = await give({ slutdatum: yesterday() });
    expect(past.status).toBe(400);
    expect(past.body.message).toMatch(/redan passerat/);
    expect((await give({ omfattning: 'konversation' })).status).toBe(400);
    expect((await give({ slutdatum: 'i morgon' })).status).toBe(400);
    // A patient with protected identity: no närstående at all.
    const sven = await loginCitizen(api, 'sven');
    const protectedGive = await give({}, sven);
    expect(protectedGive.status).toBe(403);
    expect(protectedGive.body.message).toMatch(/skyddade personuppgifter/);
    // Someone Brygga has no plan for has nothing to share.
    const greta = await loginCitizen(api, 'greta');
    expect((await give({}, greta)).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('gives a närstående access to the plan, visible to staff in the thread, and withdraws it at once on every node', async () => {
    const given = await api.request(hilda, 'POST', '/api/medborgare/narstaende', {
      personnummer: '18900209-9811',
      namn: 'Nils Okänd',
      slutdatum: inAYear(),
      omfattning: 'plan',
    });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ namn: 'Nils Okänd', omfattning: 'plan', status: 'aktivt', aterkallatAt: null });
    // The närstående sees the patient's plan, on either node.
    const onSecond = (session: TestSession, path: string) =>
      fetch(`${second.baseUrl}${path}`, { headers: { accept: 'application/json', cookie: session.jar.header(api.baseUrl) } });
    expect((await api.request(nils, 'GET', '/api/medborgare/jag')).body.narstaendeTill).toEqual(['Hilda']);
    const shared = await api.request(nils, 'GET', '/api/medborgare/planer');
    expect(shared.body.planer).toEqual([expect.objectContaining({ roll: 'narstaende', patientFornamn: 'Hilda' })]);
    expect((await onSecond(nils, `/api/medborgare/planer/${hildaThread}`)).status).toBe(200);
    // Staff see it in the thread: the consent and a timeline entry.
    const staffView = await api.request(coordinator, 'GET', `/api/threads/${hildaThread}/narstaende-atkomst`);
    expect(staffView.status).toBe(200);
    expect(staffView.body.samtycken).toEqual([expect.objectContaining({ namn: 'Nils Okänd', status: 'aktivt' })]);
    const timeline = await api.request(coordinator, 'GET', `/api/threads/${hildaThread}/messages?after=0`);
    expect(timeline.body.messages.map((m: { kind: string }) => m.kind)).toContain('narstaende_samtycke');
    // The närstående is no patient: no consents, no account, no answers.
    expect((await api.request(nils, 'GET', '/api/medborgare/narstaende')).body.samtycken).toEqual([]);
    expect((await api.request(nils, 'POST', `/api/medborgare/planer/${hildaThread}/tagit-del`)).status).toBe(403);

    // Withdrawn through node one: refused on node two at once (nothing is cached).
    const withdrawn = await api.request(hilda, 'POST', `/api/medborgare/narstaende/${given.body.id}/aterkalla`);
    expect(withdrawn.status).toBe(200);
    const started = Date.now();
    const after = await onSecond(nils, `/api/medborgare/planer/${hildaThread}`);
    expect(after.status).toBe(404);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(((await (await onSecond(nils, '/api/medborgare/planer')).json()) as { planer: unknown[] }).planer).toEqual([]);
    expect((await api.request(nils, 'POST', `/api/medborgare/planer/${hildaThread}/tagit-del`)).status).toBe(404);
    // The history stays: the consent is withdrawn, not gone, and cannot be changed otherwise.
    const history = await api.request(hilda, 'GET', '/api/medborgare/narstaende');
    expect(history.body.samtycken).toEqual([expect.objectContaining({ id: given.body.id, status: 'aterkallat' })]);
    await expect(api.dataSource.query(`UPDATE narstaende_consent SET ends_on = '2099-01-01'`)).rejects.toThrow(/keeps its history/);
    await expect(api.dataSource.query(`DELETE FROM narstaende_consent`)).rejects.toThrow(/keeps its history/);
  });

  it('gives no access after the end date, nor while samtycke says "kan inte ta ställning"', async () => {
    const [{ patient_id: patientId }] = await api.dataSource.query('SELECT patient_id FROM thread WHERE id = $1', [hildaThread]);
    const [hildaCitizen] = await api.dataSource.query('SELECT id FROM citizen WHERE personnummer = $1', [HILDA]);
    const [nilsCitizen] = await api.dataSource.query('SELECT id FROM citizen WHERE personnummer = $1', [NILS]);
    // Ended the day before yesterday (a consent given long ago).
    await api.dataSource.query(
      `INSERT INTO narstaende_consent (patient_id, given_by_citizen_id, relative_citizen_id, relative_name, ends_on) VALUES ($1, $2, $3, 'Nils', $4)`,
      [patientId, hildaCitizen.id, nilsCitizen.id, yesterday()],
    );
    expect((await api.request(nils, 'GET', '/api/medborgare/jag')).body.narstaendeTill).toEqual([]);
    expect(
      (await api.request(hilda, 'GET', '/api/medborgare/narstaende')).body.samtycken.map((c: { status: string }) => c.status),
    ).toContain('utgatt');
    // A live consent, then the ward notes that the patient cannot take a position.
    const given = await api.request(hilda, 'POST', '/api/medborgare/narstaende', {
      personnummer: NILS,
      namn: 'Nils',
      slutdatum: inAYear(),
      omfattning: 'plan',
    });
    expect(given.status).toBe(201);
    expect((await api.request(nils, 'GET', '/api/medborgare/jag')).body.narstaendeTill).toEqual(['Hilda']);
    const fact = await api.request(coordinator, 'PUT', `/api/threads/${hildaThread}/facts/samtycke`, {
      value: { status: 'kan_ej_ta_stallning' },
      expectedVersion: 0,
    });
    expect(fact.status).toBe(200);
    expect((await api.request(nils, 'GET', '/api/medborgare/jag')).body.narstaendeTill).toEqual([]);
    const before = await counts();
    const refused = await api.request(hilda, 'POST', '/api/medborgare/narstaende', {
      personnummer: NILS,
      namn: 'Nils',
      slutdatum: inAYear(),
      omfattning: 'plan',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/samtycke inte kan lämnas/);
    expect(await counts()).toEqual(before);
    await api.request(coordinator, 'PUT', `/api/threads/${hildaThread}/facts/samtycke`, {
      value: { status: 'givet', organisationer: ['sof'] },
      expectedVersion: 1,
    });
    expect((await api.request(nils, 'GET', '/api/medborgare/jag')).body.narstaendeTill).toEqual(['Hilda']);
    await api.request(hilda, 'POST', `/api/medborgare/narstaende/${given.body.id}/aterkalla`);
  });

  it("sends the patient's answers to the ward, live, and refuses someone else's plan", async () => {
    const staff = connectSocket(api.baseUrl, await api.sessionOf(coordinator), api.baseUrl);
    await connected(staff);
    const seen: { kind: string; body: string; payload: Record<string, unknown> }[] = [];
    staff.on('message', (m: { threadId: string; kind: string; body: string; payload: Record<string, unknown> }) => {
      if (m.threadId === hildaThread && m.kind.startsWith('patient_')) seen.push(m);
    });
    expect(((await staff.emitWithAck('thread:join', { threadId: hildaThread, lastSeq: 0 })) as { ok: boolean }).ok).toBe(true);
    const ack = await api.request(hilda, 'POST', `/api/medborgare/planer/${hildaThread}/tagit-del`);
    expect(ack.status).toBe(201);
    expect(ack.body.till).toBe('Medicinavdelning 4');
    const call = await api.request(hilda, 'POST', `/api/medborgare/planer/${hildaThread}/bli-uppringd`, {
      telefon: '070-123 45 67',
      tidPaDagen: 'eftermiddag',
    });
    expect(call.status).toBe(201);
    await until(() => seen.some((m) => m.kind === 'patient_vill_bli_uppringd'), 5000, 'the answer live');
    expect(seen.map((m) => m.kind)).toEqual(['patient_tagit_del', 'patient_vill_bli_uppringd']);
    expect(seen[1]).toMatchObject({ payload: { telefon: '070-123 45 67', tidPaDagen: 'eftermiddag' } });
    expect(seen[1].body).toMatch(/070-123 45 67, helst eftermiddag/);
    staff.disconnect();

    const before = await counts();
    const badPhone = await api.request(hilda, 'POST', `/api/medborgare/planer/${hildaThread}/bli-uppringd`, {
      telefon: 'ring mig',
      tidPaDagen: 'natt',
    });
    expect(badPhone.status).toBe(400);
    // Another patient's thread, a thread that does not exist, and no id: all answered alike.
    for (const id of [svenThread, '00000000-0000-4000-8000-000000000000', 'inte-ett-id']) {
      const res = await api.request(hilda, 'POST', `/api/medborgare/planer/${id}/tagit-del`);
      expect({ id, status: res.status }).toEqual({ id, status: 404 });
    }
    expect(await counts()).toEqual(before);
    const [refusal] = await api.dataSource.query(
      `SELECT role, patient_id, outcome FROM audit_log WHERE action = 'citizen.respond' AND thread_id = $1 ORDER BY seq DESC LIMIT 1`,
      [svenThread],
    );
    expect(refusal).toMatchObject({ outcome: 'denied', patient_id: expect.any(String) });

    // After discharge the answers go to SOF.
    await api.dataSource.query(`UPDATE thread SET status = 'utskriven', discharged_at = now() WHERE id = $1`, [hildaThread]);
    const later = await api.request(hilda, 'POST', `/api/medborgare/planer/${hildaThread}/tagit-del`);
    expect(later.body.till).toBe('SOF mottagningsteam');
  });

  it("shows the patient a readable account of every access, and the reviewer the citizens' rows", async () => {
    await api.request(coordinator, 'GET', `/api/threads/${hildaThread}`);
    const account = await api.request(hilda, 'GET', '/api/medborgare/atkomst');
    expect(account.status).toBe(200);
    const groups: { organisation: string; unit: string; roles: string[]; entries: { what: string; role: string }[] }[] =
      account.body.groups;
    const wardGroup = groups.find((g) => g.unit === 'Medicinavdelning 4')!;
    expect(wardGroup.organisation).toBe('Org Medicinavdelning 4');
    expect(wardGroup.roles).toContain('Koordinator');
    expect(wardGroup.entries.map((e) => e.what)).toContain('Läste ärende');
    const own = groups.find((g) => g.unit === 'Patienten själv')!;
    expect(own.organisation).toBe('Min hemgång');
    expect(own.entries.map((e) => e.what)).toEqual(
      expect.arrayContaining(['Gav en närstående tillgång till planen', 'Svarade i Min hemgång']),
    );
    expect(JSON.stringify(account.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    for (const g of groups) expect(g.organisation && g.unit).toBeTruthy();

    const csv = await hilda.jar.fetch(`${api.baseUrl}/api/medborgare/atkomst/export?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('"Tidpunkt";"Organisation";"Enhet";"Roll";"Vad";"Utfall"');
    expect(text).toMatch(/"Medicinavdelning 4";"Koordinator";"Läste ärende"/);
    const html = await hilda.jar.fetch(`${api.baseUrl}/api/medborgare/atkomst/export?format=html`);
    expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await html.text()).toMatch(/Vem har tittat på mina uppgifter/);
    expect((await api.request(hilda, 'GET', '/api/medborgare/atkomst/export?format=pdf')).status).toBe(400);

    // The reviewer finds the patient's and the närstående's rows in the organisation's log.
    const search = await api.request(reviewer, 'POST', '/api/audit/search', { identityNumber: HILDA, limit: 500 });
    expect(search.status).toBe(200);
    expect(search.body.entries.map((r: { role: string }) => r.role)).toEqual(expect.arrayContaining(['patient']));
    const actions = search.body.entries.map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['consent.give', 'consent.withdraw', 'citizen.respond', 'account.read']));
  });
  it('lets the patient rate their own upplevd trygghet 0–10 while a Trygg hemgång period runs, once per moment', async () => {
    const greta = await loginCitizen(api, 'greta');
    const gretaThread = await openThread(GRETA, 'Greta');
    await publish(gretaThread);
    const officer = await api.user(sof, 'handlaggare', 'Maria');
    const rate = (session: TestSession, id: string, body: Record<string, unknown>) =>
      api.request(session, 'POST', `/api/medborgare/planer/${id}/trygghet`, body);
    const measurements = async () =>
      (await api.dataSource.query('SELECT count(*)::int AS n FROM home_measurement WHERE thread_id = $1', [gretaThread]))[0].n;
    const refused = async (status: number, attempt: () => Promise<{ status: number; body: { message: string } }>) => {
      const before = [await counts(), await measurements()];
      const res = await attempt();
      expect({ status: res.status, swedish: /[åäö]|måste|finns|period/i.test(String(res.body.message)) }).toEqual({
        status,
        swedish: true,
      });
      expect([await counts(), await measurements()]).toEqual(before);
      return res;
    };

    // No period yet: nothing is asked, and a rating is refused.
    expect((await api.request(greta, 'GET', `/api/medborgare/planer/${gretaThread}`)).body.trygghet).toBeNull();
    await refused(409, () => rate(greta, gretaThread, { moment: 'start', varde: 7 }));
    const start = { startdatum: new Date().toISOString().slice(0, 10), planeratSlut: inAYear(), barandeEnhet: sof };
    const started = await api.request(officer, 'POST', `/api/threads/${gretaThread}/messages`, {
      kind: 'trygg_hemgang_start',
      payload: start,
      idempotencyKey: `start-${gretaThread}`,
    });
    expect(started.status).toBe(201);
    expect((await api.request(greta, 'GET', `/api/medborgare/planer/${gretaThread}`)).body.trygghet).toEqual({
      moment: 'start',
      besvarade: [],
    });

    // Bad input: outside 0–10, not an integer, an unknown moment, in the future.
    for (const body of [
      { moment: 'start', varde: 11 },
      { moment: 'start', varde: -1 },
      { moment: 'start', varde: 5.5 },
      { moment: 'mitt', varde: 5 },
    ]) {
      await refused(400, () => rate(greta, gretaThread, body));
    }
    const future = await refused(400, () =>
      rate(greta, gretaThread, { moment: 'start', varde: 5, observedAt: new Date(Date.now() + 86_400_000).toISOString() }),
    );
    expect(future.body.message).toMatch(/framtiden/);
    // Someone else's thread, one that does not exist, and no id: answered alike, with nothing written.
    for (const id of [hildaThread, svenThread, '00000000-0000-4000-8000-000000000000', 'inte-ett-id']) {
      const before = await counts();
      const res = await rate(greta, id, { moment: 'start', varde: 5 });
      expect({ id, status: res.status }).toEqual({ id, status: 404 });
      expect(await counts()).toEqual(before);
    }

    // Staff record Katz ADL alone at the start: the patient is still asked about trygghet.
    const adl = await api.request(officer, 'POST', `/api/threads/${gretaThread}/messages`, {
      kind: 'matning',
      payload: { moment: 'start', matdAt: new Date().toISOString(), adl: 'C' },
      idempotencyKey: `adl-${gretaThread}`,
    });
    expect(adl.status).toBe(201);
    expect((await api.request(greta, 'GET', `/api/medborgare/planer/${gretaThread}`)).body.trygghet).toEqual({
      moment: 'start',
      besvarade: [],
    });

    const good = await rate(greta, gretaThread, { moment: 'start', varde: 7 });
    expect(good.status).toBe(201);
    // Staff see it in the home phase and the timeline, skattad av patienten, beside their ADL.
    const phase = await api.request(officer, 'GET', `/api/threads/${gretaThread}/home-phase`);
    expect(phase.body.measurements).toEqual([
      expect.objectContaining({ moment: 'start', safety: null, adl: 'C' }),
      expect.objectContaining({ moment: 'start', safety: 7, adl: null, ratedBy: 'patienten' }),
    ]);
    const [entry] = await api.dataSource.query(`SELECT kind, body FROM message WHERE id = $1`, [good.body.messageId]);
    expect(entry).toEqual({ kind: 'matning', body: 'Upplevd trygghet 7 av 10 vid periodens start, skattad av patienten i Min hemgång.' });
    const [logged] = await api.dataSource.query(
      `SELECT outcome, details FROM audit_log WHERE action = 'citizen.respond' AND thread_id = $1 ORDER BY seq DESC LIMIT 1`,
      [gretaThread],
    );
    expect(logged).toMatchObject({ outcome: 'allowed', details: expect.objectContaining({ kind: 'matning', moment: 'start' }) });
    // A second start is refused (and logged); the question is no longer asked until the period's last days.
    await refused(409, () => rate(greta, gretaThread, { moment: 'start', varde: 3 }));
    const [denied] = await api.dataSource.query(
      `SELECT outcome FROM audit_log WHERE action = 'citizen.respond' AND thread_id = $1 ORDER BY seq DESC LIMIT 1`,
      [gretaThread],
    );
    expect(denied.outcome).toBe('denied');
    expect((await api.request(greta, 'GET', `/api/medborgare/planer/${gretaThread}`)).body.trygghet).toEqual({
      moment: null,
      besvarade: ['start'],
    });
  });
});
