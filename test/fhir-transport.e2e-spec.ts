import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { DK_IDENTIFIERS, structureErrors } from '@brygga/fhir';
import { TestApi } from './support/harness';
import { asNewMessage, medcom, systemFor, SystemIdp } from './support/fhir';

/**
 * Issue 31, FHIR's transport conventions: every error under /fhir is an OperationOutcome, a 401
 * challenges with `WWW-Authenticate: Bearer`, the CapabilityStatement is at GET /fhir/metadata and
 * a system checks a message with $validate without sending it.
 */
describe('FHIR transport conventions', () => {
  let api: TestApi;
  let systems: SystemIdp;
  let token: string;
  let ward: string;

  const counts = async (): Promise<Record<string, number>> => {
    const [row] = await api.dataSource.query(
      `SELECT (SELECT count(*) FROM thread)::int AS thread, (SELECT count(*) FROM message)::int AS message, (SELECT count(*) FROM fhir_received)::int AS received`,
    );
    return row;
  };
  const call = async (method: string, path: string, options: { token?: string | null; body?: unknown; type?: string } = {}) => {
    const res = await fetch(`${api.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/fhir+json',
        ...(options.body !== undefined ? { 'content-type': options.type ?? 'application/fhir+json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const expectOutcome = (answer: { status: number; headers: Headers; body: any }, status: number, code: string) => {
    expect({ status: answer.status, type: answer.headers.get('content-type'), resourceType: answer.body?.resourceType }).toEqual({
      status,
      type: expect.stringContaining('application/fhir+json'),
      resourceType: 'OperationOutcome',
    });
    expect(answer.body.issue[0]).toMatchObject({ severity: expect.stringMatching(/error|fatal/), code });
    expect(answer.body.issue[0].details.text).toMatch(/[a-zåäö]/);
    expect(structureErrors(answer.body)).toEqual([]);
  };

  beforeAll(async () => {
    systems = await SystemIdp.start(['herlev-hjerte']);
    api = await TestApi.start(systems.env('dk'));
    ward = await api.unit('slutenvard', 'Hjerteafdelingen');
    await systemFor(api, ward, 'herlev-hjerte', { identifiers: [{ system: DK_IDENTIFIERS.sor, value: '265161000016000' }] });
    token = await systems.token('herlev-hjerte');
  });
  afterAll(async () => {
    await api.close();
    await systems.close();
  });

  it('GET /fhir/metadata is a valid CapabilityStatement naming the messages, their profiles, the operations and OAuth', async () => {
    const answer = await call('GET', '/fhir/metadata');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/fhir+json');
    const statement = answer.body;
    expect(structureErrors(statement)).toEqual([]);
    expect(statement).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance', status: 'active' });
    expect(statement.rest[0].operation.map((o: any) => o.name)).toEqual(['process-message', 'validate']);
    expect(statement.rest[0].security.service[0].coding[0].code).toBe('OAuth');
    const received = statement.messaging[0].supportedMessage.filter((m: any) => m.mode === 'receiver').map((m: any) => m.definition);
    expect(received).toEqual([
      expect.stringContaining('medcom-hospitalNotification-message'),
      expect.stringContaining('medcom-careCommunication-message'),
      expect.stringContaining('medcom-messaging-acknowledgement'),
    ]);
    expect(statement.messaging[0].endpoint[0].address).toBe(`${api.baseUrl}/fhir/$process-message`);
  });

  it('401 without a token or with a bad one: an OperationOutcome and WWW-Authenticate: Bearer', async () => {
    const none = await call('POST', '/fhir/$process-message', { body: medcom('hn-01-admit-inpatient-STIN') });
    expectOutcome(none, 401, 'login');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="brygga-fhir"');
    const bad = await call('POST', '/fhir/$validate', { token: 'not.a.token', body: medcom('hn-01-admit-inpatient-STIN') });
    expectOutcome(bad, 401, 'login');
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer realm="brygga-fhir", error="invalid_token"/);
  });

  it('400, 403, 404, 413 and 415 are OperationOutcomes too', async () => {
    expectOutcome(await call('POST', '/fhir/$process-message', { token, body: '{ broken' }), 400, 'structure');
    expectOutcome(await call('POST', '/fhir/$process-message', { token, body: '{}', type: 'application/json' }), 415, 'not-supported');
    expectOutcome(await call('GET', '/fhir/Patient/123', { token }), 404, 'not-found');
    expectOutcome(
      await call('POST', '/fhir/$process-message', {
        token,
        body: `"${'x'.repeat(api.app.get<AppConfig>(APP_CONFIG).fhir.maxBodyBytes)}"`,
      }),
      413,
      'too-costly',
    );
    // A person's session is not a system.
    const koordinator = await api.user(ward, 'koordinator');
    const session = await api.sessionOf(koordinator);
    const res = await session.jar.fetch(`${api.baseUrl}/fhir/$validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', 'x-csrf-token': session.csrfToken },
      body: '{}',
    });
    const text = await res.text();
    expectOutcome({ status: res.status, headers: res.headers, body: JSON.parse(text) }, 403, 'forbidden');
  });

  it('$validate answers 200 with an OperationOutcome: information for a valid message, the broken rule and its element otherwise; nothing written', async () => {
    const before = await counts();
    const valid = await call('POST', '/fhir/$validate', { token, body: asNewMessage(medcom('hn-01-admit-inpatient-STIN')) });
    expect(valid.status).toBe(200);
    expect(valid.body.issue).toEqual([expect.objectContaining({ severity: 'information', code: 'informational' })]);
    const wrapped = await call('POST', '/fhir/Bundle/$validate', {
      token,
      body: { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: medcom('cc-07-new-message') }] },
    });
    expect(wrapped.body.issue[0].severity).toBe('information');
    const broken = medcom('hn-01-admit-inpatient-STIN');
    broken.entry[0].resource.eventCoding = { code: 'hospital-notification-message' };
    broken.entry.push(broken.entry.shift());
    const refused = await call('POST', '/fhir/Bundle/$validate', { token, body: broken });
    expect(refused.status).toBe(200);
    expect(refused.body.issue[0]).toMatchObject({ severity: 'error', code: 'structure', expression: [expect.stringContaining('entry')] });
    // MedCom's profiles judge too: a message without its primary destination is named at that element.
    const noPrimary = asNewMessage(medcom('hn-01-admit-inpatient-STIN'));
    delete noPrimary.entry[0].resource.destination[0].extension;
    const profiled = await call('POST', '/fhir/$validate', { token, body: noPrimary });
    expect(profiled.body.issue).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'error', expression: ['Bundle.entry[0].resource.destination'] })]),
    );
    expect(await counts()).toEqual(before);
  });
});
