import { Logger } from '@nestjs/common';

/** The code pool-waits gives a checkout that found the pool full and waited out its acquire timeout. */
export const POOL_ACQUIRE_TIMEOUT = 'BRYGGA_POOL_ACQUIRE_TIMEOUT';

/**
 * Waits the app's own bounds cut short (docs/operations.md: Timeouts). The database answers; this
 * request waited too long, so it gets a 503 and frees its connection. Never an outage.
 */
const CAUSES: Record<string, { begins: string; kind: string }> = {
  '55P03': { begins: 'Gave up waiting for a lock (lock_timeout, SQLSTATE 55P03)', kind: 'lock waits' },
  '57014': { begins: 'Cancelled a statement that ran too long (statement_timeout, SQLSTATE 57014)', kind: 'statement timeouts' },
  '25P03': {
    begins: 'Ended a transaction left idle too long (idle_in_transaction_session_timeout, SQLSTATE 25P03)',
    kind: 'idle transactions',
  },
  [POOL_ACQUIRE_TIMEOUT]: { begins: 'Gave up waiting for a free database connection (DB_POOL_ACQUIRE_TIMEOUT_MS)', kind: 'pool waits' },
};

/** The SQLSTATE (or pool code) of a wait cut short, looking through TypeORM's and Node's wrappers. */
export function cutShortWait(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code } = e as { code?: unknown };
    if (typeof code === 'string' && code in CAUSES) return code;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Quiet this long and an episode of one cause is over (its summary line is written). */
const QUIET_MS = 10_000;

/**
 * One log line when waits of a cause begin to be cut short and one when they stop (with how many
 * requests got a 503), however many requests ran into it: a lock held for a minute is two lines.
 */
class DatabaseWaits {
  private readonly logger = new Logger('Database');
  private readonly episodes = new Map<string, { since: number; count: number; timer?: NodeJS.Timeout }>();

  /** Note an error; true when it was a wait cut short (then it is logged, once per episode). */
  report(error: unknown): boolean {
    const code = cutShortWait(error);
    if (!code) return false;
    let episode = this.episodes.get(code);
    if (!episode) {
      episode = { since: Date.now(), count: 0 };
      this.episodes.set(code, episode);
      this.logger.warn(`${CAUSES[code].begins}: answering 503 to what waits too long; the database itself answers`);
    }
    episode.count += 1;
    clearTimeout(episode.timer);
    const { since } = episode;
    episode.timer = setTimeout(() => {
      this.episodes.delete(code);
      const seconds = ((Date.now() - since - QUIET_MS) / 1000).toFixed(1);
      this.logger.log(`No more ${CAUSES[code].kind}: ${episode.count} cut short (503) over ${seconds} s`);
    }, QUIET_MS).unref();
    return true;
  }
}

export const databaseWaits = new DatabaseWaits();
