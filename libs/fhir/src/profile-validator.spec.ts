import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheParsedProfiles, validateAgainstProfiles } from './profile-validator';

const MEDCOM = join(__dirname, '..', 'test-vectors', 'medcom');
const example = (name: string): any => JSON.parse(readFileSync(join(MEDCOM, `medcom-${name}.json`), 'utf8'));
const errors = (bundle: unknown) =>
  validateAgainstProfiles(bundle)
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`);

/**
 * Issue 31: MedCom's profiles, compiled from their FSH sources (libs/fhir/conformance), judged by
 * @medplum/core's validator: MedCom's own examples pass, and what the profiles forbid is found.
 */
describe('the MedCom profile validator', () => {
  it('passes every one of MedCom’s official examples', () => {
    const files = readdirSync(MEDCOM).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(10);
    const result = Object.fromEntries(files.map((f) => [f, errors(JSON.parse(readFileSync(join(MEDCOM, f), 'utf8')))]));
    expect(result).toEqual(Object.fromEntries(files.map((f) => [f, []])));
  }, 120_000);

  it('finds a missing primary destination, an activity outside the value set, a foreign patient identifier', () => {
    const noUse = example('hn-01-admit-inpatient-STIN');
    delete noUse.entry[0].resource.destination[0].extension;
    expect(errors(noUse)).toEqual(expect.arrayContaining([expect.stringMatching(/^Bundle.entry\[0\].resource.destination: .*primary/)]));

    const foreignActivity = example('hn-01-admit-inpatient-STIN');
    const provenance = foreignActivity.entry.find((e: any) => e.resource.resourceType === 'Provenance').resource;
    provenance.activity.coding[0] = { system: 'urn:brygga:fhir:activity', code: 'planerad-utskrivning' };
    expect(errors(foreignActivity).join('\n')).toMatch(/activity: .*medcom-messaging-activityCodes/);

    const swedish = example('hn-01-admit-inpatient-STIN');
    swedish.entry[1].resource.identifier = [{ system: 'http://electronichealth.se/identifier/personnummer', value: '191212121212' }];
    expect(errors(swedish)).toEqual(expect.arrayContaining([expect.stringContaining('medcom-hospitalNotification-4')]));
  }, 120_000);

  it('judges with the profiles parsed once exactly as with profiles parsed anew for each call', () => {
    const variants: unknown[] = readdirSync(MEDCOM)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(MEDCOM, f), 'utf8')));
    // Broken ones too: a missing destination use, a foreign activity, an unknown element, a wrong type.
    const broken = example('hn-01-admit-inpatient-STIN');
    delete broken.entry[0].resource.destination[0].extension;
    broken.entry[1].resource.unknownElement = true;
    broken.entry[2].resource.period = 'igår';
    const careCommunication = example('cc-07-new-message');
    careCommunication.entry[0].resource.eventCoding.system = 'urn:annan';
    careCommunication.entry.find((e: any) => e.resource.resourceType === 'Communication').resource.payload = [];
    variants.push(broken, careCommunication);
    const judged = () => variants.map((v) => validateAgainstProfiles(v));
    const cached = judged();
    cacheParsedProfiles(false);
    try {
      expect(cached).toEqual(judged());
    } finally {
      cacheParsedProfiles(true);
    }
    expect(cached.slice(-2).map((issues) => issues.filter((i) => i.severity === 'error').length)).toEqual([
      expect.any(Number),
      expect.any(Number),
    ]);
    expect(cached.at(-2)!.length).toBeGreaterThan(2);
  }, 240_000);
});
