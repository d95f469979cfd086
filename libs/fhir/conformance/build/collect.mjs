// Collects the conformance resources from the SUSHI builds in the local FHIR package cache
// (see sushi-all.sh) into ../package: StructureDefinitions (with snapshots, without narrative and
// mappings), ValueSets and CodeSystems. Run from this folder: node collect.mjs
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const cache = join(homedir(), '.fhir', 'packages');
const sources = {
  'medcom.fhir.dk.terminology#2.0.1': ['ValueSet', 'CodeSystem'],
  'hl7.fhir.dk.core#3.4.0': ['StructureDefinition', 'ValueSet', 'CodeSystem'],
  'medcom.fhir.dk.core#3.0.1': ['StructureDefinition'],
  'medcom.fhir.dk.messaging#4.0.2': ['StructureDefinition'],
  'medcom.fhir.dk.hospitalnotification#3.0.2': ['StructureDefinition'],
  'medcom.fhir.dk.carecommunication#5.0.4': ['StructureDefinition'],
  'medcom.fhir.dk.acknowledgement#2.0.3': ['StructureDefinition'],
};
const out = join(import.meta.dirname, '..', 'package');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let count = 0;
for (const [pkg, types] of Object.entries(sources)) {
  const dir = join(cache, pkg, 'package');
  for (const file of readdirSync(dir).sort()) {
    const type = file.split('-')[0];
    if (!types.includes(type)) continue;
    const resource = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    delete resource.text;
    delete resource.mapping;
    for (const element of [...(resource.snapshot?.element ?? []), ...(resource.differential?.element ?? [])]) delete element.mapping;
    writeFileSync(join(out, file), JSON.stringify(resource, null, 1) + '\n');
    count++;
  }
}
console.log(`${count} resources in ${out}`);
