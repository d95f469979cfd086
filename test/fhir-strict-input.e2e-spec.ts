import { randomUUID } from 'node:crypto';
import { TestApi } from './support/harness';
import { ackOf, asNewMessage, medcom, processMessage, systemFor, SystemIdp, HERLEV } from './support/fhir';

const resourceOf = (bundle: any, type: string) => bundle.entry.find((e: any) => e.resource.resourceType === type).resource;

/**
 * Issue 31, strict and robust input at $process-message, its HTTP side: a Bundle of 1,000 entries
 * is read and judged by FHIR's rules, and one nested deeper than any resource is refused as FHIR
 * before it is read. What the import service refuses or takes (the element named, urn:uuid
 * references, TIFF/GIF/BMP files, a file past 3.35 MB) is test/service/fhir/import.spec.ts.
 */
describe('FHIR strict input', () => {
  let api: TestApi;
  let systems: SystemIdp;
  let hospital: string;

  beforeAll(async () => {
    systems = await SystemIdp.start(['herlev-hjerte']);
    api = await TestApi.start(systems.env('dk'));
    const ward = await api.unit('slutenvard', 'Hjerteafdelingen');
    // cc-07's receiver, the care centre, must be known for the message to be taken.
    const care = await api.unit('hemsjukvard', 'Plejecenter Herlev');
    await systemFor(api, ward, 'herlev-hjerte', {
      identifiers: HERLEV.ward,
    });
    await systemFor(api, care, 'plejecenter-herlev', {
      identifiers: HERLEV.care,
    });
    hospital = await systems.token('herlev-hjerte');
  });
  afterAll(async () => {
    await api.close();
    await systems.close();
  });

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
