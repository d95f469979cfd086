import type { QueryRunner } from 'typeorm';
import { MIGRATIONS } from './index';

/** A runner that records what it is asked to run (nothing reaches a database). */
function recorder(): { runner: QueryRunner; ran: string[] } {
  const ran: string[] = [];
  const runner = { query: (sql: string) => (ran.push(sql), Promise.resolve([])) } as unknown as QueryRunner;
  return { runner, ran };
}

describe('migrations cannot drop the access log or the messages', () => {
  it('refuses the statement in every down() that would, before it runs', async () => {
    const refused: string[] = [];
    for (const migration of MIGRATIONS) {
      const { runner, ran } = recorder();
      const instance = new (migration as new () => { down(r: QueryRunner): Promise<void> })();
      await instance.down(runner).catch((error: Error) => refused.push(`${migration.name}: ${error.message.slice(0, 20)}`));
      expect(ran.filter((sql) => /DROP TABLE\s+"?(audit_log|audit_chain|message)"?\s*$/i.test(sql))).toEqual([]);
    }
    // The initial migration (audit_log, message) and the sealer's (audit_chain) are among them.
    expect(refused.some((r) => r.startsWith('Initial'))).toBe(true);
    expect(refused.some((r) => r.startsWith('AuditChainSealer'))).toBe(true);
  });
});
