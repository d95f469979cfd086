import { rmSync } from 'node:fs';
import type { EmbeddedPostgres } from '@brygga/database';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __bryggaPostgres?: EmbeddedPostgres; __bryggaDataDir?: string };
  await g.__bryggaPostgres?.stop();
  if (g.__bryggaDataDir) rmSync(g.__bryggaDataDir, { recursive: true, force: true });
}
