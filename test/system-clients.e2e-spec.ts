import { TestApi, type TestUser } from './support/harness';
import { FHIR_AUDIENCE, medcom } from './support/fhir';

/**
 * Issue 31: an organisation's administrator registers its systems (FHIR system clients) at
 * /api/admin/system-clients — the secret shown once, rotated, the endpoint set, disabled — and the
 * system gets its access tokens from Brygga's token endpoint with that secret. Nothing of another
 * organisation is seen or changed; every step and refusal is an access-log row.
 */
describe('system clients administered', () => {
  let api: TestApi;
  let admin: TestUser;
  let otherAdmin: TestUser;
  let coordinator: TestUser;
  let ward: string;
  let otherUnit: string;

  beforeAll(async () => {
    api = await TestApi.start({ FHIR_AUDIENCE, FHIR_IDENTIFIER_COUNTRY: 'dk', FHIR_OUTBOX_POLL_SECONDS: '0' });
    ward = await api.unit('slutenvard', 'Hjerteafdelingen');
    otherUnit = await api.unit('sof', 'Annan kommun');
    admin = await api.user(ward, 'admin', 'Ada');
    coordinator = await api.user(ward, 'koordinator', 'Kim');
    otherAdmin = await api.user(otherUnit, 'admin', 'Olle');
  });
  afterAll(() => api.close());

  const token = async (clientId: string, secret: string, how: 'basic' | 'form' = 'basic') => {
    const res = await fetch(`${api.baseUrl}/auth/system-token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(how === 'basic' ? { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` } : {}),
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        ...(how === 'form' ? { client_id: clientId, client_secret: secret } : {}),
      }),
    });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  };
  /** A system route with the token: $validate answers 200 for a known system, 401 otherwise. */
  const validate = async (accessToken: string) =>
    (
      await fetch(`${api.baseUrl}/fhir/$validate`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify(medcom('hn-01-admit-inpatient-STIN')),
      })
    ).status;
  const log = async (action: string, outcome = 'allowed'): Promise<number> =>
    (await api.dataSource.query('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = $2', [action, outcome]))[0].n;

  it('registers a system with its secret shown once, which gets tokens for the FHIR routes', async () => {
    const res = await api.request(admin, 'POST', '/api/admin/system-clients', {
      clientId: 'herlev-hjerte',
      name: 'Hjerteafdelingens journal',
      unitId: ward,
      endpointUrl: 'https://herlev.example/fhir/$process-message',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      systemClient: {
        clientId: 'herlev-hjerte',
        name: 'Hjerteafdelingens journal',
        unitId: ward,
        unitName: 'Hjerteafdelingen',
        endpointUrl: 'https://herlev.example/fhir/$process-message',
        disabledAt: null,
        secretSetAt: expect.any(String),
      },
      clientSecret: expect.stringMatching(/^[\w-]{43}$/),
      tokenEndpoint: `${api.baseUrl}/auth/system-token`,
    });
    const secret: string = res.body.clientSecret;
    // Only a hash is kept, and the list never shows it.
    const [row] = await api.dataSource.query(`SELECT secret_hash FROM system_client WHERE client_id = 'herlev-hjerte'`);
    expect(row.secret_hash).toMatch(/^scrypt\$/);
    expect(row.secret_hash).not.toContain(secret);
    const list = await api.request(admin, 'GET', '/api/admin/system-clients');
    expect(list.body.systemClients.map((c: any) => c.clientId)).toEqual(['herlev-hjerte']);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    for (const how of ['basic', 'form'] as const) {
      const answer = await token('herlev-hjerte', secret, how);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, access_token: expect.stringMatching(/^bst_/) });
      expect(await validate(answer.body.access_token)).toBe(200);
    }
    const wrong = await token('herlev-hjerte', 'fel-hemlighet');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    expect(await validate('bst_gissad')).toBe(401);
    // A token is not a session: the admin routes refuse it.
    const tokenOnly = await fetch(`${api.baseUrl}/api/admin/system-clients`, {
      headers: { authorization: `Bearer ${(await token('herlev-hjerte', secret)).body.access_token}` },
    });
    expect(tokenOnly.status).toBe(401);
    expect(await log('system_client.register')).toBe(1);
    expect(await log('system_client.token')).toBe(3);
  });

  it('rotates the secret: the old secret and its tokens stop working at once', async () => {
    const [client] = await api.dataSource.query(`SELECT id FROM system_client WHERE client_id = 'herlev-hjerte'`);
    const old = (await api.request(admin, 'POST', `/api/admin/system-clients/${client.id}/secret`)).body.clientSecret;
    const oldToken = (await token('herlev-hjerte', old)).body.access_token;
    expect(await validate(oldToken)).toBe(200);
    const rotated = await api.request(admin, 'POST', `/api/admin/system-clients/${client.id}/secret`, { orsak: 'Hemligheten läckte' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.clientSecret).not.toBe(old);
    expect(await validate(oldToken)).toBe(401);
    expect((await token('herlev-hjerte', old)).status).toBe(401);
    const fresh = await token('herlev-hjerte', rotated.body.clientSecret);
    expect(await validate(fresh.body.access_token)).toBe(200);
    expect(await log('system_client.rotate')).toBe(2);
    const [logged] = await api.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'system_client.rotate' AND details->>'orsak' IS NOT NULL`,
    );
    expect(logged.details).toMatchObject({ orsak: 'Hemligheten läckte', clientId: 'herlev-hjerte', systemClientId: client.id });
  });

  it('sets and clears the endpoint, and refuses a malformed one in Swedish', async () => {
    const [client] = await api.dataSource.query(`SELECT id FROM system_client WHERE client_id = 'herlev-hjerte'`);
    const set = await api.request(admin, 'PUT', `/api/admin/system-clients/${client.id}/endpoint`, {
      endpointUrl: 'https://ny.herlev.example/fhir/$process-message',
    });
    expect(set.status).toBe(200);
    expect(set.body.endpointUrl).toBe('https://ny.herlev.example/fhir/$process-message');
    const cleared = await api.request(admin, 'PUT', `/api/admin/system-clients/${client.id}/endpoint`, { endpointUrl: null });
    expect(cleared.body.endpointUrl).toBeNull();
    for (const body of [
      { endpointUrl: 'ftp://x' },
      { endpointUrl: 'inte en adress' },
      {},
      { endpointUrl: 'https://a.example', extra: 1 },
    ]) {
      const bad = await api.request(admin, 'PUT', `/api/admin/system-clients/${client.id}/endpoint`, body);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/endpointUrl|extra/);
      expect(JSON.stringify(bad.body)).toMatch(/webbadress|tillåtet fält/);
    }
    expect(await log('system_client.change')).toBe(2);
  });

  it('disables a system: its tokens end and no new one is issued; enabled again it works', async () => {
    const [client] = await api.dataSource.query(`SELECT id FROM system_client WHERE client_id = 'herlev-hjerte'`);
    const secret = (await api.request(admin, 'POST', `/api/admin/system-clients/${client.id}/secret`)).body.clientSecret;
    const live = (await token('herlev-hjerte', secret)).body.access_token;
    const disabled = await api.request(admin, 'POST', `/api/admin/system-clients/${client.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));
    expect(await validate(live)).toBe(401);
    expect((await token('herlev-hjerte', secret)).status).toBe(401);
    const enabled = await api.request(admin, 'POST', `/api/admin/system-clients/${client.id}/enable`);
    expect(enabled.body.disabledAt).toBeNull();
    expect(await validate((await token('herlev-hjerte', secret)).body.access_token)).toBe(200);
  });

  it('validates the registration in Swedish and refuses a taken client id', async () => {
    const cases: [unknown, RegExp][] = [
      [{ unitId: ward }, /name/],
      [{ name: 'X', unitId: 'inte-ett-id' }, /unitId.*giltigt id/],
      [{ name: 'X', unitId: ward, clientId: 'å' }, /clientId.*bokstäverna/],
      [{ name: 'X', unitId: ward, endpointUrl: 'javascript:alert(1)' }, /endpointUrl.*webbadress/],
      [{ name: 'X', unitId: ward, secret: 'egen' }, /secret.*tillåtet fält/],
    ];
    for (const [body, message] of cases) {
      const res = await api.request(admin, 'POST', '/api/admin/system-clients', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(res.body)).toMatch(message);
    }
    const taken = await api.request(admin, 'POST', '/api/admin/system-clients', { clientId: 'herlev-hjerte', name: 'X', unitId: ward });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain('herlev-hjerte');
    // Without a client id, Brygga makes one.
    const made = await api.request(admin, 'POST', '/api/admin/system-clients', { name: 'Utan id', unitId: ward });
    expect(made.body.systemClient.clientId).toMatch(/^brygga-[0-9a-f]{12}$/);
  });

  it('is for the owning organisation’s administrator only: others see nothing and change nothing, and are logged', async () => {
    const [client] = await api.dataSource.query(`SELECT id FROM system_client WHERE client_id = 'herlev-hjerte'`);
    expect((await api.request(otherAdmin, 'GET', '/api/admin/system-clients')).body.systemClients).toEqual([]);
    const before = await log('system_client.rotate', 'denied');
    for (const [method, action, body] of [
      ['POST', 'secret', undefined],
      ['PUT', 'endpoint', { endpointUrl: 'https://angripare.example/fhir' }],
      ['POST', 'disable', undefined],
    ] as const) {
      const res = await api.request(otherAdmin, method, `/api/admin/system-clients/${client.id}/${action}`, body);
      expect(res.status).toBe(404);
    }
    expect(await log('system_client.rotate', 'denied')).toBe(before + 1);
    const foreign = await api.request(otherAdmin, 'POST', '/api/admin/system-clients', { name: 'Kapad', unitId: ward });
    expect(foreign.status).toBe(404);
    expect(await log('system_client.register', 'denied')).toBe(1);
    const [row] = await api.dataSource.query(`SELECT endpoint_url, disabled_at FROM system_client WHERE id = $1`, [client.id]);
    expect(row).toEqual({ endpoint_url: null, disabled_at: null });
    // A coordinator administers no systems.
    expect((await api.request(coordinator, 'GET', '/api/admin/system-clients')).status).toBe(403);
    expect((await api.request(coordinator, 'POST', `/api/admin/system-clients/${client.id}/disable`)).status).toBe(403);
  });
});
