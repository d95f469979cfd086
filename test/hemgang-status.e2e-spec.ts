import type { Socket } from 'socket.io-client';
import { connectSocket, connected, until } from './support/api-process';
import { newThreadBody, TestApi, TestUser } from './support/harness';

interface Hemgang {
  state: string;
  fran: string | null;
  saknas: { ansvarig: string; punkter: string[] }[];
  kontrollera: string[];
}

/**
 * Issue 24, item 2: hemgångsklar is honest. One derived state with its reason — ej_klar (what is
 * missing per responsible party), klar (from a time), kontrollera_tiderna (amber) and utskriven —
 * the same in the thread, the inbox and the live event every participant receives. Times are fixed
 * in December 2027 (+01:00) so the wording is exact.
 */
describe('hemgångsklar states', () => {
  let api: TestApi;
  let sof: string;
  let hemsjukvard: string;
  let hemtjanst: string;
  let coordinator: TestUser;
  let nurse: TestUser;
  let carer: TestUser;
  let socket: Socket;
  const changes: { threadId: string; hemgang?: Hemgang }[] = [];
  let threadId: string;
  const items = new Map<string, { id: string; version: number }>();

  beforeAll(async () => {
    api = await TestApi.start();
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    nurse = await api.user(hemsjukvard, 'sjukskoterska', 'Nora');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    const admin = await api.user(ward, 'admin', 'Adam');
    const template = await api.request(admin, 'POST', '/api/checklist-templates', {
      key: 'e2e_hemgang',
      name: 'Hemgång',
      items: [
        { key: 'lista', label: 'Läkemedelslista granskad', responsible: 'hemsjukvard', required: true, valueType: 'boolean' },
        { key: 'upphamtning', label: 'Upphämtning', responsible: 'slutenvard', required: true, valueType: 'datetime', readyFrom: true },
      ],
    });
    expect(template.status).toBe(201);
    const created = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemsjukvard, hemtjanst]));
    threadId = created.body.id;
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey: template.body.key })).status).toBe(
      201,
    );
    const overview = await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`);
    for (const i of overview.body.checklists[0].items) items.set(i.key, { id: i.id, version: i.version });
    // The home-care worker follows the thread live, through the socket as the web client does.
    socket = connectSocket(api.baseUrl, await api.sessionOf(carer), api.baseUrl);
    await connected(socket);
    socket.on('thread:changed', (change: { threadId: string; hemgang?: Hemgang }) => changes.push(change));
  });
  afterAll(async () => {
    socket?.disconnect();
    await api.close();
  });

  const post = async (kind: string, payload: Record<string, unknown>) =>
    expect(
      (
        await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
          kind,
          payload,
          idempotencyKey: `${kind}-${Math.random()}`,
        })
      ).status,
    ).toBe(201);
  const ready = async (user: TestUser, redoFran: string) =>
    expect((await api.request(user, 'POST', `/api/threads/${threadId}/readiness`, { redoFran })).status).toBe(201);
  async function setItem(key: string, value: unknown, user = coordinator) {
    const item = items.get(key)!;
    const res = await api.request(user, 'PATCH', `/api/threads/${threadId}/checklists/items/${item.id}`, {
      state: 'klar',
      value,
      expectedVersion: item.version,
    });
    expect(res.status).toBe(200);
    item.version = res.body.item.version;
  }
  const shown = async (user = carer): Promise<Hemgang> => (await api.request(user, 'GET', `/api/threads/${threadId}`)).body.hemgang;
  const inInbox = async (user = carer): Promise<Hemgang> =>
    (await api.request(user, 'GET', '/api/threads')).body.threads.find((t: { id: string }) => t.id === threadId).hemgang;
  /** The state the next live change carries: waits for an event after `from` with that state. */
  const liveState = async (from: number, state: string): Promise<Hemgang> => {
    await until(
      () => changes.slice(from).some((c) => c.threadId === threadId && c.hemgang?.state === state),
      10_000,
      `thread:changed ${state}`,
    );
    return changes.slice(from).find((c) => c.hemgang?.state === state)!.hemgang!;
  };

  it('is ej_klar with what is missing, per responsible party', async () => {
    await post('planerad_utskrivning', { planeradUtskrivning: '2027-12-09' });
    const hemgang = await shown();
    expect(hemgang.state).toBe('ej_klar');
    expect(hemgang.saknas.map((g) => g.ansvarig).sort()).toEqual(['Hemsjukvård', 'Hemsjukvården Visby', 'Hemtjänst Norr', 'Slutenvård']);
    expect(hemgang.saknas.find((g) => g.ansvarig === 'Hemtjänst Norr')!.punkter).toEqual([
      'Hemtjänst Norr har inte bekräftat att de är redo att ta emot patienten.',
    ]);
    expect(await inInbox()).toEqual(hemgang);
  });

  it('is klar from the latest time, live and the same in the inbox', async () => {
    await setItem('lista', true, nurse);
    await setItem('upphamtning', '2027-12-09T10:00:00+01:00');
    await ready(nurse, '2027-12-09T08:00:00+01:00');
    const from = changes.length;
    await ready(carer, '2027-12-09T09:00:00+01:00');
    const live = await liveState(from, 'klar');
    // The booked pick-up rides along: the receiving units' inbox shows it.
    expect(live).toEqual({
      state: 'klar',
      fran: '2027-12-09T09:00:00.000Z',
      saknas: [],
      kontrollera: [],
      upphamtning: '2027-12-09T09:00:00.000Z',
    });
    expect(await shown()).toEqual(live);
    expect(await shown(coordinator)).toEqual(live);
    expect(await inInbox()).toEqual(live);
  });

  it('turns to kontrollera_tiderna when the planned date moves after the readiness it rested on (the pick-up stays)', async () => {
    const from = changes.length;
    await post('planerad_utskrivning', { planeradUtskrivning: '2027-12-10' });
    const live = await liveState(from, 'kontrollera_tiderna');
    expect(live.kontrollera).toEqual([
      expect.stringMatching(
        /^Planerad utskrivning ändrades till 10 dec \(.+\) efter att Hemsjukvården Visby och Hemtjänst Norr bekräftade redo\.$/,
      ),
      'Upphämtningen 9 dec 10:00 är före planerad utskrivning 10 dec.',
    ]);
    expect(await inInbox()).toEqual(live);
  });

  it('stays amber while the pick-up changed after the readiness, and is klar once the units confirm again', async () => {
    await ready(nurse, '2027-12-10T08:00:00+01:00');
    await ready(carer, '2027-12-10T09:00:00+01:00');
    await setItem('upphamtning', '2027-12-10T10:00:00+01:00');
    const amber = await shown();
    expect(amber.state).toBe('kontrollera_tiderna');
    expect(amber.kontrollera).toEqual([
      expect.stringMatching(
        /^Upphämtningen ändrades till 10 dec 10:00 \(.+\) efter att Hemsjukvården Visby och Hemtjänst Norr bekräftade redo\.$/,
      ),
    ]);
    await ready(nurse, '2027-12-10T08:00:00+01:00');
    const from = changes.length;
    await ready(carer, '2027-12-10T09:00:00+01:00');
    expect(await liveState(from, 'klar')).toEqual({
      state: 'klar',
      fran: '2027-12-10T09:00:00.000Z',
      saknas: [],
      kontrollera: [],
      upphamtning: '2027-12-10T09:00:00.000Z',
    });
  });

  it('is amber when a unit is ready only after the planned discharge', async () => {
    const from = changes.length;
    await ready(carer, '2027-12-11T09:00:00+01:00');
    const live = await liveState(from, 'kontrollera_tiderna');
    expect(live.kontrollera).toEqual([
      'Hemtjänst Norr är redo först 11 dec 09:00, efter planerad utskrivning 10 dec.',
      expect.stringMatching(/^Upphämtningen \(10 dec 10:00\) är före den tid då alla mottagande enheter är redo \(11 dec 09:00\)/),
    ]);
    await ready(carer, '2027-12-10T09:00:00+01:00');
    expect((await shown()).state).toBe('klar');
  });

  it('is amber during an avbrott, green again with a new ready notice', async () => {
    await post('utskrivningsklar', { utskrivningsklarAt: '2027-12-08T10:00:00+01:00' });
    expect((await shown()).state).toBe('klar');
    const from = changes.length;
    await post('avbrott', { avbrottAt: '2027-12-08T14:00:00+01:00', orsak: 'Feber.' });
    const live = await liveState(from, 'kontrollera_tiderna');
    expect(live.kontrollera).toEqual(['Avbrott sedan 8 dec 14:00: patienten är inte utskrivningsklar just nu.']);
    expect(await inInbox()).toEqual(live);
    const back = changes.length;
    await post('utskrivningsklar', { utskrivningsklarAt: '2027-12-09T10:00:00+01:00' });
    expect((await liveState(back, 'klar')).kontrollera).toEqual([]);
  });

  it('says Utskriven after the discharge, not "hemgångsklar från"', async () => {
    const from = changes.length;
    await post('utskrivningsmeddelande', { utskrivenAt: '2027-12-10T10:30:00+01:00' });
    const live = await liveState(from, 'utskriven');
    expect(live).toEqual({ state: 'utskriven', fran: '2027-12-10T09:30:00.000Z', saknas: [], kontrollera: [] });
    expect(await inInbox()).toEqual(live);
    expect(await shown(nurse)).toEqual(live);
  });
});
