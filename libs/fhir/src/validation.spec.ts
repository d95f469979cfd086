import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FhirRefusal } from './bundle-reader';
import { validateMessage } from './validation';

const MEDCOM_EXAMPLES = join(__dirname, '..', 'test-vectors', 'medcom');
const example = (name: string) => JSON.parse(readFileSync(join(MEDCOM_EXAMPLES, name), 'utf8')) as Record<string, any>;
const refusal = (bundle: unknown): FhirRefusal | undefined => {
  try {
    validateMessage(bundle);
    return undefined;
  } catch (error) {
    if (error instanceof FhirRefusal) return error;
    throw error;
  }
};

describe('FHIR message validation (fhir for R4 structure, fhirpath for the messaging rules)', () => {
  it.each(readdirSync(MEDCOM_EXAMPLES).filter((f) => f.endsWith('.json')))('accepts MedCom example %s', (name) => {
    expect(refusal(example(name))).toBeUndefined();
  });

  it('accepts the Swedish example of docs/fhir.md', () => {
    const swedish = JSON.parse(readFileSync(join(MEDCOM_EXAMPLES, '..', 'brygga', 'inskrivning-visby-med4.json'), 'utf8'));
    expect(refusal(swedish)).toBeUndefined();
  });

  it('refuses what is not a message, a MessageHeader that is not first, a missing Provenance, a broken structure', () => {
    const admit = () => example('medcom-hn-01-admit-inpatient-STIN.json');
    expect(refusal([1, 2])?.issueCode).toBe('invalid');
    expect(refusal({ ...admit(), type: 'collection' })?.issueCode).toBe('invalid');
    const reordered = admit();
    reordered.entry.push(reordered.entry.shift());
    expect(refusal(reordered)?.issueCode).toBe('structure');
    const noProvenance = admit();
    noProvenance.entry = noProvenance.entry.filter((e: any) => e.resource.resourceType !== 'Provenance');
    expect(refusal(noProvenance)).toMatchObject({ issueCode: 'required', message: expect.stringContaining('Provenance') });
    const broken = admit();
    broken.entry[2].resource.period = { start: 'igår' };
    expect(refusal(broken)).toMatchObject({ issueCode: 'structure', message: expect.stringContaining('FHIR R4') });
  });
});
