import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAgainstProfiles } from './profile-validator';

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
});
