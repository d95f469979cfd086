import { randomBytes, randomUUID } from 'node:crypto';
import { TestApi } from './support/harness';
import { ackOf, asNewMessage, medcom, processMessage, systemFor, SystemIdp, HERLEV } from './support/fhir';

const resourceOf = (bundle: any, type: string) => bundle.entry.find((e: any) => e.resource.resourceType === type).resource;

/** The same message with every fullUrl a urn:uuid and every reference to an entry by it (FHIR allows both). */
function withUuidReferences(bundle: any): any {
  const copy = JSON.parse(JSON.stringify(bundle));
  const byRelative = new Map<string, string>();
  for (const entry of copy.entry) {
    const uuid = `urn:uuid:${randomUUID()}`;
    byRelative.set(`${entry.resource.resourceType}/${entry.resource.id}`, uuid);
    entry.fullUrl = uuid;
  }
  const walk = (value: any): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'reference' && typeof inner === 'string' && byRelative.has(inner)) value.reference = byRelative.get(inner);
        else walk(inner);
      }
  };
  walk(copy.entry);
  return copy;
}

/** A TIFF (little-endian header, an empty directory) padded to the size asked for. */
const tiff = (bytes: number) =>
  Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]), randomBytes(bytes - 10)]);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const BMP = Buffer.concat([
  Buffer.from('424d3a0000000000000036000000280000000100000001000000010018000000000004000000130b0000130b00000000000000000000', 'hex'),
  Buffer.from([0xff, 0xff, 0xff, 0x00]),
]);

/**
 * Issue 31, strict and robust input at $process-message (Danish identifiers, where MedCom's profiles
 * apply): what FHIR and the profiles forbid is a fatal-error acknowledgement whose OperationOutcome
 * names the element, with nothing written; urn:uuid references, TIFF/GIF/BMP files, a file past
 * the old base64 check's 3.35 MB and a Bundle of 1,000 entries are taken.
 */
