import { DevIdp } from '../../../apps/idp/src';
import { SystemTokenVerifier } from './system-token';

async function token(
  idp: DevIdp,
  id: string,
  secret: string,
  resource?: string,
): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(resource ? { resource } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('system client tokens (client credentials at the development IdP)', () => {
  const audience = 'http://127.0.0.1:9/fhir';
  let idp: DevIdp;
  let other: DevIdp;
  beforeAll(async () => {
    idp = await DevIdp.start({
      clients: [],
      identities: [],
      systems: { audience, clients: [{ clientId: 'sys-a', clientSecret: 'secret-a-123456789' }] },
    });
    other = await DevIdp.start({
      clients: [],
      identities: [],
      systems: { audience, clients: [{ clientId: 'sys-a', clientSecret: 'secret-a-123456789' }] },
    });
  });
  afterAll(async () => {
    await idp.close();
    await other.close();
  });

  it('issues a JWT for the audience that the verifier accepts, and refuses forged, foreign and missing tokens', async () => {
    const issued = await token(idp, 'sys-a', 'secret-a-123456789');
    expect(issued.status).toBe(200);
    const verifier = new SystemTokenVerifier(idp.issuer, audience, true);
    expect(await verifier.verify(`Bearer ${issued.body.access_token}`, audience)).toEqual(expect.objectContaining({ clientId: 'sys-a' }));
    const [h, p] = issued.body.access_token.split('.');
    expect(await verifier.verify(`Bearer ${h}.${p}.AAAA`, audience)).toBeUndefined();
    const foreign = await token(other, 'sys-a', 'secret-a-123456789');
    expect(await verifier.verify(`Bearer ${foreign.body.access_token}`, audience)).toBeUndefined();
    expect(await verifier.verify('Bearer nonsense', audience)).toBeUndefined();
    expect(
      await new SystemTokenVerifier(idp.issuer, 'http://elsewhere/fhir', true).verify(`Bearer ${issued.body.access_token}`, audience),
    ).toBeUndefined();
    expect((await token(idp, 'sys-a', 'wrong-secret')).status).toBe(401);
    expect((await token(idp, 'sys-a', 'secret-a-123456789', 'http://elsewhere/fhir')).status).toBe(400);
  });
});
