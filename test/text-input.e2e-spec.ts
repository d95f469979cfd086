import { randomUUID } from 'node:crypto';
import { patientName } from '@brygga/fhir';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/**
 * One text sanitizer for every free-text input (issue 28): bidi controls (U+202E, U+200F, U+061C …)
 * refused with a Swedish 400 and nothing written, invisible format characters (U+200B …) stripped;
 * in messages, names, template texts and patient names from FHIR alike.
 */
describe('text that is refused or stripped', () => {
  let api: TestApi;
  let coordinator: TestUser;
  let admin: TestUser;
  let threadId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    const ward = await api.unit('slutenvard');
    const sof = await api.unit('sof');
    coordinator = await api.user(ward, 'koordinator');
    admin = await api.user(ward, 'admin');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof]))).body.id;
  });
  afterAll(() => api.close());

  const post = (body: string) =>
    api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body, idempotencyKey: randomUUID() });

  it.each([
    ['U+200F', 'Ge 5\u200F00 mg'],
    ['U+061C', 'Ge \u061C500 mg'],
    ['U+202E', 'Ordination: \u202Egm 005'],
  ])('refuses a message with the bidi control %s, writing nothing', async (_name, body) => {
    const before = await api.dataSource.query('SELECT count(*)::int AS n FROM message');
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'body', message: expect.stringMatching(/bidi/) }]);
    expect(await api.dataSource.query('SELECT count(*)::int AS n FROM message')).toEqual(before);
  });

  it('strips U+200B and other zero-width characters from a message and a patient name', async () => {
    const res = await post('Rolla\u200Btorn \u2060levereras\uFEFF');
    expect(res.status).toBe(201);
    expect(res.body.body).toBe('Rollatorn levereras');
    const sof = await api.unit('sof');
    const created = await api.request(
      coordinator,
      'POST',
      '/api/threads',
      newThreadBody([sof], { personnummer: '19070401-9801', givenName: 'Te\u200Bkla', familyName: 'Tes\u200Dtsson' }),
    );
    expect(created.status).toBe(201);
    expect(created.body.patient.name).toBe('Tekla Testsson');
  });

  it("refuses a template's pending text with a bidi control", async () => {
    const [current] = await api.dataSource.query(
      `SELECT key, name, items FROM checklist_template WHERE key = 'fardtjanst' ORDER BY version DESC LIMIT 1`,
    );
    const items = current.items.map((item: Record<string, unknown>, i: number) =>
      i === 0 ? { ...item, pending: 'Inte\u202E bokad' } : item,
    );
    const res = await api.request(admin, 'POST', '/api/checklist-templates', { key: current.key, name: current.name, items });
    expect(res.status).toBe(400);
    expect(res.body.fields[0]).toMatchObject({ field: 'items.0.pending', message: expect.stringMatching(/bidi/) });
  });

  it('cleans a patient name from a FHIR message the same way: strips the invisible, refuses bidi controls', () => {
    expect(patientName({ resourceType: 'Patient', name: [{ given: ['Te\u200Bkla'], family: 'Testsson' }] })).toEqual({
      givenName: 'Tekla',
      familyName: 'Testsson',
    });
    expect(() => patientName({ resourceType: 'Patient', name: [{ given: ['Tekla'], family: 'Test\u200Fsson' }] })).toThrow(/bidi/);
  });
});
