import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@brygga/database';
import { ENTITIES, MIGRATIONS } from '../entities';

/** Migrates the database, then lists the SQL that would still be needed to match the entities. */
export async function schemaDrift(url: string): Promise<{ up: string[]; down: string[] }> {
  const dataSource = new DataSource(dataSourceOptions({ url, entities: ENTITIES, migrations: MIGRATIONS, poolSize: 2 }));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const log = await dataSource.driver.createSchemaBuilder().log();
    return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query).reverse() };
  } finally {
    await dataSource.destroy();
  }
}
