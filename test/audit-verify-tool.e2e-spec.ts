import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '@brygga/database';
import { AuditCheckpointer } from '@brygga/audit';
import { freePort } from './support/ports';
import { TestApi } from './support/harness';

const VERIFY_TOOL = join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'tools', 'audit-verify.js');

/**
 * `npm run audit:verify` is told its server (issue 28): DATABASE_URL or EMBEDDED_PG_PORT. It no
 * longer takes the running embedded server's port from postmaster.pid, which the server's own
 * account can rewrite to point the check at a server of its making.
 */
describe('audit:verify and its server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-verify-'));
  let pg: EmbeddedPostgres;
  let api: TestApi;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    pg = new EmbeddedPostgres({ dataDir, ephemeral: true, port });
    await pg.start();
    const { url, ownerUrl } = await pg.prepareApplicationDatabase('brygga');
    api = await TestApi.start({ DATABASE_OWNER_URL: ownerUrl }, undefined, url);
    const reviewer = await api.user(await api.unit('slutenvard'), 'logggranskare');
    expect((await api.request(reviewer, 'GET', '/api/audit/verify')).body.ok).toBe(true);
    // The tool calls a chain whole only when a checkpoint vouches for it.
    expect(await api.app.get(AuditCheckpointer).checkpoint()).toBeDefined();
  });
  afterAll(async () => {
    await api?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [VERIFY_TOOL], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        BRYGGA_DATA_DIR: dataDir,
        AUDIT_KEY_FILE: join(api.dataDir, 'audit-key'),
        AUDIT_CHECKPOINT_FILE: join(api.dataDir, 'audit-checkpoints.jsonl'),
        ...env,
      },
      encoding: 'utf8',
    });

  it('refuses to guess the running server, and checks it when given its port', () => {
    const guessed = run({});
    expect(guessed.status).toBe(2);
    expect(guessed.stderr).toMatch(/is running: name it with EMBEDDED_PG_PORT/);
    const told = run({ EMBEDDED_PG_PORT: String(port) });
    expect(told.stderr).toBe('');
    expect(told.status).toBe(0);
    expect(told.stdout).toContain('Kedjan är hel');
  });
});
