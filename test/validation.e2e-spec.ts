import { newThreadBody, TestApi, TestUser } from './support/harness';

/** Bad input gets a clear 400 (in Swedish, naming the field) and never a 500, and stores nothing. */
describe('input validation', () => {
  let api: TestApi;
  let sof: string;
  let coordinator: TestUser;
  let threadId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    ({ sof, coordinator, threadId } = await api.wardThread());
  });
  afterAll(() => api.close());

  const createWith = (patient: Record<string, unknown>) =>
    api.request(coordinator, 'POST', '/api/threads', { ...newThreadBody([sof]), patient: { givenName: 'A', familyName: 'B', ...patient } });

  it.each([
    ['wrong check digit', '19000612-9804'],
    ['impossible date', '19000230-9803'],
    ['letters', '1900061X-9803'],
    ['too short', '0006129803X'],
    ['a samordningsnummer given as personnummer', '19000672-9800'],
  ])('refuses a personnummer with %s', async (_, personnummer) => {
    const res = await createWith({ personnummer });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'patient.personnummer' })]));
    expect(res.body.message).toMatch(/personnummer/);
  });

  it('accepts a valid samordningsnummer (day + 60) and refuses a broken one', async () => {
    // Skatteverket's test number 19000612-9803 with day + 60 and the check digit that gives.
    const valid = '19000672-9800';
    const ok = await createWith({ samordningsnummer: valid });
    expect(ok.status).toBe(201);
    expect(ok.body.patient).toMatchObject({ identityType: 'samordningsnummer', identityNumber: '19000672-9800' });
    const wrongDigit = await createWith({ samordningsnummer: '19000672-9801' });
    expect(wrongDigit.status).toBe(400);
    expect(wrongDigit.body.fields[0].field).toBe('patient.samordningsnummer');
    const plainPnr = await createWith({ samordningsnummer: '19000612-9803' });
    expect(plainPnr.status).toBe(400);
  });

  it('accepts a reserve number with its issuer, and wants exactly one identity', async () => {
    const ok = await createWith({ reservnummer: { issuer: 'RegionGotland-PAS', value: 'R2026-0001' } });
    expect(ok.status).toBe(201);
    expect(ok.body.patient).toMatchObject({ identityType: 'reservnummer', identityNumber: 'R2026-0001' });
    const none = await createWith({});
    expect(none.status).toBe(400);
    const two = await createWith({ personnummer: '19000612-9803', reservnummer: { issuer: 'PAS', value: 'R1234' } });
    expect(two.status).toBe(400);
  });

  it.each([
    ['an unknown kind', { kind: 'okand', body: 'x', idempotencyKey: 'k1' }, 'kind'],
    ['no idempotency key', { kind: 'fritext', body: 'x' }, 'idempotencyKey'],
    ['free text without body', { kind: 'fritext', idempotencyKey: 'k2' }, 'body'],
    ['a payload on free text', { kind: 'fritext', body: 'x', payload: { a: 1 }, idempotencyKey: 'k3' }, 'payload'],
    ['a structured kind without payload', { kind: 'utskrivningsklar', idempotencyKey: 'k4' }, 'payload'],
    [
      'a malformed date-time',
      { kind: 'utskrivningsklar', payload: { utskrivningsklarAt: 'imorgon' }, idempotencyKey: 'k5' },
      'payload.utskrivningsklarAt',
    ],
    [
      'an impossible date',
      { kind: 'planerad_utskrivning', payload: { planeradUtskrivning: '2026-02-30' }, idempotencyKey: 'k6' },
      'payload.planeradUtskrivning',
    ],
    [
      'an unknown payload field',
      { kind: 'utskrivningsklar', payload: { utskrivningsklarAt: '2026-11-25T09:00:00Z', extra: 1 }, idempotencyKey: 'k7' },
      'payload.extra',
    ],
    [
      'hours of the wrong type',
      { kind: 'hemgangsbeslut', payload: { beviljadeTimmar: 'många', per: 'vecka', giltigtFran: '2026-11-25' }, idempotencyKey: 'k8' },
      'payload.beviljadeTimmar',
    ],
    ['a payload that is a list', { kind: 'redo', payload: [1, 2], idempotencyKey: 'k9' }, 'payload'],
    ['an unknown top-level field', { kind: 'fritext', body: 'x', idempotencyKey: 'k10', admin: true }, 'admin'],
    ['a body over 10 000 characters', { kind: 'fritext', body: 'x'.repeat(10_001), idempotencyKey: 'k11' }, 'body'],
    [
      'a correction id that is not an id',
      { kind: 'fritext', body: 'x', correctsMessageId: 'abc', idempotencyKey: 'k12' },
      'correctsMessageId',
    ],
    ['a key with spaces', { kind: 'fritext', body: 'x', idempotencyKey: 'a b' }, 'idempotencyKey'],
  ])('refuses a message with %s', async (_, body, field) => {
    const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, body);
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(typeof res.body.message).toBe('string');
  });

  it('answers malformed JSON with 400 and a body above the limit with 413, never 500', async () => {
    const malformed = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, undefined, '{"kind": "fritext",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/JSON/);
    const huge = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'x'.repeat(400_000),
      idempotencyKey: 'big',
    });
    expect(huge.status).toBe(413);
    expect(huge.body.statusCode).toBe(413);
  });

  it('refuses bad thread input: unknown unit, bad triage, bad paging', async () => {
    const unknownUnit = await api.request(coordinator, 'POST', '/api/threads', newThreadBody(['00000000-0000-4000-8000-000000000000']));
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.fields[0].field).toBe('participantUnitIds');
    const triage = await api.request(coordinator, 'POST', '/api/threads', { ...newThreadBody([sof]), triage: 'blå' });
    expect(triage.status).toBe(400);
    const paging = await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages?after=-1`);
    expect(paging.status).toBe(400);
    const read = await api.request(coordinator, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 'alla' });
    expect(read.status).toBe(400);
  });

  it('stored nothing from any refused message', async () => {
    const [{ count }] = await api.dataSource.query('SELECT count(*)::int AS count FROM message');
    expect(count).toBe(0);
  });
});
