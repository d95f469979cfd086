import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_RULES } from '@brygga/deadlines';
import { DEMO_SEED } from '@brygga/directory';
import { identitiesFromSeed } from '../apps/idp/src';
import { readySince } from './support/clock-factory';
import { newThreadBody, TestApi, TestUser } from './support/harness';

describe("the law's clock in the thread and the inbox", () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let coordinator: TestUser;
  let officer: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
  });
  afterAll(() => api.close());

  async function thread(personnummer: string): Promise<string> {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof], { personnummer }));
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function readySinceDays(personnummer: string, days: number): Promise<string> {
    const id = await thread(personnummer);
    await readySince(api, id, { user: coordinator, unitId: ward }, days);
    return id;
  }

  it('shows the clock in the thread: ready since, liability from, payment days, the deadlines', async () => {
    const id = await readySinceDays('190704019801', 6);
    const res = await api.request(officer, 'GET', `/api/threads/${id}`);
    expect(res.status).toBe(200);
    const clock = res.body.clock;
    expect(clock).toMatchObject({ region: 'gotland', state: 'utskrivningsklar', overdue: true, pausedByAvbrott: null });
    // Gotland: three calendar days after the notice's day; today is the sixth day after it.
    expect(clock.paymentDays).toBe(3);
    expect(clock.cost).toBe(3 * 9000);
    expect(clock.nextDeadline).toMatchObject({ key: 'betalningsansvar', state: 'forsenad' });
    expect(new Date(clock.betalningsansvarFrom).getTime()).toBeLessThan(Date.now());
  });

  it('lists the next deadline in the inbox, filters on it and sorts the overdue first', async () => {
    const overdue = await readySinceDays('189103179801', 5);
    const fresh = await thread('190108219817');
    const all = await api.request(officer, 'GET', '/api/threads');
    expect(all.body.threads[0].id).toBe(fresh); // latest activity first: the fresh thread was opened last
    const sorted = await api.request(officer, 'GET', '/api/threads?sort=frist');
    expect(sorted.status).toBe(200);
    expect(sorted.body.threads[0].clock.overdue).toBe(true);
    expect(sorted.body.threads.findIndex((t: { id: string }) => t.id === fresh)).toBeGreaterThan(0);
    const late = await api.request(officer, 'GET', '/api/threads?filter=forsenad');
    expect(late.body.threads.map((t: { id: string }) => t.id)).toContain(overdue);
    expect(late.body.threads.map((t: { id: string }) => t.id)).not.toContain(fresh);
    const freshListed = all.body.threads.find((t: { id: string }) => t.id === fresh);
    expect(freshListed.clock.nextDeadline).toMatchObject({ key: 'inskrivningsmeddelande', state: 'kommande' });
    const ready = await api.request(officer, 'GET', '/api/threads?filter=utskrivningsklar_ej_hemgangsklar');
    expect(ready.body.threads.every((t: { clock: { state: string } }) => t.clock.state === 'utskrivningsklar')).toBe(true);
    const bad = await api.request(officer, 'GET', '/api/threads?filter=snart&sort=x');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['filter', 'sort']);
  });

  it('refuses to start with a broken rules file, naming the fields in Swedish', async () => {
    const file = join(tmpdir(), `regler-${Date.now()}.json`);
    const broken = JSON.parse(JSON.stringify(BUILT_IN_RULES.stockholm));
    delete broken.region;
    broken.betalningsansvar.troskelDagar = -2;
    broken.betalningsansvar.dagtyp = 'helgdagar';
    writeFileSync(file, JSON.stringify(broken));
    await expect(TestApi.start({ BRYGGA_RULES_FILE: file })).rejects.toThrow(
      `Regelfilen ${file} är felaktig: region saknas (ska vara en text); betalningsansvar.troskelDagar får inte vara negativt (är -2); betalningsansvar.dagtyp har okänd dagtyp "helgdagar"`,
    );
  });
});

describe('demo threads that show the clock', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ BRYGGA_SEED_DEMO: '1' });
    for (const identity of identitiesFromSeed(DEMO_SEED)) api.identity(identity);
  });
  afterAll(() => api.close());

  it('loads an overdue thread, one in avbrott, one hemgångsklar, one discharged the same day, a readmission and one at home', async () => {
    const karin = await api.login('karin.lindqvist');
    const res = await api.request(karin, 'GET', '/api/threads?sort=frist');
    expect(res.status).toBe(200);
    const byName = (name: string) => res.body.threads.find((t: { patient: { name: string } }) => t.patient.name === name);
    expect(res.body.threads).toHaveLength(6);
    expect(byName('Rut Roma')).toMatchObject({ status: 'utskriven' });
    const home = await api.request(karin, 'GET', `/api/threads/${byName('Rut Roma').id}/home-phase`);
    expect(home.body).toMatchObject({
      phase: 'hemma',
      period: { running: true },
      deviations: [{ category: 'hjalpmedel_saknas', state: 'oppen' }],
    });
    expect(home.body.receptions).toHaveLength(1);
    expect(res.body.threads[0].patient.name).toBe('Greta Gotlänning');
    expect(res.body.threads[0].clock).toMatchObject({ state: 'utskrivningsklar', overdue: true });
    expect(byName('Sven Slite').clock).toMatchObject({ state: 'avbrott', pausedByAvbrott: { orsak: 'Feber, ny läkarbedömning.' } });
    expect(byName('Hilda Hemse')).toMatchObject({ hemgangsklar: true, clock: { dischargeDay: { nonWorking: 'lördag' } } });
    // Hemgångsklar rests on the receiving units' readiness: the home-care provider's card says it is ready, not missing.
    const eva = await api.login('eva.svensson');
    const carers = await api.request(eva, 'GET', '/api/threads');
    const hilda = carers.body.threads.find((t: { patient: { name: string } }) => t.patient.name === 'Hilda Hemse');
    expect(hilda).toMatchObject({ hemgangsklar: true, minBekraftelse: 'redo' });
    const tekla = res.body.threads.filter((t: { patient: { name: string } }) => t.patient.name === 'Tekla Testsson');
    expect(
      tekla.map((t: { clock: { state: string; dischargedSameDay: boolean | null } }) => [t.clock.state, t.clock.dischargedSameDay]).sort(),
    ).toEqual([
      ['ej_utskrivningsklar', null],
      ['utskriven', true],
    ]);
    const lena = await api.login('lena.berg');
    const stats = await api.request(lena, 'GET', '/api/statistics');
    // Six demo threads: every count under five is hidden by the small-cell rule (docs/statistics.md),
    // so the demo shows the number of threads and no figure that could point at one patient.
    expect(stats.body.total.figures).toMatchObject({
      threads: 6,
      discharged: null,
      sameDay: { count: null, of: null },
      avbrott: null,
      readmissions30: null,
    });
  });

  it('loads them once', async () => {
    const second = await TestApi.start({ BRYGGA_SEED_DEMO: '1' }, api);
    await second.close();
    const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM thread WHERE idempotency_key LIKE 'demo:%'`);
    expect(n).toBe(6);
  });
});
