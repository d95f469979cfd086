import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sources } from './support/sql-statements';

/**
 * Each table has one owner: the library whose entity declares it (or whose migration creates it,
 * OWNED_WITHOUT_ENTITY). A SQL string in another library that names the table is a foreign use.
 * Foreign uses still in the code are listed in EXCEPTIONS, each with its reason: a new one fails
 * this test, and so does an exception that no code needs any more (the list only shrinks).
 */
const ROOT = join(__dirname, '..');
const OWNED_WITHOUT_ENTITY: Record<string, string> = {
  installation: 'database',
  socket_io_attachments: 'realtime',
  system_access_token: 'auth',
};

/**
 * Views an owner's migration creates for the other libraries: its read face, which any library may
 * name (the owner keeps its columns while its tables change). Not a foreign use.
 */
const READ_FACES: Record<string, string> = {
  directory_unit: 'directory',
  directory_organisation: 'directory',
  directory_person: 'directory',
  patients_identity: 'patients',
  threads_scope: 'threads',
  patients_identity_history: 'patients',
};

/** `library <- owner: tables`: why the library still names another library's tables. */
const EXCEPTIONS: Record<string, string> = {
  'audit <- directory: app_user membership organisation unit':
    "upward (audit is below directory): the review's extract and the patient's account name each row's unit and organisation in the statement that pages the log (a person search matches HSA-id or personnummer); to go when the readers of the log move above directory (a row's organisation at insert comes from directory's registered AuditFacts.unitOrganisations)",
  'audit <- threads: thread thread_participant':
    "upward (audit is below threads): the review names the thread by ward and day, and limits itself to the threads of the reviewer's organisations, in the statement that pages the log; to go with the same move (a row's thread facts at insert come from threads' registered AuditFacts.threadFacts)",
};

const libraries = readdirSync(join(ROOT, 'libs'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const files = new Map(libraries.map((lib) => [lib, sources(join(ROOT, 'libs', lib, 'src'))]));

function owners(): Map<string, string> {
  const owner = new Map(Object.entries(OWNED_WITHOUT_ENTITY));
  for (const [lib, paths] of files) {
    for (const path of paths) {
      for (const match of readFileSync(path, 'utf8').matchAll(/@Entity\(\s*'([a-z_]+)'/g)) owner.set(match[1], lib);
    }
  }
  return owner;
}

/** `library <- owner: tables` for every library that names another library's tables in SQL. */
function foreignUses(): Map<string, string[]> {
  const owner = owners();
  const uses = new Map<string, Set<string>>();
  for (const [lib, paths] of files) {
    for (const path of paths) {
      for (const match of readFileSync(path, 'utf8').matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?([a-z_]+)"?/g)) {
        const table = match[1];
        const of = owner.get(table);
        if (!of || of === lib) continue;
        const key = `${lib} <- ${of}`;
        uses.set(key, (uses.get(key) ?? new Set()).add(table));
        uses.set(`${key} @ ${relative(ROOT, path)}`, (uses.get(`${key} @ ${relative(ROOT, path)}`) ?? new Set()).add(table));
      }
    }
  }
  return new Map([...uses].map(([key, tables]) => [key, [...tables].sort()]));
}

describe('table ownership', () => {
  const uses = foreignUses();
  const pairs = [...uses].filter(([key]) => !key.includes(' @ ')).map(([key, tables]) => `${key}: ${tables.join(' ')}`);

  it("names no other library's table in SQL, except the listed uses", () => {
    const unlisted = pairs.filter((pair) => !(pair in EXCEPTIONS));
    const where = unlisted.map((pair) => {
      const key = pair.split(':')[0];
      const sites = [...uses]
        .filter(([site]) => site.startsWith(`${key} @ `))
        .map(([site, t]) => `  ${site.split(' @ ')[1]}: ${t.join(' ')}`);
      return `${pair}\n${sites.join('\n')}`;
    });
    expect(where).toEqual([]);
  });

  it('lists no exception that the code no longer needs', () => {
    expect(Object.keys(EXCEPTIONS).filter((pair) => !pairs.includes(pair))).toEqual([]);
  });

  it('knows an owner for every table a migration creates', () => {
    const owner = owners();
    const migrations = join(ROOT, 'libs', 'database', 'src', 'migrations');
    const created = readdirSync(migrations)
      .flatMap((file) => [...readFileSync(join(migrations, file), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)/g)])
      .map((match) => match[1]);
    expect([...new Set(created)].filter((table) => !owner.has(table))).toEqual([]);
  });

  it('knows the owner of every view a migration creates, and each read face is created', () => {
    const migrations = join(ROOT, 'libs', 'database', 'src', 'migrations');
    const views = readdirSync(migrations)
      .flatMap((file) => [...readFileSync(join(migrations, file), 'utf8').matchAll(/CREATE (?:OR REPLACE )?VIEW "?([a-z_]+)/g)])
      .map((match) => match[1]);
    expect([...new Set(views)].sort()).toEqual(Object.keys(READ_FACES).sort());
    expect(Object.values(READ_FACES).filter((lib) => !libraries.includes(lib))).toEqual([]);
  });
});
