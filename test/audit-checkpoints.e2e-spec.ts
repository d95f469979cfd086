import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  AuditChainSealer,
  AuditCheckpointer,
  chainHash,
  type Checkpoint,
  checkpointValid,
  GENESIS_HASH,
  loadAuditKey,
} from '@brygga/audit';
import { ApiProcess } from './support/api-process';
import { TestApi, type TestUser } from './support/harness';

const VERIFY_TOOL = join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'tools', 'audit-verify.js');

/**
 * The attacker of issue 11: a database superuser (triggers off with session_replication_role)
 * who deletes access-log rows and recomputes the links after them with plain sha256. The key
 * and the signed checkpoints live outside the database.
 */
describe('access log against a database superuser', () => {
  let api: TestApi;
  let reviewer: TestUser;

  /** A fresh api with a reviewer and `rows` access-log rows, sealed and checkpointed. */
  async function scenario(rows = 12): Promise<Checkpoint> {
    api = await TestApi.start();
    reviewer = await api.user(await api.unit('slutenvard'), 'logggranskare');
    for (let i = 0; i < rows; i++) await api.request(reviewer, 'GET', '/api/audit?limit=1');
    const checkpoint = await api.app.get(AuditCheckpointer).checkpoint();
    if (!checkpoint) throw new Error('no checkpoint written');
    return checkpoint;
  }
  afterEach(() => api?.close());

  async function asSuperuser(work: (c: Client) => Promise<void>): Promise<void> {
    const client = new Client({ connectionString: api.superuserUrl });
    await client.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  }

  async function seqs(): Promise<string[]> {
    return (await api.dataSource.query('SELECT c.seq::text AS seq FROM audit_chain c ORDER BY c.seq')).map((r: { seq: string }) => r.seq);
  }

  /** Deletes rows and links, then relinks every later link with sha256 (optionally without a key id). */
  async function deleteAndRelink(remove: string[], from: string | null, keyId: 'keep' | 'null'): Promise<void> {
    await asSuperuser(async (c) => {
      await c.query('DELETE FROM audit_log WHERE seq = ANY($1::bigint[])', [remove]);
      await c.query('DELETE FROM audit_chain WHERE seq = ANY($1::bigint[])', [remove]);
      const { rows } = await c.query<{ seq: string; content_hash: Buffer; hash: Buffer }>(
        // A row's content hash: its own (rows from before the database placed them), else the one sealed with its link.
        'SELECT c.seq::text AS seq, coalesce(a.content_hash, c.content_hash) AS content_hash, c.hash FROM audit_chain c JOIN audit_log a ON a.seq = c.seq ORDER BY c.seq',
      );
      let prevSeq: string | null = null;
      let prevHash: Buffer = GENESIS_HASH;
      for (const row of rows) {
        if (from === null || BigInt(row.seq) >= BigInt(from)) {
          const hash = chainHash(prevHash, row.content_hash);
          await c.query(
            `UPDATE audit_chain SET prev_seq = $1, prev_hash = $2, hash = $3${keyId === 'null' ? ', key_id = NULL' : ''} WHERE seq = $4`,
            [prevSeq, prevHash, hash, row.seq],
          );
          row.hash = hash;
        }
        prevSeq = row.seq;
        prevHash = row.hash;
      }
    });
  }

  async function verify(): Promise<{ ok: boolean; firstBroken?: { seq: string; reason: string }; checkpoints: { checked: number } }> {
    return (await api.request(reviewer, 'GET', '/api/audit/verify')).body;
  }

  it('catches rows deleted in the middle with the later links recomputed, and names the first relinked row', async () => {
    await scenario();
    const all = await seqs();
    const removed = all.slice(4, 8);
    await deleteAndRelink(removed, all[8], 'keep');
    const result = await verify();
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: all[8], reason: expect.stringMatching(/kedjehash/) } });
    // The same from the command line, as `npm run audit:verify` runs it.
    const tool = spawnSync(process.execPath, [VERIFY_TOOL], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', ...api.nodeEnv },
      encoding: 'utf8',
    });
    expect(tool.status).toBe(1);
    expect(tool.stdout).toContain(`Kedjan är bruten vid rad ${all[8]}`);
  });

  it('catches relinked links that drop their key id', async () => {
    await scenario();
    const all = await seqs();
    await deleteAndRelink(all.slice(3, 5), all[5], 'null');
    expect(await verify()).toMatchObject({ ok: false, firstBroken: { seq: all[5], reason: expect.stringMatching(/utan nyckel/) } });
  });

  it('catches a whole chain rebuilt without the key at the signed checkpoint', async () => {
    const checkpoint = await scenario();
    const all = await seqs();
    await deleteAndRelink(all.slice(2, 4), null, 'null');
    expect(await verify()).toMatchObject({
      ok: false,
      firstBroken: { seq: checkpoint.seq, reason: expect.stringMatching(/kontrollpunkten/) },
    });
  });

  it('catches the newest rows truncated behind a checkpoint', async () => {
    const checkpoint = await scenario();
    const all = (await seqs()).filter((s) => BigInt(s) <= BigInt(checkpoint.seq));
    await asSuperuser(async (c) => {
      const newest = all.slice(-3);
      await c.query('DELETE FROM audit_log WHERE seq = ANY($1::bigint[])', [newest]);
      await c.query('DELETE FROM audit_chain WHERE seq = ANY($1::bigint[])', [newest]);
    });
    const result = await verify();
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: checkpoint.seq, reason: expect.stringMatching(/saknas/) } });
    expect(result.firstBroken?.reason).toContain(`kedjan slutar vid rad ${all.at(-4)}`);
  });

  it('does not catch the newest rows removed with their links after the last checkpoint (docs/access-log.md says so)', async () => {
    await scenario();
    for (let i = 0; i < 3; i++) await api.request(reviewer, 'GET', '/api/audit?limit=1');
    await api.app.get(AuditChainSealer).seal(true);
    const newest = (await seqs()).slice(-3);
    await asSuperuser(async (c) => {
      await c.query('DELETE FROM audit_log WHERE seq = ANY($1::bigint[])', [newest]);
      await c.query('DELETE FROM audit_chain WHERE seq = ANY($1::bigint[])', [newest]);
    });
    expect((await verify()).ok).toBe(true);
  });

  it('refuses a checkpoint file whose lines were edited', async () => {
    await scenario();
    const file = join(api.dataDir, 'audit-checkpoints.jsonl');
    const line = JSON.parse(readFileSync(file, 'utf8').trim().split('\n')[0]) as Checkpoint;
    writeFileSync(file, `${JSON.stringify({ ...line, head: '00'.repeat(32) })}\n`);
    expect(await verify()).toMatchObject({ ok: false, firstBroken: { reason: expect.stringMatching(/signatur/) } });
  });

  it('keeps the key file private (0600) and outside the database', async () => {
    await scenario(1);
    expect(statSync(join(api.dataDir, 'audit-key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(api.dataDir, 'audit-checkpoints.jsonl')).mode & 0o777).toBe(0o600);
  });

  it('checkpoints safely from two nodes (in seq order, each signed, none twice) and on shutdown, and tells a notary', async () => {
    const received: Checkpoint[] = [];
    const notary = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as Checkpoint);
        res.end('{}');
      });
    });
    await new Promise<void>((r) => notary.listen(0, '127.0.0.1', () => r()));
    const notaryUrl = `http://127.0.0.1:${(notary.address() as { port: number }).port}/checkpoints`;
    try {
      api = await TestApi.start({ AUDIT_NOTARY_URL: notaryUrl });
      reviewer = await api.user(await api.unit('slutenvard'), 'logggranskare');
      await api.request(reviewer, 'GET', '/api/audit?limit=1');
      expect(await api.app.get(AuditCheckpointer).checkpoint()).toBeDefined(); // node 1's line
      const node2 = await ApiProcess.start(api, { AUDIT_CHECKPOINT_SECONDS: '1', AUDIT_NOTARY_URL: notaryUrl, TRUST_PROXY: 'loopback' });
      // An access-log row written by node 2: a refused login, from a new address each time (named in
      // X-Forwarded-For, trusted from loopback), so neither the rate limit nor the denial tally folds it.
      let n = 0;
      const rowOnNode2 = () =>
        fetch(`${node2.url}/auth/callback?code=x&state=y`, { headers: { 'x-forwarded-for': `192.0.2.${++n}` }, redirect: 'manual' });
      const started = Date.now();
      while (Date.now() - started < 2500) {
        await api.request(reviewer, 'GET', '/api/audit?limit=1');
        await rowOnNode2();
        await api.app.get(AuditCheckpointer).checkpoint();
      }
      await rowOnNode2();
      await node2.stop(); // seals and writes a last checkpoint on the way out
      const [{ last }] = await api.dataSource.query(`SELECT max(seq)::text AS last FROM audit_log`);
      const key = loadAuditKey(join(api.dataDir, 'audit-key'));
      const lines = readFileSync(join(api.dataDir, 'audit-checkpoints.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Checkpoint);
      expect(lines.length).toBeGreaterThan(2);
      expect(lines.every((c) => checkpointValid(key, c))).toBe(true);
      for (let i = 1; i < lines.length; i++) expect(BigInt(lines[i].seq)).toBeGreaterThan(BigInt(lines[i - 1].seq));
      expect(lines.at(-1)?.seq).toBe(last);
      expect(new Set(lines.map((c) => c.node)).size).toBe(2);
      expect(received.map((c) => c.seq).sort()).toEqual(lines.map((c) => c.seq).sort());
      expect(await verify()).toMatchObject({ ok: true });
    } finally {
      notary.close();
    }
  });
});
