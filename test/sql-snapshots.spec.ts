import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { libraryStatements, renderSnapshot } from './support/sql-statements';

/**
 * The SQL a release runs, rendered per library into `libs/<lib>/queries.sql` (as immich keeps
 * `src/queries/*.sql`): a change to a statement shows in review as a change to that file, and a
 * file that no longer matches the code fails here. `npm run sql:snapshots` rewrites them.
 */
const ROOT = join(__dirname, '..');
const UPDATE = process.env.UPDATE_SQL_SNAPSHOTS === '1';
const libraries = readdirSync(join(ROOT, 'libs'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('SQL snapshots per library', () => {
  it.each(libraries)('libs/%s/queries.sql matches the statements in its code', (lib) => {
    const path = join(ROOT, 'libs', lib, 'queries.sql');
    const expected = renderSnapshot(lib, libraryStatements(join(ROOT, 'libs', lib)));
    if (UPDATE) {
      if (expected) writeFileSync(path, expected);
      else rmSync(path, { force: true });
    }
    const actual = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    // Stale: run `npm run sql:snapshots` and review the SQL diff it makes.
    expect(actual).toEqual(expected);
  });

  it('finds the statements of the hot path where they are written', () => {
    const threads = libraryStatements(join(ROOT, 'libs', 'threads'));
    expect(
      threads.some((s) => s.file === 'src/thread.repository.ts' && s.where === 'APPEND' && s.sql.includes('INSERT INTO message (')),
    ).toBe(true);
    // Composed parts are shown, not silently dropped.
    expect(threads.some((s) => s.sql.includes('${'))).toBe(true);
  });
});
