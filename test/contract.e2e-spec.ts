import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..');
const TOOL = join(ROOT, 'dist', 'apps', 'api', 'src', 'tools', 'openapi.js');

/**
 * The committed contract is the code's: openapi.json and the web client's generated types
 * (apps/web/src/api/schema.d.ts) are generated from the built api (`npm test` builds first: pretest)
 * with the @nestjs/swagger CLI plugin, and must not differ from what is committed.
 */
describe('the API contract', () => {
  it('libs/contracts/openapi.json and the web client types match the code (npm run openapi)', async () => {
    expect(existsSync(TOOL)).toBe(true);
    const run = await promisify(execFile)(process.execPath, [TOOL, '--check'], { cwd: ROOT, timeout: 120_000 }).then(
      () => ({ ok: true, stderr: '' }),
      (error: { stderr?: string }) => ({ ok: false, stderr: error.stderr ?? String(error) }),
    );
    expect(run).toEqual({ ok: true, stderr: '' });
  });

  it('describes every route with its input, its answer and its errors', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = JSON.parse(await readFile(join(ROOT, 'libs', 'contracts', 'openapi.json'), 'utf8')) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string }[]; requestBody?: unknown; responses: Record<string, { content?: unknown }> }>
      >;
    };
    const undescribed: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const ok = Object.keys(op.responses).filter((s) => s.startsWith('2') || s.startsWith('3'));
        if (ok.length === 0) undescribed.push(`${method} ${path}: no success answer`);
        if (path.startsWith('/api/') && !path.startsWith('/api/health') && !op.responses['401'])
          undescribed.push(`${method} ${path}: no 401`);
        if (path.includes('{id}') && !op.responses['404']) undescribed.push(`${method} ${path}: no 404`);
        for (const param of path.match(/\{(\w+)\}/g) ?? []) {
          if (!op.parameters?.some((p) => `{${p.name}}` === param)) undescribed.push(`${method} ${path}: ${param} not described`);
        }
        if (['post', 'put', 'patch'].includes(method) && !op.requestBody && !path.startsWith('/auth/'))
          undescribed.push(`${method} ${path}: no request body`);
      }
    }
    expect(undescribed).toEqual([]);
  });
});