describe('FHIR strict input', () => {
  let api: TestApi;
  let systems: SystemIdp;
  let hospital: string;
  let carecentre: string;

  const counts = async (): Promise<Record<string, number>> => {
    const [row] = await api.dataSource.query(
      `SELECT (SELECT count(*) FROM thread)::int AS thread, (SELECT count(*) FROM message)::int AS message, (SELECT count(*) FROM patient)::int AS patient,
              (SELECT count(*) FROM attachment)::int AS attachment, (SELECT count(*) FROM fhir_received)::int AS received`,
    );
    return row;
  };
  const refused = async (token: string, bundle: any, code: string, expression: string | RegExp) => {
    const before = await counts();
    const answer = await processMessage(api, token, bundle);
    const ack = ackOf(answer);
    expect({ code: ack.code, issue: ack.issue?.code }).toEqual({ code: 'fatal-error', issue: code });
    const outcome = answer.body.entry.find((e: any) => e.resource.resourceType === 'OperationOutcome').resource;
    expect(outcome.issue[0].expression[0]).toMatch(expression);
    expect(ack.issue!.text).toMatch(/[a-zåäö]/);
    expect(await counts()).toEqual(before);
  };
  const careCommunicationWith = (file: Buffer, contentType: string, title: string) => {
    const bundle = asNewMessage(medcom('cc-08-reply-with-pdf-attachment'));
    const attachment = resourceOf(bundle, 'Communication').payload.find((p: any) => p.contentAttachment).contentAttachment;
    Object.assign(attachment, { data: file.toString('base64'), contentType, title });
    return bundle;
  };

  beforeAll(async () => {
    systems = await SystemIdp.start(['herlev-hjerte', 'plejecenter-herlev']);
    api = await TestApi.start(systems.env('dk'));
    const ward = await api.unit('slutenvard', 'Hjerteafdelingen');
    const care = await api.unit('hemsjukvard', 'Plejecenter Herlev');
    await systemFor(api, ward, 'herlev-hjerte', {
      identifiers: HERLEV.ward,
    });
    await systemFor(api, care, 'plejecenter-herlev', {
      identifiers: HERLEV.care,
    });
    hospital = await systems.token('herlev-hjerte');
    carecentre = await systems.token('plejecenter-herlev');
  });
  afterAll(async () => {
    await api.close();
    await systems.close();
  });

  it('takes an admission whose references are all urn:uuid, once', async () => {
    const before = await counts();
    const admission = withUuidReferences(medcom('hn-01-admit-inpatient-STIN'));
    expect(ackOf(await processMessage(api, hospital, admission)).code).toBe('ok');
    expect(ackOf(await processMessage(api, hospital, admission)).code).toBe('ok');
    const after = await counts();
    expect({
      thread: after.thread - before.thread,
      message: after.message - before.message,
      received: after.received - before.received,
    }).toEqual({
      thread: 1,
      message: 1,
      received: 1,
    });
  });

  it('refuses each kind of invalid message with the element named and nothing written', async () => {
    const modifier = asNewMessage(medcom('hn-02-revise-admit-RE_STIN'));
    resourceOf(modifier, 'Encounter').modifierExtension = [{ url: 'https://example.org/ej-giltig', valueBoolean: true }];
    await refused(hospital, modifier, 'extension', 'Bundle.entry[2].resource.modifierExtension[0]');

    const noSystem = asNewMessage(medcom('cc-07-new-message'));
    delete noSystem.entry[0].resource.eventCoding.system;
    await refused(hospital, noSystem, 'required', 'Bundle.entry[0].resource.eventCoding.system');

    const foreignEvent = asNewMessage(medcom('cc-07-new-message'));
    foreignEvent.entry[0].resource.eventCoding.system = 'http://example.org/events';
    await refused(hospital, foreignEvent, 'code-invalid', 'Bundle.entry[0].resource.eventCoding.system');

    const outside = asNewMessage(medcom('cc-07-new-message'));
    resourceOf(outside, 'Communication').subject.reference = 'https://annan.example/fhir/Patient/1';
    await refused(hospital, outside, 'not-found', /^Bundle\.entry\[\d\]\.resource\.subject\.reference$/);

    const foreignActivity = asNewMessage(medcom('cc-07-new-message'));
    resourceOf(foreignActivity, 'Provenance').activity.coding[0].system = 'http://example.org/aktivitet';
    await refused(hospital, foreignActivity, expect.any(String) as unknown as string, /^Bundle\.entry\[\d\]\.resource/);

    const oldVersion = asNewMessage(medcom('cc-07-new-message'));
    oldVersion.entry[0].resource.definition = oldVersion.entry[0].resource.definition.replace('|5.0', '|4.0');
    await refused(hospital, oldVersion, expect.any(String) as unknown as string, /^Bundle\.entry\[0\]\.resource/);

    const noPrimary = asNewMessage(medcom('cc-07-new-message'));
    delete noPrimary.entry[0].resource.destination[0].extension;
    await refused(hospital, noPrimary, expect.any(String) as unknown as string, /^Bundle\.entry\[0\]\.resource\.destination/);
  });

  it('takes TIFF, GIF and BMP files, and a TIFF of 3.6 MB, byte for byte', async () => {
    const sizes: number[] = [];
    for (const [file, type, title] of [
      [GIF, 'image/gif', 'Sår, foto'],
      [BMP, 'image/bmp', 'Skitse'],
      [tiff(3_600_000), 'image/tiff', 'Scannet henvisning'],
    ] as const) {
      const answer = await processMessage(api, carecentre, careCommunicationWith(file, type, title));
      expect({ title, code: ackOf(answer).code, issue: ackOf(answer).issue }).toEqual({ title, code: 'ok', issue: undefined });
      const [stored] = await api.dataSource.query('SELECT content_type, size_bytes FROM attachment WHERE name = $1', [title]);
      expect(stored).toEqual({ content_type: type, size_bytes: file.length });
      sizes.push(stored.size_bytes);
    }
    // Over the 3.35 MB at which the old base64 check overflowed the stack (a 20 MB check: strict-input.spec.ts).
    expect(sizes[2]).toBeGreaterThan(3.35 * 1024 * 1024);
  }, 300_000);

  it('judges a Bundle of 1,000 entries by FHIR’s rules: answered with an acknowledgement, never a generic 400', async () => {
    const bundle = asNewMessage(medcom('cc-07-new-message'));
    const practitioner = resourceOf(bundle, 'Practitioner');
    while (bundle.entry.length < 1000) {
      const id = randomUUID();
      bundle.entry.push({
        fullUrl: `https://medcomfhir.dk/ig/carecommunication/Practitioner/${id}`,
        resource: { ...practitioner, id },
      });
    }
    const answer = await processMessage(api, hospital, bundle);
    expect(answer.status).toBe(200);
    expect(ackOf(answer).code).toBe('ok');
    // Deeper than any resource, or a NUL: refused as FHIR, with the element.
    const deep: any = asNewMessage(medcom('cc-07-new-message'));
    let at = resourceOf(deep, 'Communication');
    for (let i = 0; i < 80; i++) {
      const inner = { url: 'https://example.org/djup', extension: [] };
      at.extension = [inner];
      at = inner;
    }
    const refusedDeep = await processMessage(api, hospital, deep);
    expect(refusedDeep.status).toBe(400);
    expect(refusedDeep.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'structure', expression: [expect.stringContaining('Bundle.entry')] }],
    });
  }, 300_000);
});
