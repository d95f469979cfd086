import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { DK_IDENTIFIERS } from '@brygga/fhir';
import { TestApi } from './support/harness';
import { ackOf, asNewMessage, MEDCOM_FILES, medcom, processMessage, systemFor, SystemIdp, HERLEV } from './support/fhir';

/**
 * Issue 18: MedCom's ten published example messages imported through POST /fhir/$process-message
 * by the hospital's and the care centre's own systems (client credentials), in a deployment that
 * uses Danish identifiers (CPR, SOR, EAN) as the examples do: the admission and a CareCommunication
 * with its file through HTTP, and what HTTP refuses. What each example becomes, duplicates,
 * corrections and the import's refusals are test/service/fhir/import.spec.ts.
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

  describe('the HTTP side: what is refused before the import service reads the message', () => {
    const admit = () => asNewMessage(medcom('hn-01-admit-inpatient-STIN'));

    it('a system’s token opens only the routes for systems', async () => {
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
