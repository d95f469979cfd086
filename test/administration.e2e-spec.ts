import { DEMO_SEED } from '@brygga/directory';
import { identitiesFromSeed } from '../apps/idp/src';
import { TestApi, type TestSession, type TestUser } from './support/harness';

/**
 * Administration cannot escalate itself (issue 28), on the demo directory the attack used: per.admin
 * (administrator of Visby lasarett) tried to make himself koordinator and logggranskare, and to make
 * a private provider's employee a koordinator in the ward.
 */
describe('membership administration against escalation', () => {
  let api: TestApi;
  let per: TestSession;
  let second: TestUser;
  let ids: Record<string, string>;
  let units: Record<string, string>;

  beforeAll(async () => {
    api = await TestApi.start({ BRYGGA_SEED_DEMO: '1' });
    for (const identity of identitiesFromSeed(DEMO_SEED)) api.identity(identity);
    const users: { key: string; id: string }[] = await api.dataSource.query('SELECT key, id FROM app_user');
    ids = Object.fromEntries(users.map((u) => [u.key, u.id]));
    const rows: { key: string; id: string }[] = await api.dataSource.query('SELECT key, id FROM unit');
    units = Object.fromEntries(rows.map((u) => [u.key, u.id]));
    per = await api.login('per.admin', 'bankid');
    // A second administrator of Visby lasarett (the demo has one): the four eyes.
    second = await api.user(units['visby-kir3'], 'admin', 'Gun');
  });
  afterAll(() => api.close());

  const grant = (session: TestSession | TestUser, userId: string, unit: string, role: string) =>
    api.request(session, 'POST', '/api/admin/memberships', { userId, unitId: units[unit], role });
  const memberships = async (userKey: string): Promise<string[]> =>
    (
      await api.dataSource.query('SELECT u.key, m.role FROM membership m JOIN unit u ON u.id = m.unit_id WHERE m.user_id = $1', [
        ids[userKey],
      ])
    ).map((r: { key: string; role: string }) => `${r.key}:${r.role}`);
  const counts = async () =>
    (
      await api.dataSource.query(
        `SELECT (SELECT count(*)::int FROM membership) AS memberships, (SELECT count(*)::int FROM membership_request) AS requests`,
      )
    )[0];

  it('refuses the self-grant of a care role and of the log reviewer role, writing only the refusal', async () => {
    const before = await counts();
    for (const role of ['koordinator', 'logggranskare', 'admin']) {
      const res = await grant(per, ids['per.admin'], 'visby-med4', role);
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('Du kan inte ge eller ändra dina egna behörigheter. Be en annan administratör i organisationen.');
    }
    expect(await counts()).toEqual(before);
    expect(await memberships('per.admin')).toEqual(['visby-med4:admin']);
    const denied = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE user_id = $1 AND action = 'directory.change' AND outcome = 'denied'`,
      [ids['per.admin']],
    );
    expect(denied[0].n).toBe(3);
    // He still reads no patient data.
    expect((await api.request(per, 'GET', '/api/threads')).body.threads).toEqual([]);
    const own = await api.dataSource.query('SELECT id FROM membership WHERE user_id = $1', [ids['per.admin']]);
    expect((await api.request(per, 'DELETE', `/api/admin/memberships/${own[0].id}`)).status).toBe(403);
  });

  it('refuses a grant in another organisation’s unit with a clear reason', async () => {
    const before = await counts();
    const res = await grant(per, ids['anna.persson'], 'sof-mottagning', 'handlaggare');
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/hör till en annan organisation/);
    expect(await counts()).toEqual(before);
  });

  it("makes a private provider's employee a ward koordinator only with a second administrator's approval", async () => {
    const asked = await grant(per, ids['eva.svensson'], 'visby-med4', 'koordinator');
    expect(asked.status).toBe(202);
    expect(asked.body.request).toMatchObject({
      reason: 'other_organisation',
      role: 'koordinator',
      status: 'pending',
      name: 'Eva Svensson',
    });
    expect(await memberships('eva.svensson')).toEqual(['hemtjanst-norr:utforare']);
    const requestId = asked.body.request.requestId as string;
    expect((await grant(per, ids['eva.svensson'], 'visby-med4', 'koordinator')).status).toBe(409);
    // The requester cannot approve it himself.
    const own = await api.request(per, 'POST', `/api/admin/membership-requests/${requestId}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.message).toMatch(/din egen begäran/);
    expect(await memberships('eva.svensson')).toEqual(['hemtjanst-norr:utforare']);
    const pending = await api.request(second, 'GET', '/api/admin/membership-requests');
    expect(pending.body.requests.map((r: { requestId: string }) => r.requestId)).toContain(requestId);
    const approved = await api.request(second, 'POST', `/api/admin/membership-requests/${requestId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ userId: ids['eva.svensson'], unitId: units['visby-med4'], role: 'koordinator' });
    expect((await memberships('eva.svensson')).sort()).toEqual(['hemtjanst-norr:utforare', 'visby-med4:koordinator']);
    expect((await api.request(second, 'POST', `/api/admin/membership-requests/${requestId}/approve`)).status).toBe(409);
  });

  it('needs four eyes for logggranskare and admin; a rejected request grants nothing; nobody approves a grant to themselves', async () => {
    const asked = await grant(per, ids['karin.lindqvist'], 'visby-med4', 'logggranskare');
    expect(asked.status).toBe(202);
    expect(asked.body.request.reason).toBe('elevated_role');
    const rejected = await api.request(second, 'POST', `/api/admin/membership-requests/${asked.body.request.requestId}/reject`);
    expect(rejected).toMatchObject({ status: 200, body: { status: 'rejected' } });
    expect(await memberships('karin.lindqvist')).toEqual(['visby-med4:koordinator']);
    expect((await api.request(second, 'POST', `/api/admin/membership-requests/${asked.body.request.requestId}/approve`)).status).toBe(409);
    // A request for the second administrator himself: he may not approve it, per may not either (he asked).
    const forSecond = await grant(per, second.id, 'visby-kir3', 'logggranskare');
    expect(forSecond.status).toBe(202);
    const self = await api.request(second, 'POST', `/api/admin/membership-requests/${forSecond.body.request.requestId}/approve`);
    expect(self.status).toBe(403);
    expect(self.body.message).toMatch(/egna behörigheter/);
    // Requests of another organisation are not there for this administrator.
    const ingrid = await api.login('ingrid.admin', 'siths');
    expect((await api.request(ingrid, 'POST', `/api/admin/membership-requests/${forSecond.body.request.requestId}/approve`)).status).toBe(
      404,
    );
    expect((await api.request(ingrid, 'GET', '/api/admin/membership-requests')).body.requests).toEqual([]);
    // Reading what waits is a read of the directory: an access-log row (the web client's administration reads it).
    const listed = await api.dataSource.query(
      `SELECT details FROM audit_log WHERE user_id = $1 AND action = 'directory.list' AND details ? 'requests'`,
      [ids['ingrid.admin']],
    );
    expect(listed.map((r: { details: { requests: number } }) => r.details.requests)).toEqual([0]);
    expect((await api.request(per, 'POST', '/api/admin/membership-requests/inte-ett-id/approve')).status).toBe(404);
  });

  it("shows every membership change to the organisation's log reviewer with both parties", async () => {
    const lena = await api.login('lena.berg', 'siths');
    const res = await api.request(lena, 'POST', '/api/audit/search', { userId: ids['per.admin'], limit: 200 });
    expect(res.status).toBe(200);
    type Entry = { action: string; outcome: string; userName: string; details: Record<string, unknown> };
    const rows = (res.body.entries as Entry[]).filter((e) => e.action.startsWith('directory.') && e.action !== 'directory.list');
    const request = rows.find((e) => e.action === 'directory.request' && e.details.subjectName === 'Eva Svensson');
    expect(request).toMatchObject({
      userName: 'Per Sandberg',
      outcome: 'allowed',
      details: { role: 'koordinator', reason: 'other_organisation' },
    });
    expect(rows.some((e) => e.action === 'directory.change' && e.outcome === 'denied' && e.details.userId === ids['per.admin'])).toBe(true);
    // The approval: made by the second administrator, naming the one who asked and the one it is for.
    const approvals = await api.request(lena, 'POST', '/api/audit/search', { userId: second.id, limit: 200 });
    const change = (approvals.body.entries as Entry[]).find((e) => e.action === 'directory.change' && e.outcome === 'allowed');
    expect(change).toMatchObject({
      userName: second.name,
      details: { change: 'add', subjectName: 'Eva Svensson', requestedByName: 'Per Sandberg', role: 'koordinator' },
    });
  });
});
