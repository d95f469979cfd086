import { randomUUID } from 'node:crypto';
import { validateAgainstProfiles } from '@brygga/fhir';
import { TestApi } from './support/harness';
import { ackOf, asNewMessage, medcom, processMessage, systemFor, SystemIdp, HERLEV } from './support/fhir';
import { Receiver } from './support/fhir-receiver';

/**
 * Issue 31, nothing lost at the boundary, both ways through HTTP: a CareCommunication conversation
 * is kept in what comes in and what the outbox sends; a disabled system gets nothing. The import's own rules (a cancellation that overtakes its
 * admission is parked, a CareCommunication with no thread opens one for the ward, organisations
 * matched on SOR, never the EAN they share, a time without its offset refused) are
 * test/service/fhir/import.spec.ts.
 */
describe('FHIR: nothing lost at the boundary', () => {
  let api: TestApi;
  let systems: SystemIdp;
  const receiver = new Receiver();
  const received = receiver.received;
  let ward: string;
  let care: string;
  let hospital: string;
  let carecentre: string;

  const resource = (bundle: any, type: string) => bundle.entry.find((e: any) => e.resource.resourceType === type).resource;
  const count = async (table: string): Promise<number> => (await api.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const threadOfEpisode = async (value: string): Promise<{ id: string; status: string } | undefined> =>
    (
      await api.dataSource.query(
        'SELECT t.id, t.status FROM thread t JOIN fhir_episode e ON e.thread_id = t.id WHERE e.value = $1 AND e.system NOT LIKE $2',
        [value, 'urn:brygga:%'],
      )
    )[0];
  const lastMessage = async (threadId: string) =>
    (
      await api.dataSource.query('SELECT kind, body, author_unit_id FROM message WHERE thread_id = $1 ORDER BY seq DESC LIMIT 1', [
        threadId,
      ])
    )[0];
  /** A new admission (MedCom's STIN) of a new episode of care for a patient (CPR). */
  const admission = (cpr = '2509479989') => {
    const bundle = asNewMessage(medcom('hn-01-admit-inpatient-STIN'));
    resource(bundle, 'Encounter').episodeOfCare[0].identifier.value = randomUUID();
    resource(bundle, 'Patient').identifier[0].value = cpr;
    return bundle;
  };
  /** A CareCommunication (cc-07 from the ward, cc-08 from the care centre) for a patient, in a conversation. */
  const careCommunication = (name: 'cc-07-new-message' | 'cc-08-reply-with-pdf-attachment', cpr: string, conversation: string) => {
    const bundle = asNewMessage(medcom(name));
    resource(bundle, 'Patient').identifier[0].value = cpr;
    resource(bundle, 'Communication').identifier = [{ value: conversation }];
    return bundle;
  };

  beforeAll(async () => {
    await receiver.start();
    systems = await SystemIdp.start(['herlev-hjerte', 'plejecenter-herlev']);
    api = await TestApi.start({ ...systems.env('dk'), FHIR_OUTBOX_POLL_SECONDS: '1' });
    ward = await api.unit('slutenvard', 'Hjerteafdelingen på Herlev og Gentofte hospital');
    care = await api.unit('hemsjukvard', 'Plejecenter Herlev');
    await systemFor(api, ward, 'herlev-hjerte', {
      identifiers: HERLEV.ward,
    });
    await systemFor(api, care, 'plejecenter-herlev', {
      endpointUrl: receiver.url,
      identifiers: HERLEV.care,
    });
    hospital = await systems.token('herlev-hjerte');
    carecentre = await systems.token('plejecenter-herlev');
  });
  afterAll(async () => {
    await api.close();
    await systems.close();
    await receiver.stop();
  });

  it('the conversation identity is kept both ways: a reply joins its conversation’s thread, and what the ward writes there carries it', async () => {
    const cpr = '0505905678';
    // Two open threads for the patient with both units: the conversation decides, not the latest.
    const conversation = `urn:uuid:${randomUUID()}`;
    expect(ackOf(await processMessage(api, hospital, careCommunication('cc-07-new-message', cpr, conversation))).code).toBe('ok');
    const admit = admission(cpr);
    expect(ackOf(await processMessage(api, hospital, admit)).code).toBe('ok');
    const second = (await threadOfEpisode(resource(admit, 'Encounter').episodeOfCare[0].identifier.value))!.id;
    const [{ id: first }] = await api.dataSource.query(
      `SELECT t.id FROM thread t JOIN patient p ON p.id = t.patient_id WHERE p.identity_number = $1 AND t.id <> $2`,
      [cpr, second],
    );
    expect(ackOf(await processMessage(api, carecentre, careCommunication('cc-08-reply-with-pdf-attachment', cpr, conversation))).code).toBe(
      'ok',
    );
    expect(await lastMessage(first)).toMatchObject({ kind: 'fritext', author_unit_id: care });
    expect((await lastMessage(second)).kind).toBe('inskrivningsmeddelande');

    // Out: the ward answers in each thread; the first carries the conversation received, the second one of its own.
    const coordinator = await api.user(ward, 'koordinator');
    const sent = received.length;
    for (const threadId of [first, second]) {
      const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
        idempotencyKey: randomUUID(),
        kind: 'fritext',
        body: 'Tack, vi återkommer.',
      });
      expect(res.status).toBe(201);
    }
    const deadline = Date.now() + 60_000;
    const careCommunications = () =>
      received
        .slice(sent)
        .filter(
          (b) =>
            b.entry[0].resource.eventCoding.code === 'care-communication-message' &&
            resource(b, 'Communication').payload[0].contentString === 'Tack, vi återkommer.',
        );
    while (careCommunications().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const [inFirst, inSecond] = careCommunications();
    expect(resource(inFirst, 'Communication').identifier).toEqual([{ value: conversation }]);
    const own2 = resource(inSecond, 'Communication').identifier[0].value;
    expect(own2).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(own2).not.toBe(conversation);
    for (const bundle of [inFirst, inSecond])
      expect(validateAgainstProfiles(bundle).filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);

    // In again: the care centre's reply in Brygga's conversation joins the second thread, though the first is newer.
    await api.request(coordinator, 'POST', `/api/threads/${first}/messages`, {
      idempotencyKey: randomUUID(),
      kind: 'fritext',
      body: 'Ny fråga.',
    });
    const reply = careCommunication('cc-08-reply-with-pdf-attachment', cpr, own2);
    expect(ackOf(await processMessage(api, carecentre, reply)).code).toBe('ok');
    expect(await lastMessage(second)).toMatchObject({ kind: 'fritext', author_unit_id: care });
    expect((await lastMessage(first)).body).toBe('Ny fråga.');
  });

  // Last: it disables the care centre's system.
  it('the outbox skips a disabled system client: nothing queued for it, and a queued message is not sent to it', async () => {
    const admit = admission('0707107890');
    expect(ackOf(await processMessage(api, hospital, admit)).code).toBe('ok');
    const threadId = (await threadOfEpisode(resource(admit, 'Encounter').episodeOfCare[0].identifier.value))!.id;
    // The admission is sent on to the care centre's system while it is enabled.
    let sentOn: { id: string; status: string } | undefined;
    for (
      const until = Date.now() + 30_000;
      sentOn?.status !== 'kvitterat' && Date.now() < until;
      await new Promise((r) => setTimeout(r, 100))
    )
      [sentOn] = await api.dataSource.query('SELECT id, status FROM fhir_outbox WHERE thread_id = $1 AND receiver_unit_id = $2', [
        threadId,
        care,
      ]);
    expect(sentOn?.status).toBe('kvitterat');

    const [{ id: clientId }] = await api.dataSource.query('SELECT id FROM system_client WHERE unit_id = $1', [care]);
    const admin = await api.user(care, 'admin');
    expect((await api.request(admin, 'POST', `/api/admin/system-clients/${clientId}/disable`, {})).status).toBe(200);
    const coordinator = await api.user(ward, 'koordinator');
    const outbox = await count('fhir_outbox');
    const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      idempotencyKey: randomUUID(),
      kind: 'fritext',
      body: 'Till ett avstängt system.',
    });
    expect(res.status).toBe(201);
    expect(await count('fhir_outbox')).toBe(outbox);
    // A message queued before the system was disabled: due again, but there is no endpoint to send it to.
    const row = sentOn!;
    await api.dataSource.query(
      `UPDATE fhir_outbox SET status = 'vantar_pa_kvittens', attempts = 0, next_attempt_at = now(), last_error = NULL WHERE id = $1`,
      [row.id],
    );
    const sent = received.length;
    let after: { attempts: number; last_error: string | null } = { attempts: 0, last_error: null };
    for (const until = Date.now() + 30_000; !after.last_error && Date.now() < until; await new Promise((r) => setTimeout(r, 100)))
      [after] = await api.dataSource.query('SELECT attempts, last_error FROM fhir_outbox WHERE id = $1', [row.id]);
    expect(after.last_error).toBe('Mottagaren har ingen registrerad adress.');
    expect(received.length).toBe(sent);
  });
});
