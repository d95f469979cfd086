import type { QueryRunner } from 'typeorm';

/** Tables whose rows are the record itself: the access log, its chain and the messages. */
const PROTECTED = /\b(DROP\s+TABLE|TRUNCATE)\b[^;]*?"?\b(audit_log|audit_chain|message)\b"?/i;

/**
 * Makes every migration's down() refuse a statement that would drop or empty the access log or
 * the messages (issue 30: run as the owner, the initial migration's down() dropped the access log
 * with its rows in 0.5 s). The rest of a down() runs as written; TypeORM rolls the refused one back.
 */
export function guardDown<T extends Function>(migrations: T[]): T[] {
  for (const migration of migrations) {
    const proto = migration.prototype as { down?: (runner: QueryRunner) => Promise<void>; __guarded?: boolean };
    const down = proto.down;
    if (!down || proto.__guarded) continue;
    proto.__guarded = true;
    proto.down = function (runner: QueryRunner) {
      const guarded = new Proxy(runner, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver);
          return (sql: string, ...rest: unknown[]) => {
            if (PROTECTED.test(sql))
              throw new Error(`Refused: ${migration.name}.down() would drop or empty the access log or the messages (${sql.slice(0, 80)})`);
            return (target.query as (...args: unknown[]) => Promise<unknown>).call(target, sql, ...rest);
          };
        },
      });
      return down.call(this, guarded);
    };
  }
  return migrations;
}
