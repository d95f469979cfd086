import { DomainEvents, type ThreadEvent } from '@brygga/common';
import { newThreadBody, TestApi, TestUser } from './support/harness';

const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const today = (days = 0) => inDays(days).slice(0, 10);

interface ItemRef {
  id: string;
  version: number;
}

describe('checklists and hemgångsklar', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let hemsjukvard: string;
  let hemtjanst: string;
  let coordinator: TestUser;
  let wardNurse: TestUser;
  let officer: TestUser;
  let nurse: TestUser;
  let carer: TestUser;
  let outsider: TestUser;
  let admin: TestUser;
  let reviewer: TestUser;
  let unitAdmin: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    const otherWard = await api.unit('slutenvard', 'Kirurgavdelning 3');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    wardNurse = await api.user(ward, 'sjukskoterska', 'Sara');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    nurse = await api.user(hemsjukvard, 'sjukskoterska', 'Nora');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    outsider = await api.user(otherWard, 'koordinator', 'Olle');
    // Templates are the organisation's: the ward's own admin publishes its versions.
    admin = await api.user(ward, 'admin', 'Adam');
    reviewer = await api.user(ward, 'logggranskare', 'Rut');
    unitAdmin = await api.user(hemsjukvard, 'admin', 'Hedda');
  });
  afterAll(() => api.close());

  async function newThread(participants = [sof, hemsjukvard, hemtjanst]): Promise<string> {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody(participants));
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function apply(threadId: string, templateKey: string, user = coordinator) {
    return api.request(user, 'POST', `/api/threads/${threadId}/checklists`, { templateKey });
  }

  async function overview(threadId: string, user = coordinator) {
    const res = await api.request(user, 'GET', `/api/threads/${threadId}/checklists`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Item ids and versions by "templateKey.itemKey", kept current as the test changes them. */
  async function board(threadId: string) {
    const refs = new Map<string, ItemRef>();
    for (const c of (await overview(threadId)).checklists) {
      for (const i of c.items) refs.set(`${c.templateKey}.${i.key}`, { id: i.id, version: i.version });
    }
    const set = async (user: TestUser, ref: string, change: Record<string, unknown>, expected = 200) => {
      const item = refs.get(ref);
      if (!item) throw new Error(`no item ${ref}`);
      const res = await api.request(user, 'PATCH', `/api/threads/${threadId}/checklists/items/${item.id}`, {
        ...change,
        expectedVersion: item.version,
      });
      if (res.status !== expected) throw new Error(`${ref}: ${res.status} ${JSON.stringify(res.body)}`);
      if (res.status === 200) item.version = res.body.item.version;
      return res;
    };
    return { refs, set };
  }

  const done = (value: unknown) => ({ state: 'klar', value });

  /** A two-item template (one required, one optional, both hemsjukvård's), created once by the admin. */
  let shortTemplateKey: Promise<string> | undefined;
  function shortTemplate(): Promise<string> {
    shortTemplateKey ??= api
      .request(admin, 'POST', '/api/checklist-templates', {
        key: 'e2e_kort',
        name: 'Kort lista',
        items: [
          { key: 'a', label: 'Obligatorisk', responsible: 'hemsjukvard', required: true, valueType: 'boolean' },
          { key: 'b', label: 'Valfri', responsible: 'hemsjukvard', required: false, valueType: 'text' },
        ],
      })
      .then((res) => {
        expect(res.status).toBe(201);
        return res.body.key as string;
      });
    return shortTemplateKey;
  }

  async function timeline(threadId: string) {
    const res = await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages`);
    return res.body.messages as {
      seq: number;
      kind: string;
      body: string | null;
      payload: Record<string, unknown>;
      author: { userId: string; unitId: string };
    }[];
  }

  it('takes a thread from applied checklists to hemgångsklar, and records who did what', async () => {
    const threadId = await newThread();
    for (const key of ['hjalpmedel', 'lakemedelslista', 'fardtjanst']) {
      const res = await apply(threadId, key);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        threadId,
        templateKey: key,
        templateVersion: 1,
        appliedBy: { userId: coordinator.id, unitId: ward },
      });
      expect(res.body.items.every((i: { state: string; version: number }) => i.state === 'ej_paborjad' && i.version === 1)).toBe(true);
    }
    let view = await overview(threadId);
    expect(view.hemgangsklar).toBe(false);
    expect(view.readiness.map((r: { unitName: string; status: string }) => [r.unitName, r.status])).toEqual([
      ['Hemsjukvården Visby', 'ej_bekraftad'],
      ['Hemtjänst Norr', 'ej_bekraftad'],
    ]);
    // Conditional items (e.g. what follows "Behov" of a device) are not missing before the need is known.
    const missingItems = view.missing.filter((m: { reason: string }) => m.reason === 'item_not_done');
    expect(missingItems.map((m: { message: string }) => m.message)).toContain(
      'Hjälpmedel: Behovet av rollator är inte bedömt (slutenvården ansvarar).',
    );
    expect(missingItems.map((m: { message: string }) => m.message)).not.toContain(
      'Hjälpmedel: Rollator är inte förskriven (slutenvården ansvarar).',
    );

    const { set } = await board(threadId);
    // Hjälpmedel: the ward assesses and prescribes, SOF the alarm, hemtjänst the key, hemsjukvård delivers.
    await set(coordinator, 'hjalpmedel.rollator_behov', done('Behövs'));
    await set(coordinator, 'hjalpmedel.rollator_forskriven_av', done('Anna Ek, arbetsterapeut avd 4'));
    await set(coordinator, 'hjalpmedel.rollator_bestalld', done(today()));
    for (const device of ['rullstol', 'hygienstol', 'toalettforhojning', 'sang', 'lyft'])
      await set(coordinator, `hjalpmedel.${device}_behov`, done('Behövs inte'));
    await set(officer, 'hjalpmedel.trygghetslarm_behov', done('Finns redan i hemmet'));
    await set(carer, 'hjalpmedel.nyckel_behov', done('Behövs'));
    await set(carer, 'hjalpmedel.nyckel_ordnad', done(inDays(1, 8)));
    await set(nurse, 'hjalpmedel.rollator_levererad', { state: 'pagar' });
    await set(nurse, 'hjalpmedel.rollator_levererad', done(inDays(1, 7)));
    // Läkemedelslista.
    await set(coordinator, 'lakemedelslista.lista_upprattad', done(true));
    await set(coordinator, 'lakemedelslista.lista_skickad', done(inDays(0, 6)));
    await set(coordinator, 'lakemedelslista.doser_forsta_dagarna', done('Skickas med hem från avdelningen'));
    await set(nurse, 'lakemedelslista.lista_granskad', done(true));
    await set(nurse, 'lakemedelslista.hantering', done('Dosett'));
    await set(nurse, 'lakemedelslista.dosett_iordningstalld', done(true));
    await set(nurse, 'lakemedelslista.forsta_kvallsdos', done('Hemsjukvården'));
    // Färdtjänst.
    await set(coordinator, 'fardtjanst.transportsatt', done('Färdtjänst'));
    await set(coordinator, 'fardtjanst.bokad', done(true));
    await set(coordinator, 'fardtjanst.upphamtning', done(inDays(2, 9)));
    await set(coordinator, 'fardtjanst.fran', done('Avdelning 4, huvudentrén'));
    await set(coordinator, 'fardtjanst.till', done('Hemmet'));
    await set(coordinator, 'fardtjanst.rullstol', done(false));
    await set(coordinator, 'fardtjanst.ledsagare', done(false));
    await set(carer, 'fardtjanst.mottagande', done('Hemtjänsten'));

    view = await overview(threadId);
    expect(view.hemgangsklar).toBe(false);
    expect(view.missing.map((m: { reason: string; unitId: string }) => [m.reason, m.unitId])).toEqual([
      ['unit_not_ready', hemsjukvard],
      ['unit_not_ready', hemtjanst],
    ]);

    const nurseReady = await api.request(nurse, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: inDays(2, 8) });
    expect(nurseReady.status).toBe(201);
    expect(nurseReady.body).toMatchObject({ kind: 'redo', payload: { redoFran: inDays(2, 8) }, author: { unitId: hemsjukvard } });
    view = await overview(threadId);
    expect(view.hemgangsklar).toBe(false);
    expect(view.missing).toEqual([
      expect.objectContaining({
        reason: 'unit_not_ready',
        unitId: hemtjanst,
        message: 'Hemtjänst Norr har inte bekräftat att de är redo att ta emot patienten.',
      }),
    ]);

    const carerReady = await api.request(carer, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: inDays(2, 10) });
    expect(carerReady.status).toBe(201);
    view = await overview(threadId, carer);
    expect(view).toMatchObject({ hemgangsklar: true, missing: [], kanTaEmotFran: inDays(2, 10) });
    expect(view.readiness.every((r: { redo: boolean }) => r.redo)).toBe(true);
    const thread = (await api.request(officer, 'GET', `/api/threads/${threadId}`)).body;
    expect(thread.hemgangsklar).toBe(true);
    expect(thread.dates.hemgangsklarAt).toBe(view.hemgangsklarAt);

    // The timeline tells the story, gap-free, with the moment it became hemgångsklar.
    let messages = await timeline(threadId);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    expect(messages.filter((m) => m.kind === 'checklista_tillagd')).toHaveLength(3);
    expect(messages.filter((m) => m.kind === 'checklista_andrad')).toHaveLength(28);
    const klar = messages.filter((m) => m.kind === 'hemgangsklar');
    expect(klar).toHaveLength(1);
    expect(klar[0]).toMatchObject({
      payload: { hemgangsklar: true, kanTaEmotFran: inDays(2, 10) },
      author: { userId: carer.id, unitId: hemtjanst },
    });
    expect(klar[0].seq).toBe(messages.find((m) => m.kind === 'redo' && m.author.userId === carer.id)!.seq + 1);
    const delivered = messages.find(
      (m) =>
        m.kind === 'checklista_andrad' &&
        m.payload.itemKey === 'rollator_levererad' &&
        (m.payload.after as { state: string }).state === 'klar',
    )!;
    expect(delivered.body).toMatch(/^Hjälpmedel – Rollator – Levererad till hemmet: Pågår → Klar, – → \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    // Who did what: the item's history and the access log.
    const levererad = view.checklists[0].items.find((i: { key: string }) => i.key === 'rollator_levererad');
    const history = await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists/items/${levererad.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.changes).toEqual([
      expect.objectContaining({
        version: 2,
        changedBy: expect.objectContaining({ userId: nurse.id, unitId: hemsjukvard, unitName: 'Hemsjukvården Visby' }),
        before: { state: 'ej_paborjad', value: null },
        after: { state: 'pagar', value: null },
      }),
      expect.objectContaining({ version: 3, before: { state: 'pagar', value: null }, after: { state: 'klar', value: inDays(1, 7) } }),
    ]);
    const log = await api.dataSource.query(
      `SELECT action, user_id, unit_id, details FROM audit_log WHERE thread_id = $1 AND outcome = 'allowed' AND action IN ('checklist.apply', 'checklist.change', 'readiness.change') ORDER BY seq`,
      [threadId],
    );
    expect(log.filter((r: { action: string }) => r.action === 'checklist.apply').map((r: { user_id: string }) => r.user_id)).toEqual([
      coordinator.id,
      coordinator.id,
      coordinator.id,
    ]);
    expect(log.filter((r: { action: string }) => r.action === 'checklist.change')).toHaveLength(28);
    expect(log.find((r: { action: string; user_id: string }) => r.action === 'checklist.change' && r.user_id === officer.id)).toMatchObject(
      { unit_id: sof },
    );
    const readiness = log.filter((r: { action: string }) => r.action === 'readiness.change');
    expect(readiness).toEqual([
      expect.objectContaining({
        user_id: nurse.id,
        unit_id: hemsjukvard,
        details: expect.not.objectContaining({ hemgangsklar: expect.anything() }),
      }),
      expect.objectContaining({
        user_id: carer.id,
        unit_id: hemtjanst,
        details: expect.objectContaining({ redo: true, hemgangsklar: true }),
      }),
    ]);

    // A withdrawal loses it, a new confirmation wins it back, an item set back to pågår loses it again.
    const withdrawn = await api.request(carer, 'POST', `/api/threads/${threadId}/readiness/withdraw`, {
      orsak: 'Personalbrist under helgen',
    });
    expect(withdrawn.status).toBe(201);
    view = await overview(threadId);
    expect(view.hemgangsklar).toBe(false);
    expect(view.hemgangsklarAt).toBeNull();
    expect(view.readiness.find((r: { unitId: string }) => r.unitId === hemtjanst)).toMatchObject({
      status: 'aterkallad',
      redo: false,
      since: { userId: carer.id, orsak: 'Personalbrist under helgen' },
    });
    expect(view.missing.map((m: { message: string }) => m.message)).toEqual([
      'Hemtjänst Norr har återkallat att de är redo att ta emot patienten.',
    ]);
    expect((await api.request(carer, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: inDays(3, 10) })).status).toBe(201);
    expect((await overview(threadId)).hemgangsklar).toBe(true);
    const back = await set(nurse, 'lakemedelslista.dosett_iordningstalld', { state: 'pagar' });
    expect(back.body).toMatchObject({ hemgangsklar: false, hemgangsklarAt: null, item: { state: 'pagar', value: true } });
    messages = await timeline(threadId);
    expect(messages.filter((m) => m.kind === 'hemgangsklar').map((m) => [m.payload.hemgangsklar, m.author.userId])).toEqual([
      [true, carer.id],
      [false, carer.id],
      [true, carer.id],
      [false, nurse.id],
    ]);
    const lost = messages.filter((m) => m.kind === 'hemgangsklar').pop()!;
    expect(lost.body).toBe('Inte längre hemgångsklar: Läkemedelslista: Dosetten är inte iordningställd (hemsjukvården ansvarar).');
    expect((await api.request(coordinator, 'GET', `/api/threads/${threadId}`)).body).toMatchObject({
      hemgangsklar: false,
      dates: { hemgangsklarAt: null },
    });
  });

  describe('deriving hemgångsklar', () => {
    let shortKey: string;
    beforeAll(async () => {
      shortKey = await shortTemplate();
    });

    it('needs a checklist; then every required item done (ej aktuell counts, optional items do not)', async () => {
      const threadId = await newThread([hemsjukvard]);
      expect((await api.request(nurse, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: inDays(1) })).status).toBe(201);
      let view = await overview(threadId);
      expect(view.hemgangsklar).toBe(false);
      expect(view.missing.map((m: { reason: string }) => m.reason)).toEqual(['no_checklist']);
      expect((await apply(threadId, shortKey)).status).toBe(201);
      view = await overview(threadId);
      expect(view.missing.map((m: { reason: string }) => m.reason)).toEqual(['item_not_done']);
      const { set } = await board(threadId);
      await set(nurse, `${shortKey}.a`, { state: 'pagar' });
      expect((await overview(threadId)).hemgangsklar).toBe(false);
      const res = await set(nurse, `${shortKey}.a`, { state: 'ej_aktuell' });
      expect(res.body.hemgangsklar).toBe(true);
      view = await overview(threadId);
      expect(view).toMatchObject({ hemgangsklar: true, missing: [] });
      expect(view.checklists[0].items[1]).toMatchObject({ key: 'b', required: false, state: 'ej_paborjad' });
    });

    it('is never hemgångsklar without a receiving unit', async () => {
      const threadId = await newThread([sof]);
      expect((await apply(threadId, shortKey)).status).toBe(201);
      const { set } = await board(threadId);
      await set(coordinator, `${shortKey}.a`, done(true));
      const view = await overview(threadId);
      expect(view.hemgangsklar).toBe(false);
      expect(view.missing).toEqual([
        expect.objectContaining({
          reason: 'no_receiving_unit',
          message: 'Ingen mottagande enhet (hemtjänst eller hemsjukvård) deltar i ärendet.',
        }),
      ]);
      expect(view.readiness).toEqual([]);
    });

    it('waits for every receiving unit, and counts only the latest word of each', async () => {
      const threadId = await newThread([hemsjukvard, hemtjanst]);
      expect((await apply(threadId, shortKey)).status).toBe(201);
      const { set } = await board(threadId);
      await set(nurse, `${shortKey}.a`, done(true));
      const post = (user: TestUser, kind: string, payload: object, key: string) =>
        api.request(user, 'POST', `/api/threads/${threadId}/messages`, { kind, payload, idempotencyKey: key });
      // Through the plain messages endpoint too: a redo re-derives in the same transaction.
      expect((await post(nurse, 'redo', { redoFran: inDays(1) }, 'r1')).status).toBe(201);
      expect((await overview(threadId)).hemgangsklar).toBe(false);
      expect((await post(carer, 'redo', { redoFran: inDays(1) }, 'r2')).status).toBe(201);
      expect((await overview(threadId)).hemgangsklar).toBe(true);
      expect((await post(nurse, 'redo_aterkallad', { orsak: 'Sjuksköterskan sjuk' }, 'r3')).status).toBe(201);
      expect((await overview(threadId)).hemgangsklar).toBe(false);
      // A second withdrawal has nothing to withdraw.
      const again = await post(nurse, 'redo_aterkallad', {}, 'r4');
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/inget att återkalla/);
      expect((await post(nurse, 'redo', { redoFran: inDays(2) }, 'r5')).status).toBe(201);
      const view = await overview(threadId);
      expect(view).toMatchObject({ hemgangsklar: true, kanTaEmotFran: inDays(2) });
      const kinds = (await timeline(threadId)).map((m) => m.kind);
      expect(kinds.filter((k) => k === 'hemgangsklar')).toHaveLength(3);
    });

    it('re-derives when a checklist is added to a thread that was hemgångsklar', async () => {
      const threadId = await newThread([hemsjukvard]);
      expect((await apply(threadId, shortKey)).status).toBe(201);
      const { set } = await board(threadId);
      await set(nurse, `${shortKey}.a`, done(false));
      expect((await api.request(nurse, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: inDays(1) })).status).toBe(201);
      expect((await overview(threadId)).hemgangsklar).toBe(true);
      expect((await apply(threadId, 'fardtjanst')).status).toBe(201);
      expect((await overview(threadId)).hemgangsklar).toBe(false);
    });
  });

  describe('permissions', () => {
    let threadId: string;
    let items: Map<string, ItemRef>;
    beforeAll(async () => {
      threadId = await newThread();
      expect((await apply(threadId, 'lakemedelslista')).status).toBe(201);
      items = (await board(threadId)).refs;
    });
    const patch = (user: TestUser, ref: string, body: object) =>
      api.request(user, 'PATCH', `/api/threads/${threadId}/checklists/items/${items.get(ref)!.id}`, {
        expectedVersion: items.get(ref)!.version,
        ...body,
      });

    it('lets a unit change only the items its organisation kind is responsible for, and logs a refusal', async () => {
      const res = await patch(carer, 'lakemedelslista.lista_granskad', done(true));
      expect(res.status).toBe(403);
      expect(res.body.message).toBe(
        'Läkemedelslistan granskad av hemsjukvården fylls i av hemsjukvården eller den ansvariga avdelningen; din enhet eller roll kan inte ändra punkten.',
      );
      expect((await patch(nurse, 'lakemedelslista.lista_upprattad', done(true))).status).toBe(403);
      expect((await patch(officer, 'lakemedelslista.hantering', done('Dosett'))).status).toBe(403);
      const denied = await api.dataSource.query(
        `SELECT user_id, unit_id, patient_id, details FROM audit_log WHERE thread_id = $1 AND action = 'checklist.change' AND outcome = 'denied' ORDER BY seq`,
        [threadId],
      );
      expect(denied.map((r: { user_id: string }) => r.user_id)).toEqual([carer.id, nurse.id, officer.id]);
      expect(denied[0]).toMatchObject({ unit_id: hemtjanst, details: { itemId: items.get('lakemedelslista.lista_granskad')!.id } });
      expect(denied[0].patient_id).not.toBeNull();
      const view = await overview(threadId, carer);
      expect(view.checklists[0].items.every((i: { mayChange: boolean }) => !i.mayChange)).toBe(true);
      const nurseView = await overview(threadId, nurse);
      expect(nurseView.checklists[0].items.filter((i: { mayChange: boolean }) => i.mayChange).map((i: { key: string }) => i.key)).toEqual([
        'lista_granskad',
        'hantering',
        'dosett_iordningstalld',
        'forsta_kvallsdos',
      ]);
    });

    it('lets anyone of the owning ward change any item', async () => {
      const res = await patch(wardNurse, 'lakemedelslista.lista_granskad', done(true));
      expect(res.status).toBe(200);
      expect(res.body.item).toMatchObject({ state: 'klar', value: true, version: 2, updatedBy: { userId: wardNurse.id, unitId: ward } });
    });

    it('lets only the owning ward’s koordinator or läkare apply templates; an admin reads no thread', async () => {
      for (const user of [officer, nurse, carer, wardNurse]) {
        const res = await apply(threadId, 'fardtjanst', user);
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/koordinator eller läkare/);
      }
      expect((await apply(threadId, 'fardtjanst', unitAdmin)).status).toBe(404);
      expect((await apply(threadId, 'fardtjanst')).status).toBe(201);
      const twice = await apply(threadId, 'fardtjanst');
      expect(twice.status).toBe(409);
      expect(twice.body.message).toBe('Checklistan Resa hem finns redan i ärendet.');
      const unknown = await apply(threadId, 'finns_inte');
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields).toEqual([{ field: 'templateKey', message: 'det finns ingen checklistmall med den nyckeln' }]);
    });

    it('lets only receiving units confirm readiness', async () => {
      const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: inDays(1) });
      expect(res.status).toBe(403);
      expect((await api.request(officer, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: inDays(1) })).status).toBe(403);
      const withdraw = await api.request(carer, 'POST', `/api/threads/${threadId}/readiness/withdraw`, {});
      expect(withdraw.status).toBe(409);
    });

    it('answers a non-participant like a thread that does not exist, and logs the denial', async () => {
      const missing = '0b9c3a56-4b1e-4c59-9a59-1f2b3c4d5e6f';
      const itemId = items.get('lakemedelslista.hantering')!.id;
      const calls: [string, string, unknown?][] = [
        ['GET', '/api/threads/%s/checklists'],
        ['POST', '/api/threads/%s/checklists', { templateKey: 'hjalpmedel' }],
        ['PATCH', `/api/threads/%s/checklists/items/${itemId}`, { state: 'klar', value: 'Dosett', expectedVersion: 1 }],
        ['GET', `/api/threads/%s/checklists/items/${itemId}/history`],
        ['POST', '/api/threads/%s/readiness', { redoFran: inDays(1) }],
      ];
      for (const [method, path, body] of calls) {
        const denied = await api.request(outsider, method, path.replace('%s', threadId), body);
        const absent = await api.request(outsider, method, path.replace('%s', missing), body);
        expect(denied.status).toBe(404);
        // Alike but for the correlation id, which every answer has of its own.
        expect(denied.body).toEqual({ ...absent.body, correlationId: expect.any(String) });
      }
      const rows = await api.dataSource.query(
        `SELECT action, outcome, patient_id FROM audit_log WHERE user_id = $1 AND thread_id = $2 ORDER BY seq`,
        [outsider.id, threadId],
      );
      expect(rows.map((r: { action: string }) => r.action)).toEqual([
        'checklist.read',
        'checklist.apply',
        'checklist.change',
        'checklist.history',
        'message.create',
      ]);
      // The thread's patient is in the log (the patient's extract shows the attempts), never in the answer.
      const [{ patient_id: patientId }] = await api.dataSource.query('SELECT patient_id FROM thread WHERE id = $1', [threadId]);
      for (const row of rows) expect(row).toMatchObject({ outcome: 'denied', patient_id: patientId });
      expect((await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists/items/${missing}/history`)).status).toBe(404);
      expect((await api.request(null, 'GET', `/api/threads/${threadId}/checklists`)).status).toBe(401);
    });
  });

  describe('"Behövs inte" for a section in one action (issue 27)', () => {
    const notNeeded = (user: TestUser, threadId: string, checklistId: string, body: Record<string, unknown> = {}) =>
      api.request(user, 'POST', `/api/threads/${threadId}/checklists/${checklistId}/not-needed`, body);
    const rows = async (threadId: string) =>
      (
        await api.dataSource.query(
          `SELECT (SELECT count(*)::int FROM checklist_item_change WHERE thread_id = $1) AS changes,
                  (SELECT count(*)::int FROM message WHERE thread_id = $1) AS messages,
                  (SELECT coalesce(sum(version), 0)::int FROM checklist_item WHERE thread_id = $1) AS versions`,
          [threadId],
        )
      )[0];

    it('answers every device need at once, with history, one timeline entry and a log row', async () => {
      const threadId = await newThread();
      const checklist = (await apply(threadId, 'hjalpmedel')).body;
      const before = await rows(threadId);
      const res = await notNeeded(coordinator, threadId, checklist.id);
      expect(res.status).toBe(200);
      expect(res.body.changed).toBe(9);
      const byKey = new Map(res.body.checklist.items.map((i: { key: string }) => [i.key, i]));
      expect(byKey.get('rollator_behov')).toMatchObject({ state: 'klar', value: 'Behövs inte', version: 2 });
      expect(byKey.get('nyckel_behov')).toMatchObject({ state: 'klar', value: 'Behövs inte' });
      expect(byKey.get('ovriga')).toMatchObject({ state: 'ej_aktuell' });
      expect(byKey.get('rollator_bestalld')).toMatchObject({ applies: false, state: 'ej_paborjad', version: 1 });
      expect(await rows(threadId)).toEqual({ changes: before.changes + 9, messages: before.messages + 1, versions: before.versions + 9 });
      const [logged] = await api.dataSource.query(
        `SELECT details FROM audit_log WHERE thread_id = $1 AND action = 'checklist.change' AND outcome = 'allowed' ORDER BY seq DESC LIMIT 1`,
        [threadId],
      );
      expect(logged.details).toMatchObject({ checklistId: checklist.id, notNeeded: true, items: 9 });
      // Again: nothing left to change, nothing written.
      const again = await notNeeded(coordinator, threadId, checklist.id);
      expect(again.body.changed).toBe(0);
      expect((await rows(threadId)).changes).toBe(before.changes + 9);
    });

    it('refuses a section with a required item that is done: Swedish 409, nothing written, the refusal logged', async () => {
      const threadId = await newThread();
      const checklist = (await apply(threadId, 'hjalpmedel')).body;
      const { set } = await board(threadId);
      await set(coordinator, 'hjalpmedel.rollator_behov', { state: 'klar', value: 'Behövs' });
      await set(coordinator, 'hjalpmedel.rollator_bestalld', { state: 'klar', value: today() });
      const before = await rows(threadId);
      const refused = await notNeeded(coordinator, threadId, checklist.id, { group: 'Rollator' });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/Rollator – Beställd är redan klar/);
      expect(await rows(threadId)).toEqual(before);
      const [denied] = await api.dataSource.query(
        `SELECT details FROM audit_log WHERE thread_id = $1 AND action = 'checklist.change' AND outcome = 'denied' ORDER BY seq DESC LIMIT 1`,
        [threadId],
      );
      expect(denied.details).toMatchObject({ group: 'Rollator', notNeeded: true });
      // Another device of the same checklist is still one action.
      expect((await notNeeded(coordinator, threadId, checklist.id, { group: 'Rullstol' })).body.changed).toBe(1);
    });

    it('says what is wrong with bad input, and refuses units that do not fill in the whole section', async () => {
      const threadId = await newThread();
      const checklist = (await apply(threadId, 'lakemedelslista')).body;
      const before = await rows(threadId);
      const unknown = await notNeeded(coordinator, threadId, checklist.id, { group: 'Rymdraket' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields[0]).toMatchObject({ field: 'group' });
      expect((await notNeeded(coordinator, threadId, checklist.id, { oops: 1 })).status).toBe(400);
      expect((await notNeeded(coordinator, threadId, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await notNeeded(coordinator, threadId, 'inte-ett-id')).status).toBe(404);
      // Läkemedelslistan holds the ward's items too: hemsjukvården may not wave them all away.
      const forbidden = await notNeeded(nurse, threadId, checklist.id);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.message).toMatch(/Behövs inte/);
      // A unit outside the thread learns nothing.
      expect((await notNeeded(outsider, threadId, checklist.id)).status).toBe(404);
      expect(await rows(threadId)).toEqual(before);
    });
  });

  it('keeps every change as history: who, which unit, when, before → after; the history is append-only', async () => {
    const threadId = await newThread();
    expect((await apply(threadId, 'fardtjanst')).status).toBe(201);
    const { refs, set } = await board(threadId);
    await set(coordinator, 'fardtjanst.transportsatt', { state: 'pagar', value: 'Sjukresa' });
    await set(wardNurse, 'fardtjanst.transportsatt', { value: 'Färdtjänst' });
    await set(coordinator, 'fardtjanst.transportsatt', { state: 'klar' });
    const res = await api.request(
      officer,
      'GET',
      `/api/threads/${threadId}/checklists/items/${refs.get('fardtjanst.transportsatt')!.id}/history`,
    );
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({ key: 'transportsatt', state: 'klar', value: 'Färdtjänst', version: 4, mayChange: false });
    expect(
      res.body.changes.map((c: { version: number; changedBy: { userId: string; unitName: string }; before: object; after: object }) => [
        c.version,
        c.changedBy.userId,
        c.changedBy.unitName,
        c.before,
        c.after,
      ]),
    ).toEqual([
      [2, coordinator.id, 'Medicinavdelning 4', { state: 'ej_paborjad', value: null }, { state: 'pagar', value: 'Sjukresa' }],
      [3, wardNurse.id, 'Medicinavdelning 4', { state: 'pagar', value: 'Sjukresa' }, { state: 'pagar', value: 'Färdtjänst' }],
      [4, coordinator.id, 'Medicinavdelning 4', { state: 'pagar', value: 'Färdtjänst' }, { state: 'klar', value: 'Färdtjänst' }],
    ]);
    for (const change of res.body.changes) expect(Date.parse(change.changedAt)).not.toBeNaN();
    // Every history row points at its timeline entry.
    const messages = await timeline(threadId);
    expect(
      res.body.changes.map((c: { messageId: string }) => messages.find((m) => (m as unknown as { id: string }).id === c.messageId)?.kind),
    ).toEqual(['checklista_andrad', 'checklista_andrad', 'checklista_andrad']);
    await expect(api.dataSource.query(`UPDATE checklist_item_change SET state_after = 'ej_aktuell'`)).rejects.toThrow(/permission denied/);
    await expect(api.dataSource.query(`DELETE FROM checklist_item_change`)).rejects.toThrow(/permission denied/);
    // Re-sending the same state and value changes nothing.
    const same = await set(coordinator, 'fardtjanst.transportsatt', { state: 'klar', value: 'Färdtjänst' });
    expect(same.body.item.version).toBe(4);
  });

  it('gives the second of two concurrent changes 409, and keeps the winner’s value', async () => {
    const threadId = await newThread();
    expect((await apply(threadId, 'fardtjanst')).status).toBe(201);
    const { refs } = await board(threadId);
    const item = refs.get('fardtjanst.mottagande')!;
    const path = `/api/threads/${threadId}/checklists/items/${item.id}`;
    const [first, second] = await Promise.all([
      api.request(carer, 'PATCH', path, { state: 'klar', value: 'Hemtjänsten', expectedVersion: 1 }),
      api.request(coordinator, 'PATCH', path, { state: 'klar', value: 'Närstående', expectedVersion: 1 }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const [winner, loser] = first.status === 200 ? [first, second] : [second, first];
    expect(loser.body.message).toMatch(/^Punkten har ändrats av någon annan sedan du hämtade den/);
    const view = await overview(threadId);
    const stored = view.checklists[0].items.find((i: { key: string }) => i.key === 'mottagande');
    expect(stored).toMatchObject({ value: winner.body.item.value, version: 2 });
    const [{ count }] = await api.dataSource.query('SELECT count(*)::int AS count FROM checklist_item_change WHERE item_id = $1', [
      item.id,
    ]);
    expect(count).toBe(1);
    // A change based on a version someone else has moved past is refused too.
    const stale = await api.request(carer, 'PATCH', path, { state: 'pagar', expectedVersion: 1 });
    expect(stale.status).toBe(409);
  });

  describe('template administration', () => {
    it('lists the latest version of each standard template to anyone logged in', async () => {
      const res = await api.request(carer, 'GET', '/api/checklist-templates');
      expect(res.status).toBe(200);
      const keys = res.body.templates.map((t: { key: string }) => t.key);
      expect(keys).toEqual(expect.arrayContaining(['fardtjanst', 'hjalpmedel', 'lakemedelslista']));
      const hjalpmedel = res.body.templates.find((t: { key: string }) => t.key === 'hjalpmedel');
      expect(hjalpmedel).toMatchObject({ name: 'Hjälpmedel', createdBy: null });
      expect(hjalpmedel.items.length).toBeGreaterThan(25);
    });

    it('creates a new version on change; checklists already applied keep the version they were made from', async () => {
      const before = await newThread();
      expect((await apply(before, 'fardtjanst')).status).toBe(201);
      const current = (await api.request(admin, 'GET', '/api/checklist-templates')).body.templates.find(
        (t: { key: string }) => t.key === 'fardtjanst',
      );
      const items = [
        ...current.items,
        { key: 'parkering', label: 'Parkeringstillstånd för färdtjänsten', responsible: 'hemtjanst', required: false, valueType: 'text' },
      ];
      expect((await api.request(coordinator, 'POST', '/api/checklist-templates', { ...current, items })).status).toBe(403);
      const denied = await api.dataSource.query(`SELECT outcome FROM audit_log WHERE user_id = $1 AND action = 'route.denied'`, [
        coordinator.id,
      ]);
      expect(denied).toEqual([{ outcome: 'denied' }]);
      const created = await api.request(admin, 'POST', '/api/checklist-templates', {
        key: 'fardtjanst',
        name: 'Färdtjänst',
        description: current.description,
        items,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ key: 'fardtjanst', version: current.version + 1, createdBy: { userId: admin.id } });

      const old = (await overview(before)).checklists[0];
      expect(old).toMatchObject({ templateVersion: current.version });
      expect(old.items.map((i: { key: string }) => i.key)).not.toContain('parkering');
      const after = await newThread();
      const applied = await apply(after, 'fardtjanst');
      expect(applied.body.templateVersion).toBe(current.version + 1);
      expect(applied.body.items.map((i: { key: string }) => i.key)).toContain('parkering');

      const all = (await api.request(admin, 'GET', '/api/checklist-templates?all=true')).body.templates;
      expect(all.filter((t: { key: string }) => t.key === 'fardtjanst').map((t: { version: number }) => t.version)).toEqual([
        current.version,
        current.version + 1,
      ]);
      const latest = (await api.request(admin, 'GET', '/api/checklist-templates')).body.templates;
      expect(latest.filter((t: { key: string }) => t.key === 'fardtjanst').map((t: { version: number }) => t.version)).toEqual([
        current.version + 1,
      ]);
      await expect(api.dataSource.query(`UPDATE checklist_template SET name = 'x'`)).rejects.toThrow(/permission denied/);
      const log = await api.dataSource.query(`SELECT details FROM audit_log WHERE user_id = $1 AND action = 'template.change'`, [admin.id]);
      expect(log).toContainEqual({
        details: expect.objectContaining({ key: 'fardtjanst', version: current.version + 1, items: items.length }),
      });
    });

    it('refuses an unsound template with a message per field', async () => {
      const res = await api.request(admin, 'POST', '/api/checklist-templates', {
        key: 'trasig',
        name: 'Trasig',
        items: [
          { key: 'a', label: 'A', responsible: 'hemtjanst', required: true, valueType: 'choice' },
          { key: 'b', label: 'B', responsible: 'kommunen', required: true, valueType: 'text', when: { item: 'x', in: ['y'] } },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'items.1.responsible', message: 'har ett värde som inte är tillåtet' }]);
      const semantic = await api.request(admin, 'POST', '/api/checklist-templates', {
        key: 'trasig',
        name: 'Trasig',
        items: [
          { key: 'a', label: 'A', responsible: 'hemtjanst', required: true, valueType: 'choice' },
          { key: 'b', label: 'B', responsible: 'hemtjanst', required: true, valueType: 'text', when: { item: 'x', in: ['y'] } },
        ],
      });
      expect(semantic.status).toBe(400);
      expect(semantic.body.fields).toEqual([
        { field: 'items.0.choices', message: 'ett val måste ha minst två alternativ' },
        { field: 'items.1.when.item', message: 'måste vara nyckeln till en tidigare punkt i mallen' },
      ]);
    });
  });

  describe('bad input', () => {
    let threadId: string;
    let set: Awaited<ReturnType<typeof board>>['set'];
    beforeAll(async () => {
      threadId = await newThread();
      for (const key of ['lakemedelslista', 'fardtjanst']) expect((await apply(threadId, key)).status).toBe(201);
      set = (await board(threadId)).set;
    });

    it.each([
      [
        'a value of the wrong type',
        'lakemedelslista.lista_upprattad',
        { state: 'klar', value: 'ja' },
        'value',
        'måste vara ja eller nej (true eller false)',
      ],
      [
        'a choice not in the list',
        'lakemedelslista.hantering',
        { value: 'Egen låda' },
        'value',
        'måste vara ett av alternativen: ApoDos, Dosett, Patienten sköter själv',
      ],
      [
        'a färdtjänst pick-up in the past',
        'fardtjanst.upphamtning',
        { state: 'klar', value: inDays(-1) },
        'value',
        'tidpunkten har redan passerat',
      ],
      [
        'a time without a time zone',
        'fardtjanst.upphamtning',
        { value: '2030-01-01T10:00' },
        'value',
        'måste vara en tidpunkt med tidszon (ISO 8601, t.ex. 2026-11-23T10:00:00+01:00)',
      ],
      ['an unknown field', 'fardtjanst.fran', { value: 'Entré B', kommentar: 'x' }, 'kommentar', 'är inte ett tillåtet fält'],
      ['an unknown state', 'fardtjanst.fran', { state: 'done' }, 'state', 'har ett värde som inte är tillåtet'],
      ['klar without a value', 'fardtjanst.fran', { state: 'klar' }, 'value', 'ett värde krävs för att markera punkten som klar'],
      ['neither state nor value', 'fardtjanst.fran', {}, 'state', 'ange state, value eller båda'],
    ])('refuses %s with 400 and a Swedish message', async (_what, ref, body, field, message) => {
      const res = await set(coordinator, ref, body, 400);
      expect(res.body.fields).toEqual([{ field, message }]);
    });

    it('refuses a change without expectedVersion, and a readiness time that is not a time', async () => {
      const view = await overview(threadId);
      const item = view.checklists[0].items[0];
      const res = await api.request(coordinator, 'PATCH', `/api/threads/${threadId}/checklists/items/${item.id}`, { state: 'pagar' });
      expect(res.status).toBe(400);
      expect(new Set(res.body.fields.map((f: { field: string }) => f.field))).toEqual(new Set(['expectedVersion']));
      const ready = await api.request(nurse, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: 'i morgon' });
      expect(ready.status).toBe(400);
      expect(ready.body.fields).toEqual([
        { field: 'redoFran', message: 'måste vara en tidpunkt med tidszon (ISO 8601, t.ex. 2026-11-23T10:00:00+01:00)' },
      ]);
    });

    it('stored nothing for refused input, and timeline kinds cannot be posted by hand', async () => {
      const view = await overview(threadId);
      for (const c of view.checklists) for (const i of c.items) expect(i).toMatchObject({ state: 'ej_paborjad', value: null, version: 1 });
      const forged = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
        kind: 'hemgangsklar',
        payload: { hemgangsklar: true },
        idempotencyKey: 'forged',
      });
      expect(forged.status).toBe(400);
      expect((await api.request(coordinator, 'GET', `/api/threads/${threadId}`)).body.hemgangsklar).toBe(false);
    });
  });

  it('writes access-log rows for reads and changes, and the chain still verifies', async () => {
    const threadId = await newThread();
    expect((await apply(threadId, 'lakemedelslista')).status).toBe(201);
    const { refs, set } = await board(threadId);
    await set(nurse, 'lakemedelslista.hantering', done('ApoDos'));
    await api.request(carer, 'GET', `/api/threads/${threadId}/checklists/items/${refs.get('lakemedelslista.hantering')!.id}/history`);
    await api.request(carer, 'GET', '/api/checklist-templates');
    const rows = await api.dataSource.query(
      `SELECT action, outcome, user_id, unit_id, patient_id, role, details FROM audit_log WHERE thread_id = $1 ORDER BY seq`,
      [threadId],
    );
    const [{ patient_id: patientId }] = await api.dataSource.query('SELECT patient_id FROM thread WHERE id = $1', [threadId]);
    const actions = rows.map((r: { action: string; user_id: string }) => [r.action, r.user_id]);
    expect(actions).toEqual([
      ['thread.create', coordinator.id],
      ['checklist.apply', coordinator.id],
      ['checklist.read', coordinator.id],
      ['checklist.change', nurse.id],
      ['checklist.history', carer.id],
    ]);
    for (const row of rows) expect(row).toMatchObject({ outcome: 'allowed', patient_id: patientId });
    expect(rows[3]).toMatchObject({
      unit_id: hemsjukvard,
      role: 'sjukskoterska',
      details: { itemKey: 'hantering', version: 2, stateBefore: 'ej_paborjad', stateAfter: 'klar' },
    });
    expect(rows[4]).toMatchObject({ unit_id: hemtjanst, details: { itemId: refs.get('lakemedelslista.hantering')!.id, changes: 1 } });
    const [templateRead] = await api.dataSource.query(
      `SELECT outcome, patient_id FROM audit_log WHERE user_id = $1 AND action = 'template.list'`,
      [carer.id],
    );
    expect(templateRead).toEqual({ outcome: 'allowed', patient_id: null });
    const verify = await api.request(reviewer, 'GET', '/api/audit/verify');
    expect(verify.body.ok).toBe(true);
  });

  it('publishes the change, the checklist event and the hemgångsklar flip after commit, in timeline order', async () => {
    const threadId = await newThread([hemsjukvard]);
    const key = await shortTemplate();
    expect((await apply(threadId, key)).status).toBe(201);
    expect((await api.request(nurse, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: inDays(1) })).status).toBe(201);
    const { set } = await board(threadId);
    const seen: ThreadEvent[] = [];
    const subscription = api.app.get(DomainEvents).events$.subscribe((e) => e.threadId === threadId && seen.push(e));
    try {
      await set(nurse, `${key}.a`, done(true));
    } finally {
      subscription.unsubscribe();
    }
    expect(seen.map((e) => e.type)).toEqual(['message.created', 'checklist.changed', 'message.created', 'thread.changed']);
    expect(seen.map((e) => (e.data as { kind?: string }).kind).filter(Boolean)).toEqual(['checklista_andrad', 'hemgangsklar']);
    expect(seen[1].data).toMatchObject({ change: 'item', item: { key: 'a', state: 'klar', version: 2 } });
    expect((seen[1].data as { item?: unknown }).item).not.toHaveProperty('mayChange');
    expect(seen[3]).toMatchObject({
      participantUnitIds: expect.arrayContaining([ward, hemsjukvard]),
      data: { threadId, hemgangsklar: true },
    });
  });
});
