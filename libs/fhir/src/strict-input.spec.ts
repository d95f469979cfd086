import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FhirRefusal } from './bundle-reader';
import { isBase64, refuseInvalidInput } from './strict-input';

const MEDCOM = join(__dirname, '..', 'test-vectors', 'medcom');
const example = (name: string): any => JSON.parse(readFileSync(join(MEDCOM, `medcom-${name}.json`), 'utf8'));
const refusal = (bundle: unknown, profiles = true): { code: string; expression?: string; text: string } | undefined => {
  try {
    refuseInvalidInput(bundle, { profiles });
    return undefined;
  } catch (error) {
    if (!(error instanceof FhirRefusal)) throw error;
    return { code: error.issueCode, expression: error.expression, text: error.message };
  }
};
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

/**
 * Issue 31, strict input: what FHIR and MedCom's profiles forbid is refused before anything is
 * read, with the standard issue code and the element; what they allow is taken.
 */
describe('strict input at $process-message', () => {
  it('takes every one of MedCom’s examples, with the profiles judged', () => {
    const files = readdirSync(MEDCOM).filter((f) => f.endsWith('.json'));
    const result = Object.fromEntries(files.map((f) => [f, refusal(JSON.parse(readFileSync(join(MEDCOM, f), 'utf8')))]));
    expect(result).toEqual(Object.fromEntries(files.map((f) => [f, undefined])));
  }, 120_000);

  it('takes urn:uuid fullUrls and references', () => {
    for (const name of ['hn-01-admit-inpatient-STIN', 'cc-07-new-message']) {
      const bundle = withUuidReferences(example(name));
      expect(bundle.entry[0].resource.sender.reference).toMatch(/^urn:uuid:/);
      expect(refusal(bundle, false)).toBeUndefined();
      expect(refusal(bundle)).toBeUndefined();
    }
  }, 120_000);

  it('refuses an unknown modifierExtension, naming it', () => {
    const bundle = example('hn-01-admit-inpatient-STIN');
    resourceOf(bundle, 'Encounter').modifierExtension = [{ url: 'https://example.org/ej-giltig', valueBoolean: true }];
    expect(refusal(bundle, false)).toEqual({
      code: 'extension',
      expression: 'Bundle.entry[2].resource.modifierExtension[0]',
      text: expect.stringContaining('https://example.org/ej-giltig'),
    });
  });

  it('refuses an event code without its system, or of another system', () => {
    const missing = example('cc-07-new-message');
    delete missing.entry[0].resource.eventCoding.system;
    expect(refusal(missing, false)).toMatchObject({ code: 'required', expression: 'Bundle.entry[0].resource.eventCoding.system' });
    const foreign = example('cc-07-new-message');
    foreign.entry[0].resource.eventCoding.system = 'http://example.org/events';
    expect(refusal(foreign, false)).toMatchObject({ code: 'code-invalid', expression: 'Bundle.entry[0].resource.eventCoding.system' });
  });

  it('refuses references that point outside the message, wherever they are', () => {
    const relative = example('hn-01-admit-inpatient-STIN');
    resourceOf(relative, 'Encounter').subject.reference = 'Patient/finns-inte';
    expect(refusal(relative, false)).toMatchObject({ code: 'not-found', expression: 'Bundle.entry[2].resource.subject.reference' });
    const absolute = example('cc-07-new-message');
    absolute.entry[0].resource.sender.reference = 'https://annan.example/fhir/Organization/1';
    expect(refusal(absolute, false)).toMatchObject({ code: 'not-found', expression: 'Bundle.entry[0].resource.sender.reference' });
    const uuid = withUuidReferences(example('cc-07-new-message'));
    uuid.entry[0].resource.focus[0].reference = `urn:uuid:${randomUUID()}`;
    expect(refusal(uuid, false)).toMatchObject({ code: 'not-found', expression: 'Bundle.entry[0].resource.focus[0].reference' });
  });

  it('refuses, where MedCom’s profiles apply, a foreign activity code, a wrong message definition version and a missing destination use', () => {
    const activity = example('hn-01-admit-inpatient-STIN');
    resourceOf(activity, 'Provenance').activity.coding[0] = { system: 'http://example.org/aktivitet', code: 'admit-inpatient' };
    expect(refusal(activity, false)).toBeUndefined();
    expect(refusal(activity)).toMatchObject({ expression: expect.stringMatching(/^Bundle\.entry\[\d\]\.resource/) });

    const version = example('cc-07-new-message');
    version.entry[0].resource.definition = version.entry[0].resource.definition.replace('|5.0', '|4.0');
    expect(refusal(version)).toMatchObject({ expression: expect.stringContaining('Bundle.entry[0].resource') });

    const destination = example('hn-01-admit-inpatient-STIN');
    delete destination.entry[0].resource.destination[0].extension;
    expect(refusal(destination)).toMatchObject({ expression: expect.stringContaining('Bundle.entry[0].resource.destination') });
  }, 120_000);

  it('checks file data in linear time: 20 MB of base64 in one pass, and names bad data', () => {
    const big = randomBytes(20 * 1024 * 1024).toString('base64');
    const started = performance.now();
    expect(isBase64(big)).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000); // about 0.1 s; generous for a loaded machine
    expect(isBase64(`${big.slice(0, -4)}A=A=`)).toBe(false);
    expect(isBase64('QUJD\nREVG')).toBe(true);
    expect(isBase64('QUJ')).toBe(false);
    expect(isBase64('QU*D')).toBe(false);
    const bundle = example('cc-08-reply-with-pdf-attachment');
    const payload = resourceOf(bundle, 'Communication').payload;
    const index = payload.findIndex((p: any) => p.contentAttachment);
    payload[index].contentAttachment.data = big;
    expect(refusal(bundle)).toBeUndefined();
    payload[index].contentAttachment.data = 'inte base64!';
    expect(refusal(bundle, false)).toMatchObject({
      code: 'value',
      expression: `Bundle.entry[2].resource.payload[${index}].contentAttachment.data`,
    });
  }, 120_000);
});

describe('FHIR date rule: a time needs its offset', () => {
  it.each([
    ['Bundle.timestamp (instant)', (b: any) => (b.timestamp = '2022-12-07T12:00:01'), /timestamp/],
    ['Encounter.period.start (dateTime)', (b: any) => (resourceOf(b, 'Encounter').period.start = '2022-12-07T12:00:00'), /period/],
    ['Provenance.recorded (instant)', (b: any) => (resourceOf(b, 'Provenance').recorded = '2022-12-07T12:00:02'), /recorded/],
    ['Provenance.occurredDateTime (dateTime)', (b: any) => (resourceOf(b, 'Provenance').occurredDateTime = '2022-12-07T12:00'), /occurred/],
  ])('%s without an offset is refused, the element named', (_, change, element) => {
    for (const profiles of [false, true]) {
      const bundle = example('hn-01-admit-inpatient-STIN');
      change(bundle);
      const refused = refusal(bundle, profiles);
      expect(refused).toBeDefined();
      expect(refused!.expression ?? refused!.text).toMatch(element);
    }
  });

  it('the same times with an offset (or Z), and a date without a time, are taken', () => {
    const bundle = example('hn-01-admit-inpatient-STIN');
    bundle.timestamp = '2022-12-07T10:00:01Z';
    resourceOf(bundle, 'Encounter').period.start = '2022-12-07T12:00:00+02:00';
    expect(refusal(bundle)).toBeUndefined();
    expect(refusal(bundle, false)).toBeUndefined();
  });
});
