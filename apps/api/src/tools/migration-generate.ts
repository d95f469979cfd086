/* eslint-disable no-console -- a command-line tool reports on stdout */
/**
 * Writes a migration with the SQL that brings the schema in line with the entities:
 *   npm run migration:generate -- AddSomething
 * Uses DATABASE_URL, or a throw-away embedded PostgreSQL.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '@brygga/database';
import { schemaDrift } from './schema';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('Usage: migration:generate -- PascalCaseName');
  let embedded: EmbeddedPostgres | undefined;
  let dir: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    dir = mkdtempSync(join(tmpdir(), 'brygga-migrate-'));
    embedded = new EmbeddedPostgres({ dataDir: dir, ephemeral: true });
    await embedded.start();
    url = await embedded.ensureDatabase('brygga_migrate');
  }
  try {
    const { up, down } = await schemaDrift(url);
    if (!up.length) {
      console.log('The schema matches the entities: no migration needed.');
      return;
    }
    const stamp = Date.now();
    const q = (sql: string) => `    await queryRunner.query(${JSON.stringify(sql)});`;
    const file = join(process.cwd(), 'libs/database/src/migrations', `${stamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${stamp} implements MigrationInterface {
  name = '${name}${stamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.map(q).join('\n')}
  }
}
`,
    );
    // Register it: import at the top, append to the list.
    const index = join(process.cwd(), 'libs/database/src/migrations/index.ts');
    const source = readFileSync(index, 'utf8');
    const className = `${name}${stamp}`;
    writeFileSync(index, `import { ${className} } from './${stamp}-${name}';\n` + source.replace(/\];\s*$/, `, ${className}];\n`));
    console.log(`Wrote ${file} and registered it in ${index}`);
  } finally {
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
