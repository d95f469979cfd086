import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { randomUUID } from 'node:crypto';
import { DK_IDENTIFIERS, structureErrors } from '@brygga/fhir';
import { TestApi } from './support/harness';
import { exe } from './support/files';
import { ackOf, asNewMessage, MEDCOM_FILES, medcom, processMessage, systemFor, SystemIdp, HERLEV } from './support/fhir';

/**
 * Issue 18: MedCom's ten published example messages imported through POST /fhir/$process-message
 * by the hospital's and the care centre's own systems (client credentials), in a deployment that
 * uses Danish identifiers (CPR, SOR, EAN) as the examples do.
 */
describe('FHIR import: the MedCom examples', () => {
  let api: TestApi;
  let systems: SystemIdp;
  let ward: string;
  let care: string;
  let hospital: string;
  let carecentre: string;
  let stranger: string;
  let hospitalUser: string;
  let threadId: string;

  const counts = async (): Promise<Record<string, number>> => {
    const [row] = await api.dataSource.query(
      `SELECT (SELECT count(*) FROM thread)::int AS thread, (SELECT count(*) FROM message)::int AS message, (SELECT count(*) FROM patient)::int AS patient,
              (SELECT count(*) FROM thread_participant)::int AS participant, (SELECT count(*) FROM fhir_episode)::int AS episode`,
    );
    return row;
  };
  const messages = async (): Promise<
    { kind: string; body: string | null; payload: any; corrects_message_id: string | null; author_user_id: string }[]
  > =>
    api.dataSource.query('SELECT kind, body, payload, corrects_message_id, author_user_id FROM message WHERE thread_id = $1 ORDER BY seq', [
      threadId,
    ]);

  beforeAll(async () => {
    systems = await SystemIdp.start(['herlev-hjerte', 'plejecenter-herlev', 'annan-kommun']);
    api = await TestApi.start(systems.env('dk'));
    ward = await api.unit('slutenvard', 'Hjerteafdelingen på Herlev og Gentofte hospital');
    care = await api.unit('hemsjukvard', 'Plejecenter Herlev');
    const elsewhere = await api.unit('hemsjukvard', 'Plejecenter Andetsteds');
    hospitalUser = await systemFor(api, ward, 'herlev-hjerte', {
      identifiers: HERLEV.ward,
    });
    await systemFor(api, care, 'plejecenter-herlev', {
      identifiers: HERLEV.care,
    });
    await systemFor(api, elsewhere, 'annan-kommun', { identifiers: [{ system: DK_IDENTIFIERS.sor, value: '111111111111111' }] });
    hospital = await systems.token('herlev-hjerte');
    carecentre = await systems.token('plejecenter-herlev');
    stranger = await systems.token('annan-kommun');
  });
  afterAll(async () => {
    await api.close();
    await systems.close();
  });

  it('has the ten examples', () => {
    expect(MEDCOM_FILES).toHaveLength(10);
  });

  it('admission (hn-01) opens the thread by the episode of care and posts an inskrivningsmeddelande; ack ok', async () => {
    const answer = await processMessage(api, hospital, medcom('hn-01-admit-inpatient-STIN'));
    expect(answer.contentType).toContain('application/fhir+json');
    expect(ackOf(answer)).toEqual({ code: 'ok', identifier: 'b9b4818e-02de-4cc4-b418-d20cbc7b5404' });
    const [thread] = await api.dataSource.query(
      `SELECT t.id, t.status, t.owner_unit_id, t.admitted_at, p.identity_type, p.identity_number, p.reserve_issuer,
              ARRAY(SELECT unit_id FROM thread_participant WHERE thread_id = t.id ORDER BY unit_id) AS participants
         FROM thread t JOIN patient p ON p.id = t.patient_id`,
    );
    threadId = thread.id;
    expect(thread).toMatchObject({
      status: 'inskriven',
      owner_unit_id: ward,
      identity_type: 'reservnummer',
      identity_number: '2509479989',
      reserve_issuer: DK_IDENTIFIERS.cpr,
    });
    expect(thread.admitted_at.toISOString()).toBe('2022-12-07T10:00:00.000Z');
    expect(thread.participants.sort()).toEqual([ward, care].sort());
    expect((await messages()).map((m) => m.kind)).toEqual(['inskrivningsmeddelande']);
    // The system acts as itself, for its unit: in the access log as the system's user and the ward.
    const [logged] = await api.dataSource.query(
      `SELECT user_id, unit_id FROM audit_log WHERE action = 'message.create' AND thread_id = $1`,
      [threadId],
    );
    expect(logged).toEqual({ user_id: hospitalUser, unit_id: ward });
  });

  it('a duplicate gets the original acknowledgement again; a resubmission (new Bundle id) too, and is never shown twice', async () => {
    const first = await api.dataSource.query(
      `SELECT acknowledgement FROM fhir_received WHERE message_header_id = 'b9b4818e-02de-4cc4-b418-d20cbc7b5404'`,
    );
    const before = await counts();
    // The same acknowledgement (its MessageHeader, response and chain), sent anew: a new Bundle id and timestamp.
    const sameAck = (body: any) => {
      expect({ ...body, id: undefined, timestamp: undefined }).toEqual({
        ...first[0].acknowledgement,
        id: undefined,
        timestamp: undefined,
      });
      expect(body.id).not.toBe(first[0].acknowledgement.id);
      expect(Date.parse(body.timestamp)).toBeGreaterThan(Date.parse(first[0].acknowledgement.timestamp));
    };
    const duplicate = await processMessage(api, hospital, medcom('hn-01-admit-inpatient-STIN'));
    sameAck(duplicate.body);
    const resubmitted = medcom('hn-01-admit-inpatient-STIN');
    resubmitted.id = randomUUID();
    const again = await processMessage(api, hospital, resubmitted);
    sameAck(again.body);
    expect(await counts()).toEqual(before);
    const [row] = await api.dataSource.query(
      `SELECT bundle_ids FROM fhir_received WHERE message_header_id = 'b9b4818e-02de-4cc4-b418-d20cbc7b5404'`,
    );
    expect(row.bundle_ids).toEqual(['a5e5b880-c087-4055-b9ec-99108695f81d', resubmitted.id]);
  });

  it('the acknowledgement is complete: profiles claimed, primary destination, a narrative on every resource, the message’s Provenance and its own', async () => {
    const [{ acknowledgement: ack }] = await api.dataSource.query(
      `SELECT acknowledgement FROM fhir_received WHERE message_header_id = 'b9b4818e-02de-4cc4-b418-d20cbc7b5404'`,
    );
    expect(ack.meta.profile).toEqual([expect.stringContaining('medcom-messaging-acknowledgement')]);
    const header = ack.entry[0].resource;
    expect(header.meta.profile).toEqual([expect.stringContaining('medcom-messaging-acknowledgementHeader')]);
    expect(header.destination[0].extension).toEqual([
      {
        url: 'http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension',
        valueCoding: { system: 'http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse', code: 'primary' },
      },
    ]);
    for (const e of ack.entry) expect(e.resource.text.div).toMatch(/^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml">/);
    const provenances = ack.entry.map((e: any) => e.resource).filter((r: any) => r.resourceType === 'Provenance');
    expect(provenances.map((p: any) => [p.activity.coding[0].code, p.target[0].reference])).toEqual([
      ['admit-inpatient', 'MessageHeader/b9b4818e-02de-4cc4-b418-d20cbc7b5404'],
      ['acknowledgement', `MessageHeader/${header.id}`],
    ]);
    expect(provenances[1].entity).toEqual([
      { role: 'revision', what: { reference: 'MessageHeader/b9b4818e-02de-4cc4-b418-d20cbc7b5404' } },
    ]);
    expect(structureErrors(ack)).toEqual([]);
  });

  it('a Bundle id already used for another message is refused (fatal-error, duplicate), nothing written', async () => {
    const before = await counts();
    const reusing = asNewMessage(medcom('hn-04-start-leave-STOR'));
    reusing.id = 'a5e5b880-c087-4055-b9ec-99108695f81d'; // hn-01's Bundle id
    const ack = ackOf(await processMessage(api, hospital, reusing));
    expect(ack).toEqual({
      code: 'fatal-error',
      identifier: reusing.entry[0].resource.id,
      issue: { code: 'duplicate', text: expect.stringContaining('redan använts') },
    });
    expect(await counts()).toEqual(before);
    expect(await api.dataSource.query('SELECT 1 FROM fhir_received WHERE message_header_id = $1', [reusing.entry[0].resource.id])).toEqual(
      [],
    );
  });

  it('revise-admit (hn-02) becomes a correction of the inskrivningsmeddelande, the Provenance chain kept', async () => {
    expect(ackOf(await processMessage(api, hospital, medcom('hn-02-revise-admit-RE_STIN')))).toEqual({
      code: 'ok',
      identifier: 'cc47c1e2-78e6-4291-b071-f423a4f7fbfe',
    });
    const list = await messages();
    expect(list.map((m) => m.kind)).toEqual(['inskrivningsmeddelande', 'inskrivningsmeddelande']);
    const [original] = await api.dataSource.query('SELECT id FROM message WHERE thread_id = $1 AND seq = 1', [threadId]);
    expect(list[1].corrects_message_id).toBe(original.id);
    expect(list[1].payload.inskrivenAt).toBe('2022-12-07T13:00:00+02:00');
    const [kept] = await api.dataSource.query(
      `SELECT bundle FROM fhir_received WHERE message_header_id = 'cc47c1e2-78e6-4291-b071-f423a4f7fbfe'`,
    );
    expect(kept.bundle.entry.filter((e: any) => e.resource.resourceType === 'Provenance')).toHaveLength(2);
  });

  it('leave (hn-04) is a permission message with the start of the leave', async () => {
    expect(ackOf(await processMessage(api, hospital, medcom('hn-04-start-leave-STOR'))).code).toBe('ok');
    expect((await messages()).at(-1)).toMatchObject({ kind: 'permission', payload: { permissionFran: '2022-12-13T14:00:10+02:00' } });
    // The return (MedCom's SLOR, here the STOR example turned into it): a permission_slut at the leave's end.
    const back = asNewMessage(medcom('hn-04-start-leave-STOR'));
    const resource = (type: string) => back.entry.find((e: any) => e.resource.resourceType === type).resource;
    const provenance = back.entry
      .map((e: any) => e.resource)
      .find((r: any) => r.resourceType === 'Provenance' && r.target[0].reference === `MessageHeader/${back.entry[0].resource.id}`);
    provenance.activity.coding[0].code = 'end-leave-inpatient';
    resource('Encounter').status = 'in-progress';
    resource('Encounter').extension[0].valuePeriod.end = '2022-12-14T15:30:00+02:00';
    expect(ackOf(await processMessage(api, hospital, back)).code).toBe('ok');
    expect((await messages()).at(-1)).toMatchObject({ kind: 'permission_slut', payload: { aterkomstAt: '2022-12-14T15:30:00+02:00' } });
  });

  it('CareCommunication: a new message (cc-07) from the ward and a reply with a PDF (cc-08) from the care centre become messages', async () => {
    expect(ackOf(await processMessage(api, hospital, medcom('cc-07-new-message'))).code).toBe('ok');
    expect(ackOf(await processMessage(api, carecentre, medcom('cc-08-reply-with-pdf-attachment'))).code).toBe('ok');
    const [newMessage, reply] = (await messages()).slice(-2);
    expect(newMessage.body).toContain('Vi ønsker information om de seneste undersøgelser');
    expect(reply.body).toContain('Resultaterne for undersøgelsen kommer her');
    // The reply's PDF is a Brygga attachment of that message, byte for byte; the earlier text is not repeated.
    expect(reply.body).not.toContain('Vi ønsker information');
    const pdfPayload = medcom('cc-08-reply-with-pdf-attachment')
      .entry.find((e: any) => e.resource.resourceType === 'Communication')
      .resource.payload.find((p: any) => p.contentAttachment).contentAttachment;
    const [file] = await api.dataSource.query(
      `SELECT a.id, a.name, a.content_type, a.size_bytes FROM attachment a JOIN message m ON m.id = a.message_id WHERE m.thread_id = $1 AND m.seq = (SELECT max(seq) FROM message WHERE thread_id = $1)`,
      [threadId],
    );
    const bytes = Buffer.from(pdfPayload.data, 'base64');
    expect(file).toMatchObject({ name: 'Blodprøveresultater', content_type: 'application/pdf', size_bytes: bytes.length });
    const nurse = await api.user(ward, 'koordinator');
    const session = await api.sessionOf(nurse);
    const download = await session.jar.fetch(`${api.baseUrl}/api/threads/${threadId}/attachments/${file.id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('a CareCommunication whose file is a program, or not base64, is refused whole: nothing written', async () => {
    const withFile = (data: string) => {
      const bundle = asNewMessage(medcom('cc-08-reply-with-pdf-attachment'));
      bundle.entry
        .find((e: any) => e.resource.resourceType === 'Communication')
        .resource.payload.find((p: any) => p.contentAttachment).contentAttachment.data = data;
      return bundle;
    };
    const before = await counts();
    const [{ files }] = await api.dataSource.query('SELECT count(*)::int AS files FROM attachment');
    const program = ackOf(await processMessage(api, carecentre, withFile(exe().toString('base64'))));
    expect(program.code).toBe('fatal-error');
    expect(program.issue?.code).toBe('not-supported');
    const garbled = ackOf(await processMessage(api, carecentre, withFile('inte base64!')));
    expect(garbled.code).toBe('fatal-error');
    expect(garbled.issue?.text).toMatch(/inte giltig base64/);
    expect(await counts()).toEqual(before);
    expect((await api.dataSource.query('SELECT count(*)::int AS files FROM attachment'))[0].files).toBe(files);
  });

  it('death (hn-06) is a dodsfall message at the time of death; discharge home (hn-05) an utskrivningsmeddelande', async () => {
    expect(ackOf(await processMessage(api, hospital, medcom('hn-06-deceased-MORS'))).code).toBe('ok');
    expect((await messages()).at(-1)).toMatchObject({ kind: 'dodsfall', payload: { avlidenAt: '2022-12-09T09:45:30+02:00' } });
    expect(ackOf(await processMessage(api, hospital, medcom('hn-05-discharge-inpatient-SLHJ'))).code).toBe('ok');
    // The care centre never said it was ready: an import cannot confirm, so the conflict is recorded unconfirmed.
    expect((await messages()).at(-1)).toMatchObject({
      kind: 'utskrivningsmeddelande',
      payload: {
        utskrivenAt: '2022-12-18T09:45:30+02:00',
        konflikter: ['Plejecenter Herlev har inte bekräftat att de är redo att ta emot patienten.'],
        konfliktStatus: 'obekraftad',
      },
    });
    const [thread] = await api.dataSource.query('SELECT status FROM thread WHERE id = $1', [threadId]);
    expect(thread.status).toBe('utskriven');
  });

  it('cancel-admit (hn-03) cancels the thread as entered in error: nothing deleted', async () => {
    const before = (await messages()).length;
    expect(ackOf(await processMessage(api, hospital, medcom('hn-03-cancel-admit-AN_STIN'))).code).toBe('ok');
    const [thread] = await api.dataSource.query('SELECT status FROM thread WHERE id = $1', [threadId]);
    expect(thread.status).toBe('makulerad');
    const list = await messages();
    expect(list).toHaveLength(before + 1);
    expect(list.at(-1)!.kind).toBe('arende_makulerat');
  });

  it('acknowledgements are stored and never acknowledged (ack-09); one that names two messages is refused (ack-10)', async () => {
    const ok = await processMessage(api, carecentre, medcom('ack-09-ok'));
    expect(ok.status).toBe(204);
    expect(ok.body).toBeUndefined();
    const [stored] = await api.dataSource.query(
      `SELECT outcome, acknowledgement FROM fhir_received WHERE message_header_id = 'aba2d9bf-2c6c-47e8-bce4-7928bcd51019'`,
    );
    expect(stored).toEqual({ outcome: 'ok', acknowledgement: null });
    const contradictory = await processMessage(api, carecentre, medcom('ack-10-fatal-error'));
    expect(contradictory.status).toBe(400);
    expect(contradictory.body.resourceType).toBe('OperationOutcome');
    expect(contradictory.body.issue[0].details.text).toContain('motsägelsefull');
    expect(contradictory.body.issue[1].expression).toEqual(['MessageHeader.response.identifier']);
    expect(
      await api.dataSource.query(`SELECT 1 FROM fhir_received WHERE message_header_id = 'b879c81e-0607-4ccb-b358-24a72208e30d'`),
    ).toEqual([]);
  });

  describe('bad input: a fatal-error acknowledgement with a Swedish OperationOutcome, nothing written', () => {
    const admit = () => asNewMessage(medcom('hn-01-admit-inpatient-STIN'));
    const refused = async (token: string, bundle: any, issue: string, text: RegExp): Promise<void> => {
      const before = await counts();
      const ack = ackOf(await processMessage(api, token, bundle));
      expect(ack).toEqual({
        code: 'fatal-error',
        identifier: expect.any(String),
        issue: { code: issue, text: expect.stringMatching(text) },
      });
      expect(await counts()).toEqual(before);
    };

    it('not a message, MessageHeader not first, no Provenance', async () => {
      await refused(hospital, { ...admit(), type: 'collection' }, 'invalid', /inte ett meddelande/);
      const reordered = admit();
      reordered.entry.push(reordered.entry.shift());
      await refused(hospital, reordered, 'structure', /Första posten/);
      const noProvenance = admit();
      noProvenance.entry = noProvenance.entry.filter((e: any) => e.resource.resourceType !== 'Provenance');
      await refused(hospital, noProvenance, 'required', /Provenance/);
    });

    it('an unknown receiver, a patient identifier of an unknown system, a correction of a message never received', async () => {
      const unknownReceiver = admit();
      // Both identifiers MedCom's profile requires (SOR and EAN), neither known here.
      unknownReceiver.entry[3].resource.identifier = [
        { system: DK_IDENTIFIERS.sor, value: '999999999999999' },
        { system: DK_IDENTIFIERS.ean, value: '5790000000009' },
      ];
      await refused(hospital, unknownReceiver, 'not-found', /Mottagaren .* är okänd/);
      const unknownSystem = admit();
      unknownSystem.entry[1].resource.identifier = [{ system: 'urn:oid:1.2.3.4', value: '2509479989' }];
      // MedCom's profile requires a CPR number: refused by the profile before Brygga reads it (strict input).
      await refused(hospital, unknownSystem, 'invariant', /MedComs profiler/);
      const orphan = asNewMessage(medcom('hn-02-revise-admit-RE_STIN'));
      orphan.entry.find((e: any) => e.resource.id === 'b5f7de8c-957a-11ec-b909-0242ac120002').resource.entity[0].what.reference =
        `MessageHeader/${randomUUID()}`;
      await refused(hospital, orphan, 'not-found', /aldrig tagits emot/);
    });

    it('a sender that is not the system’s own unit; a system whose unit does not take part finds no thread', async () => {
      await refused(carecentre, admit(), 'forbidden', /inte den enhet systemet är registrerat för/);
      const foreign = asNewMessage(medcom('cc-07-new-message'));
      const org = foreign.entry.find((e: any) => e.resource.id === 'b581c63c-181f-46f6-990d-b9942c576724').resource;
      org.identifier = [
        { system: DK_IDENTIFIERS.sor, value: '111111111111111' },
        { system: DK_IDENTIFIERS.ean, value: '5790000000016' },
      ];
      await refused(stranger, foreign, 'not-found', /inget pågående ärende/);
      // A system's token opens only the routes for systems.
      const res = await fetch(`${api.baseUrl}/api/threads/${threadId}`, { headers: { authorization: `Bearer ${stranger}` } });
      expect(res.status).toBe(401);
    });

    it('a body over FHIR_MAX_BODY_BYTES: 413; XML sent as JSON: 400; XML as XML: 415; no token: 401 — before anything is read', async () => {
      const before = await counts();
      // Over FHIR_MAX_BODY_BYTES (its default follows the attachment limit: about 29 MB).
      const over = api.app.get<AppConfig>(APP_CONFIG).fhir.maxBodyBytes;
      const big = await processMessage(api, hospital, JSON.stringify({ resourceType: 'Bundle', filler: 'x'.repeat(over) }));
      expect(big.status).toBe(413);
      expect(big.body.resourceType).toBe('OperationOutcome');
      const xml = '<Bundle xmlns="http://hl7.org/fhir"><type value="message"/></Bundle>';
      const xmlAsJson = await processMessage(api, hospital, xml);
      expect(xmlAsJson.status).toBe(400);
      expect(xmlAsJson.body.issue[0].details.text).toBe('Meddelandet är inte giltig JSON.');
      expect((await processMessage(api, hospital, xml, 'application/fhir+xml')).status).toBe(415);
      expect((await processMessage(api, hospital, admit(), 'application/json')).status).toBe(415);
      expect((await processMessage(api, null, admit())).status).toBe(401);
      expect((await processMessage(api, 'not.a.token', admit())).status).toBe(401);
      expect(await counts()).toEqual(before);
    });

    it('the token is checked before the body is read: no token or a bad one is 401 however broken or large the body', async () => {
      expect((await processMessage(api, null, '{ broken')).status).toBe(401);
      expect((await processMessage(api, null, 'x'.repeat(10 * 1024 * 1024))).status).toBe(401);
      const badToken = await processMessage(api, 'not.a.token', 'x'.repeat(10 * 1024 * 1024));
      expect(badToken.status).toBe(401);
      expect(badToken.body.resourceType).toBe('OperationOutcome');
      // A person's session is not a system: refused as a route they lack the capability for.
      const koordinator = await api.user(ward, 'koordinator');
      const session = await api.sessionOf(koordinator);
      const res = await session.jar.fetch(`${api.baseUrl}/fhir/$process-message`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', 'x-csrf-token': session.csrfToken },
        body: '{ broken',
      });
      expect(res.status).toBe(403);
    });
  });
});
