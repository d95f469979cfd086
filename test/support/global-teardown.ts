import { rmSync } from 'node:fs';
import type { EmbeddedPostgres } from '@brygga/database';

export default async function globalTeardown(): Promise<void> {
  // Called once per tier that set the database up (global-setup.ts): the first call stops it.
  const g = globalThis as { __bryggaPostgres?: EmbeddedPostgres; __bryggaDataDir?: string; __bryggaTestDatabase?: Promise<void> };
  const postgres = g.__bryggaPostgres;
  const dataDir = g.__bryggaDataDir;
  delete g.__bryggaPostgres;
  delete g.__bryggaDataDir;
  delete g.__bryggaTestDatabase;
  await postgres?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
