import { randomBytes } from 'node:crypto';
import { registerSystemClient } from '@brygga/auth';
import { UnitIdentifier } from '@brygga/fhir';
import { DevIdp } from '../../apps/idp/src';
import type { TestApi } from './harness';
import type { FhirAnswer } from './medcom';

export * from './medcom';

export const FHIR_AUDIENCE = 'https://brygga.test/fhir';

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
