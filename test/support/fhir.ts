import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSystemClient } from '@brygga/auth';
import { DK_IDENTIFIERS, UnitIdentifier } from '@brygga/fhir';
import { DevIdp } from '../../apps/idp/src';
import type { TestApi } from './harness';

export const FHIR_AUDIENCE = 'https://brygga.test/fhir';
export const MEDCOM_DIR = join(__dirname, '..', '..', 'libs', 'fhir', 'test-vectors', 'medcom');
export const MEDCOM_FILES = readdirSync(MEDCOM_DIR).filter((f) => f.endsWith('.json'));

/** A MedCom example Bundle, as published (a fresh copy each time). */
export function medcom(name: string): any {
  return JSON.parse(readFileSync(join(MEDCOM_DIR, `medcom-${name}.json`), 'utf8'));
}

/** An IdP for system clients (client credentials, JWT access tokens for FHIR_AUDIENCE). */
export class SystemIdp {
  private readonly secrets = new Map<string, string>();
  private constructor(readonly idp: DevIdp) {}

  static async start(clientIds: string[]): Promise<SystemIdp> {
    const clients = clientIds.map((clientId) => ({ clientId, clientSecret: randomBytes(18).toString('base64url') }));
    const idp = await DevIdp.start({ clients: [], identities: [], systems: { audience: FHIR_AUDIENCE, clients } });
    const systems = new SystemIdp(idp);
    for (const c of clients) systems.secrets.set(c.clientId, c.clientSecret);
    return systems;
  }

  /** Settings for an api that accepts this IdP's tokens. */
  env(country: 'se' | 'dk'): Record<string, string> {
    return { FHIR_TOKEN_ISSUER: this.idp.issuer, FHIR_AUDIENCE, FHIR_IDENTIFIER_COUNTRY: country, FHIR_OUTBOX_POLL_SECONDS: '0' };
  }

  async token(clientId: string): Promise<string> {
    const res = await fetch(`${this.idp.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${this.secrets.get(clientId)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: FHIR_AUDIENCE }),
    });
    if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  close(): Promise<void> {
    return this.idp.close();
  }
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

/** A system client for a unit, with the unit's identifiers as FHIR messages name it. */
export async function systemFor(
  api: TestApi,
  unitId: string,
  clientId: string,
  options: { identifiers?: { system: string; value: string }[]; endpointUrl?: string } = {},
): Promise<string> {
  const client = await registerSystemClient(api.dataSource.manager, {
    clientId,
    name: `System ${clientId}`,
    unitId,
    endpointUrl: options.endpointUrl ?? null,
  });
  for (const identifier of options.identifiers ?? []) await api.dataSource.getRepository(UnitIdentifier).save({ ...identifier, unitId });
  return client.userId;
}

export interface FhirAnswer {
  status: number;
  body: any;
  contentType: string | null;
}

/** POST /fhir/$process-message with a bearer token. */
export async function processMessage(
  api: TestApi,
  token: string | null,
  body: unknown,
  contentType = 'application/fhir+json',
): Promise<FhirAnswer> {
  const res = await fetch(`${api.baseUrl}/fhir/$process-message`, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, contentType: res.headers.get('content-type') };
}

/** The acknowledgement's code and, for an error, its OperationOutcome's first issue. */
export function ackOf(answer: FhirAnswer): { code: string; identifier: string; issue?: { code: string; text: string } } {
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
