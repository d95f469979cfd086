import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContractCheck, toJsonSchema, type OpenApiDocument } from '../../apps/web/src/api/contract-check';

const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'libs', 'contracts', 'openapi.json'), 'utf8')) as OpenApiDocument;

/** The web client's development-build check of answers against openapi.json (apps/web/src/api/contract-middleware.ts). */
describe('the contract check of answers (development builds)', () => {
  const check = createContractCheck(doc);
  const unit = {
    id: '5f0c6a52-8d7e-4c43-9d51-1d1e1bb0a001',
    name: 'Avdelning 7',
    orgKind: 'slutenvard',
    organisationId: '5f0c6a52-8d7e-4c43-9d51-1d1e1bb0a002',
    organisationName: 'Region Gotland',
  };

  it('accepts an answer that matches the contract', () => {
    expect(check('GET', '/api/units', 200, { units: [unit] })).toBeNull();
  });

  it('names the route and the mismatch when a required field is missing or has the wrong type', () => {
    const missing = check('GET', '/api/units', 200, { units: [{ ...unit, name: undefined }] });
    expect(missing).toContain('GET /api/units → 200');
    expect(missing).toContain("/units/0 must have required property 'name'");
    expect(check('GET', '/api/units', 200, { units: [{ ...unit, orgKind: 'sjukhus' }] })).toContain(
      '/units/0/orgKind must be equal to one of the allowed values',
    );
    expect(check('GET', '/api/units', 200, { units: 'inga' })).toContain('/units must be array');
  });

  it('checks error answers against their documented body too', () => {
    expect(check('GET', '/api/threads/{id}', 404, { statusCode: 404, error: 'not_found', message: 'Ärendet finns inte.' })).toBeNull();
    expect(check('GET', '/api/threads/{id}', 404, { statusCode: '404', error: 'not_found', message: 'x' })).toMatch(
      /GET \/api\/threads\/\{id\} → 404: .*statusCode must be number/,
    );
  });

  it('lets null through where the contract says nullable, and not elsewhere', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, enum: ['a'] })).toEqual({
      anyOf: [{ type: 'null' }, { type: 'string', enum: ['a'] }],
    });
    // The swagger plugin's form for a nullable class: allOf with the reference.
    expect(toJsonSchema({ allOf: [{ $ref: '#/components/schemas/DischargeDay' }], nullable: true, type: 'object' })).toEqual({
      anyOf: [{ type: 'null' }, { allOf: [{ $ref: 'contract#/components/schemas/DischargeDay' }], type: 'object' }],
    });
    const clock = check('GET', '/api/threads/{id}', 200, { clock: { dischargeDay: null } });
    expect(clock ?? '').not.toContain('dischargeDay');
    expect(check('GET', '/api/threads/{id}', 200, { clock: { dischargeDay: 'lördag' } })).toContain('/clock/dischargeDay must be null');
    expect(check('GET', '/api/threads/{id}', 200, { clock: { dischargeDay: 'lördag' } })).toContain('/clock/dischargeDay must be object');
  });

  it('says nothing about routes or statuses the contract does not describe', () => {
    expect(check('GET', '/api/unknown', 200, { anything: true })).toBeNull();
    expect(check('POST', '/api/threads/{id}/attachments', 201, { attachments: [] })).toBeNull();
  });

  it('compiles the documented answer of every route in openapi.json', () => {
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const status of Object.keys(op.responses ?? {})) expect(() => check(method, route, Number(status), null)).not.toThrow();
      }
    }
  });
});
