import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DK_IDENTIFIERS } from '@brygga/fhir';

/**
 * MedCom's example messages and what a test reads from an answer: no HTTP, IdP or api here, so the
 * service tier (test/service/fhir) loads only this; test/support/fhir.ts re-exports it for e2e.
 */
export const MEDCOM_DIR = join(__dirname, '..', '..', 'libs', 'fhir', 'test-vectors', 'medcom');
export const MEDCOM_FILES = readdirSync(MEDCOM_DIR).filter((f) => f.endsWith('.json'));

/** A MedCom example Bundle, as published (a fresh copy each time). */
export function medcom(name: string): any {
  return JSON.parse(readFileSync(join(MEDCOM_DIR, `medcom-${name}.json`), 'utf8'));
}

/** MedCom's example organisations, Herlev's heart ward and care centre, by their SOR and EAN codes. */
export const HERLEV = {
  ward: [
    { system: DK_IDENTIFIERS.sor, value: '265161000016000' },
    { system: DK_IDENTIFIERS.ean, value: '5790000209354' },
  ],
  care: [
    { system: DK_IDENTIFIERS.sor, value: '953741000016009' },
    { system: DK_IDENTIFIERS.ean, value: '5790001348120' },
  ],
};

/** An answer to $process-message: over HTTP, or FhirImportService.process's result. */
export interface FhirAnswer {
  status: number;
  body: any;
  contentType: string | null;
}

/** The acknowledgement's code and, for an error, its OperationOutcome's first issue. */
export function ackOf(answer: { status: number; body?: any }): {
  code: string;
  identifier: string;
  issue?: { code: string; text: string };
} {
  const header = answer.body?.entry?.[0]?.resource;
  if (answer.status !== 200 || header?.resourceType !== 'MessageHeader')
    throw new Error(`not an acknowledgement: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
  const outcome = answer.body.entry.find((e: any) => e.resource.resourceType === 'OperationOutcome')?.resource;
  return {
    code: header.response.code,
    identifier: header.response.identifier,
    ...(outcome ? { issue: { code: outcome.issue[0].code, text: outcome.issue[0].details.text } } : {}),
  };
}

/** A copy of a message with a new MessageHeader id (and Bundle id), its Provenance following. */
export function asNewMessage(bundle: any): any {
  const copy = JSON.parse(JSON.stringify(bundle));
  const header = copy.entry[0].resource;
  const old = header.id;
  const id = randomUUID();
  header.id = id;
  copy.id = randomUUID();
  for (const e of copy.entry) {
    if (e.resource.resourceType === 'Provenance')
      e.resource.target = e.resource.target.map((t: any) =>
        t.reference === `MessageHeader/${old}` ? { reference: `MessageHeader/${id}` } : t,
      );
  }
  return copy;
}
