import { randomUUID } from 'node:crypto';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/**
 * The SIP plan: written by the units summoned to SIP, versioned with its history, accepted unit
 * by unit, followed up and evaluated. Refusals are Swedish 4xx and write nothing.
 */
describe('the SIP plan', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let hemtjanst: string;
  let vc: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let carer: TestUser;
  let gp: TestUser;
  let threadId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    vc = await api.unit('primarvard', 'Visby norra vårdcentral');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    gp = await api.user(vc, 'lakare', 'Fatima');
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst, vc]));
    threadId = res.body.id;
  });
  afterAll(() => api.close());

  const plan = (over: Record<string, unknown> = {}) => ({
    situation: 'Bor ensam, höftfraktur, går med rollator.',
    mal: ['Klara morgonrutinen själv', 'Gå till affären'],
    insatser: [
      { vad: 'Hjälp med dusch', enhetId: hemtjanst, fran: '2026-12-10', hurOfta: 'tisdag och fredag' },
      { vad: 'Biståndsbedömning i hemmet', enhetId: sof, fran: '2026-12-11', hurOfta: 'en gång' },
    ],
    sipAnsvarigEnhet: sof,
    sipAnsvarigNamn: 'Maria',
    deltagare: { enheter: [sof, hemtjanst, ward], patientenDeltog: true, narstaendeDeltog: false },
    plats: 'i_hemmet',
    typ: 'vid_utskrivning',
    motesdatum: '2026-12-09',
    uppfoljningsdatum: '2027-01-15',
    ...over,
  });
  const rows = async () => {
    const [row] = await api.dataSource.query(
      `SELECT (SELECT count(*)::int FROM sip_plan_version WHERE thread_id = $1) AS versions,
              (SELECT count(*)::int FROM sip_plan_acceptance a JOIN sip_plan_version v ON v.id = a.version_id WHERE v.thread_id = $1) AS accepted,
              (SELECT count(*)::int FROM sip_plan_entry WHERE thread_id = $1) AS entries,
              (SELECT count(*)::int FROM message WHERE thread_id = $1) AS messages`,
      [threadId],
    );
    return row;
  };
  const refused = async (status: number, attempt: () => Promise<{ status: number; body: { message: string } }>) => {
    const before = await rows();
    const res = await attempt();
    expect(res.status).toBe(status);
    expect(res.body.message).toMatch(/\b(inte|kan|måste|redan|ingen|har|är|finns|ange)\b/);
    expect(await rows()).toEqual(before);
    return res;
  };

  it('needs a summons first; only summoned units write it; bad input is refused', async () => {
    const early = await refused(409, () => api.request(officer, 'POST', `/api/threads/${threadId}/sip-plan`, plan()));
    expect(early.body.message).toContain('SIP-kallelse');
    // The ward summons SOF and hemtjänst (not the vårdcentral).
    const summons = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'sip_kallelse',
      payload: { motesTid: '2026-12-09T10:00:00+01:00', plats: 'Hemma hos patienten', inbjudnaEnheter: [sof, hemtjanst] },
      idempotencyKey: randomUUID(),
    });
    expect(summons.status).toBe(201);
    await refused(403, () => api.request(gp, 'POST', `/api/threads/${threadId}/sip-plan`, plan()));
    await refused(400, () => api.request(officer, 'POST', `/api/threads/${threadId}/sip-plan`, plan({ mal: [] })));
    await refused(400, () => api.request(officer, 'POST', `/api/threads/${threadId}/sip-plan`, plan({ mal: ['  '] })));
    await refused(400, () => api.request(officer, 'POST', `/api/threads/${threadId}/sip-plan`, plan({ plats: 'bilen' })));
    await refused(400, () =>
      api.request(
        officer,
        'POST',
        `/api/threads/${threadId}/sip-plan`,
        plan({ insatser: [{ vad: 'x', enhetId: randomUUID(), fran: '2026-12-10', hurOfta: 'dagligen' }] }),
      ),
    );
  });

  it('versions with history, acceptance per unit, follow-up and evaluation', async () => {
    const first = await api.request(officer, 'POST', `/api/threads/${threadId}/sip-plan`, plan());
    expect(first.status).toBe(201);
    expect(first.body.current).toMatchObject({
      version: 1,
      plats: 'i_hemmet',
      typ: 'vid_utskrivning',
      patientenDeltog: true,
      sipAnsvarigEnhetNamn: 'SOF mottagningsteam',
    });
    expect(first.body.current.insatser[0]).toMatchObject({ vad: 'Hjälp med dusch', enhetNamn: 'Hemtjänst Norr' });
    // A change must start from the latest version.
    await refused(409, () => api.request(carer, 'POST', `/api/threads/${threadId}/sip-plan`, plan({ situation: 'Ändrad' })));

    // Hemtjänst accepts its part of version 1; the vårdcentral has none.
    expect((await api.request(carer, 'POST', `/api/threads/${threadId}/sip-plan/accept`, { version: 1 })).status).toBe(200);
    await refused(409, () => api.request(carer, 'POST', `/api/threads/${threadId}/sip-plan/accept`, { version: 1 }));
    await refused(403, () => api.request(gp, 'POST', `/api/threads/${threadId}/sip-plan/accept`, { version: 1 }));

    const second = await api.request(
      carer,
      'POST',
      `/api/threads/${threadId}/sip-plan`,
      plan({ situation: 'Rollatorn levererad.', grundversion: 1 }),
    );
    expect(second.status).toBe(201);
    expect(second.body.current).toMatchObject({ version: 2, situation: 'Rollatorn levererad.', accepterade: [] });
    expect(second.body.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    // Accepting the old version is refused: it changed.
    await refused(409, () => api.request(officer, 'POST', `/api/threads/${threadId}/sip-plan/accept`, { version: 1 }));
    const accepted = await api.request(officer, 'POST', `/api/threads/${threadId}/sip-plan/accept`, { version: 2 });
    expect(accepted.body.current.accepterade.map((a: { unitName: string }) => a.unitName)).toEqual(['SOF mottagningsteam']);
    expect(accepted.body.current.vantarPa.map((a: { unitName: string }) => a.unitName).sort()).toEqual([
      'Hemtjänst Norr',
      'Medicinavdelning 4',
    ]);

    await refused(400, () =>
      api.request(officer, 'POST', `/api/threads/${threadId}/sip-plan/entries`, {
        typ: 'utvardering',
        datum: '2027-01-15',
        text: 'x',
        malResultat: ['uppnatt', 'delvis', 'ej_uppnatt'],
      }),
    );
    expect(
      (
        await api.request(officer, 'POST', `/api/threads/${threadId}/sip-plan/entries`, {
          typ: 'uppfoljning',
          datum: '2027-01-15',
          text: 'Går bra.',
        })
      ).status,
    ).toBe(201);
    const evaluated = await api.request(carer, 'POST', `/api/threads/${threadId}/sip-plan/entries`, {
      typ: 'utvardering',
      datum: '2027-02-01',
      text: 'Målen nådda.',
      malResultat: ['uppnatt', 'delvis'],
    });
    expect(evaluated.status).toBe(201);
    expect(evaluated.body.entries).toMatchObject([
      { typ: 'uppfoljning', version: 2 },
      { typ: 'utvardering', malResultat: ['uppnatt', 'delvis'], unitName: 'Hemtjänst Norr' },
    ]);
    const read = await api.request(gp, 'GET', `/api/threads/${threadId}/sip-plan`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ mayEdit: false, mayAccept: [] });
    const timeline = await api.dataSource.query(`SELECT kind FROM message WHERE thread_id = $1 AND kind LIKE 'sip_plan%' ORDER BY seq`, [
      threadId,
    ]);
    expect(timeline.map((r: { kind: string }) => r.kind)).toEqual([
      'sip_plan_version',
      'sip_plan_accepterad',
      'sip_plan_version',
      'sip_plan_accepterad',
      'sip_plan_anteckning',
      'sip_plan_anteckning',
    ]);
  });
});
