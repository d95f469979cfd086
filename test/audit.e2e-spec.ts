import { Client } from 'pg';
import { AuditEntry, AuditLink, chainHash, sealedContentHash } from '@brygga/audit';
import { newThreadBody, TestApi, TestUser } from './support/harness';

describe('access log', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let reviewer: TestUser;
  let threadId: string;
  let patientId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard');
    sof = await api.unit('sof');
    coordinator = await api.user(ward, 'koordinator');
    officer = await api.user(sof, 'handlaggare');
    reviewer = await api.user(ward, 'logggranskare');
    const created = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof]));
    threadId = created.body.id;
    patientId = created.body.patient.id;
    await api.request(officer, 'GET', `/api/threads/${threadId}`);
    await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Fråga om hjälpmedel',
      idempotencyKey: 'q',
    });
    await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages`);
  });
  afterAll(() => api.close());

  /** A superuser connection with triggers off: what an attacker with database access could do. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    const client = new Client({ connectionString: api.superuserUrl });
    await client.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(sql, params);
    } finally {
      await client.end();
    }
  }

  it('records who did what to which patient, from where, with unit and role', async () => {
    const res = await api.request(reviewer, 'GET', `/api/audit?patientId=${patientId}&limit=50`);
    expect(res.status).toBe(200);
    const actions = res.body.entries.map((e: { action: string; userId: string }) => [e.action, e.userId]).reverse();
    expect(actions).toEqual([
      ['thread.create', coordinator.id],
      ['thread.read', officer.id],
      ['message.create', officer.id],
      ['message.list', coordinator.id],
    ]);
    const create = res.body.entries.at(-1);
    expect(create).toMatchObject({ unitId: ward, role: 'koordinator', threadId, patientId, outcome: 'allowed' });
    expect(create.clientAddress).toMatch(/127\.0\.0\.1/);
    expect(create.userName).toBe(coordinator.name);
  });

  it('filters by user, thread and time', async () => {
    const byUser = await api.request(reviewer, 'GET', `/api/audit?userId=${officer.id}`);
    expect(byUser.body.entries.every((e: { userId: string }) => e.userId === officer.id)).toBe(true);
    const byThread = await api.request(reviewer, 'GET', `/api/audit?threadId=${threadId}`);
    expect(byThread.body.entries.length).toBeGreaterThanOrEqual(4);
    const future = await api.request(reviewer, 'GET', `/api/audit?from=2999-01-01T00:00:00Z`);
    expect(future.body.entries).toEqual([]);
    const bad = await api.request(reviewer, 'GET', `/api/audit?userId=nej`);
    expect(bad.status).toBe(400);
  });

  it('commits the log row with the write: a refused write leaves no allowed row, only the refusal', async () => {
    const count = `SELECT outcome, count(*)::int AS c FROM audit_log WHERE action = 'message.create' GROUP BY outcome ORDER BY outcome`;
    const before = await api.dataSource.query(count);
    const refused = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'utskrivningsklar',
      idempotencyKey: 'n',
      payload: { utskrivningsklarAt: '2026-11-25T09:00:00Z' },
    });
    expect(refused.status).toBe(403);
    const after = await api.dataSource.query(count);
    const allowed = (rows: { outcome: string; c: number }[]) => rows.find((r) => r.outcome === 'allowed')?.c ?? 0;
    const denied = (rows: { outcome: string; c: number }[]) => rows.find((r) => r.outcome === 'denied')?.c ?? 0;
    expect(allowed(after)).toBe(allowed(before));
    expect(denied(after)).toBe(denied(before) + 1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the log and its chain, even from the application (its role has no such grant)', async () => {
    await expect(api.dataSource.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(api.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
    await expect(api.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied/);
    await api.request(reviewer, 'GET', '/api/audit/verify');
    await expect(api.dataSource.query(`UPDATE audit_chain SET hash = hash`)).rejects.toThrow(/permission denied/);
    await expect(api.dataSource.query(`DELETE FROM audit_chain`)).rejects.toThrow(/permission denied/);
  });

  it('keeps an unbroken chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api.request(i % 2 ? officer : coordinator, 'POST', `/api/threads/${threadId}/messages`, {
          kind: 'fritext',
          body: `c${i}`,
          idempotencyKey: `c${i}`,
        }),
      ),
    );
    const verify = await api.request(reviewer, 'GET', '/api/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.checkedRows).toBeGreaterThan(30);
  });

  it('reports the changed row after a row is modified behind the trigger', async () => {
    const [{ seq }] = await api.dataSource.query(`SELECT seq FROM audit_log WHERE action = 'thread.read' ORDER BY seq LIMIT 1`);
    await tamper(`UPDATE audit_log SET user_id = '${coordinator.id}' WHERE seq = ${seq}`);
    const verify = await api.request(reviewer, 'GET', '/api/audit/verify');
    expect(verify.body.ok).toBe(false);
    expect(verify.body.firstBroken).toMatchObject({ seq: String(seq) });
    expect(verify.body.firstBroken.reason).toMatch(/innehåll/);
    await tamper(`UPDATE audit_log SET user_id = '${officer.id}' WHERE seq = ${seq}`);
    expect((await api.request(reviewer, 'GET', '/api/audit/verify')).body.ok).toBe(true);
  });

  it('reports the removed row after a row is deleted behind the trigger', async () => {
    const [{ seq }] = await api.dataSource.query(`SELECT seq FROM audit_log WHERE action = 'message.create' ORDER BY seq LIMIT 1`);
    await tamper(`DELETE FROM audit_log WHERE seq = ${seq}`);
    const verify = await api.request(reviewer, 'GET', '/api/audit/verify');
    expect(verify.body.ok).toBe(false);
    expect(verify.body.firstBroken.seq).toBe(String(seq));
    expect(verify.body.firstBroken.reason).toMatch(/saknas/);
  });

  it('reports a removed link of the chain, and a row slipped in behind it', async () => {
    const other = await TestApi.start();
    try {
      const unit = await other.unit('slutenvard');
      const reviewerHere = await other.user(unit, 'logggranskare');
      for (let i = 0; i < 3; i++) await other.request(reviewerHere, 'GET', '/api/audit');
      expect((await other.request(reviewerHere, 'GET', '/api/audit/verify')).body.ok).toBe(true);
      const links = await other.dataSource.getRepository(AuditLink).find({ order: { seq: 'ASC' } });
      const client = new Client({ connectionString: other.superuserUrl });
      await client.connect();
      await client.query('SET session_replication_role = replica');
      await client.query('DELETE FROM audit_chain WHERE seq = $1', [links[1].seq]);
      await client.end();
      const verify = await other.request(reviewerHere, 'GET', '/api/audit/verify');
      expect(verify.body).toMatchObject({ ok: false, firstBroken: { seq: links[2].seq } });
    } finally {
      await other.close();
    }
  });

  it("catches a forger who also recomputes the changed row's hashes, at that row: the links are keyed", async () => {
    // A chain of its own: the tests above leave this file's chain broken at an earlier row.
    const other = await TestApi.start();
    try {
      const reviewerHere = await other.user(await other.unit('slutenvard'), 'logggranskare');
      for (let i = 0; i < 6; i++) await other.request(reviewerHere, 'GET', '/api/audit');
      await other.request(reviewerHere, 'GET', '/api/audit/verify');
      const [row] = await other.dataSource.getRepository(AuditEntry).find({ order: { seq: 'DESC' }, skip: 3, take: 1 });
      const link = await other.dataSource.getRepository(AuditLink).findOneByOrFail({ seq: row.seq });
      // The forger changes the row and recomputes its sealed content hash (which needs no key) and its link (which does).
      row.userId = coordinator.id;
      const content = sealedContentHash(row, { organisationId: row.organisationId, patientRef: link.patientRef?.toString('hex') ?? null });
      const client = new Client({ connectionString: other.superuserUrl });
      await client.connect();
      await client.query('SET session_replication_role = replica');
      await client.query('UPDATE audit_log SET user_id = $1 WHERE seq = $2', [row.userId, row.seq]);
      await client.query('UPDATE audit_chain SET content_hash = $1, hash = $2 WHERE seq = $3', [
        content,
        chainHash(link.prevHash, content),
        row.seq,
      ]);
      await client.end();
      const verify = await other.request(reviewerHere, 'GET', '/api/audit/verify');
      expect(verify.body.ok).toBe(false);
      // Without the key (outside the database) the forger's link does not hold at the row itself.
      expect(verify.body.firstBroken).toMatchObject({ seq: row.seq, reason: expect.stringMatching(/kedjehash/) });
    } finally {
      await other.close();
    }
  });
});
