import { AuditDenials } from '@brygga/audit';
import { ApiProcess } from './support/api-process';
import { TestApi } from './support/harness';

/** An anonymous flood on /auth: limited per client address on every node, and logged in bounded rows. */
describe('anonymous /auth routes', () => {
  /** A browser at `address` (TRUST_PROXY=loopback lets the test name it in X-Forwarded-For). */
  const callback = (base: string, address: string) =>
    fetch(`${base}/auth/callback?code=forged&state=forged`, {
      headers: { 'x-forwarded-for': address, accept: 'application/json' },
      redirect: 'manual',
    });

  it('answers 429 in Swedish once an address passes the limit, counted across nodes, other addresses unaffected', async () => {
    const api = await TestApi.start({ AUTH_RATE_LIMIT_PER_MINUTE: '6', TRUST_PROXY: 'loopback' });
    const node2 = await ApiProcess.start(api, { AUTH_RATE_LIMIT_PER_MINUTE: '6', TRUST_PROXY: 'loopback' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await callback(api.baseUrl, '203.0.113.7')).status);
      for (let i = 0; i < 2; i++) statuses.push((await callback(node2.url, '203.0.113.7')).status);
      expect(statuses).toEqual([400, 400, 400, 400, 400, 400]);
      const limited = await callback(node2.url, '203.0.113.7');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await limited.json()) as { message: string }).message).toBe('För många förfrågningar. Försök igen om en stund.');
      expect(
        (await fetch(`${api.baseUrl}/auth/login?idp=bankid`, { headers: { 'x-forwarded-for': '203.0.113.7' }, redirect: 'manual' })).status,
      ).toBe(429);
      expect((await callback(api.baseUrl, '198.51.100.1')).status).toBe(400);
      expect((await fetch(`${api.baseUrl}/api/health`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200);
    } finally {
      await node2.stop();
      await api.close();
    }
  });

  it('collapses 50 identical denials into one row and one count', async () => {
    const api = await TestApi.start({ TRUST_PROXY: 'loopback' });
    try {
      for (let i = 0; i < 50; i++) expect((await callback(api.baseUrl, '203.0.113.9')).status).toBe(400);
      await callback(api.baseUrl, '198.51.100.2');
      const rows = () =>
        api.dataSource.query(
          `SELECT seq::text AS seq, client_address, details FROM audit_log WHERE action = 'auth.login' AND outcome = 'denied' ORDER BY audit_log.seq`,
        ) as Promise<{ seq: string; client_address: string; details: Record<string, unknown> }[]>;
      const before = await rows();
      expect(before.map((r) => r.client_address)).toEqual(['203.0.113.9', '198.51.100.2']);
      expect(await api.app.get(AuditDenials).flush(true)).toBe(1);
      const after = await rows();
      expect(after).toHaveLength(3);
      expect(after[2]).toMatchObject({ client_address: '203.0.113.9', details: { reason: 'state', repeats: 49, firstSeq: before[0].seq } });
      expect((await api.request(await api.user(await api.unit('slutenvard'), 'logggranskare'), 'GET', '/api/audit/verify')).body.ok).toBe(
        true,
      );
    } finally {
      await api.close();
    }
  });
});
