import type { InvalidatedCache } from '@brygga/database';
import type { Notice, NoticeKind } from './notice';

/** One person of a unit who could be told something at all: a notified role there, and a device or the e-mail nudge. */
export interface Reachable {
  userId: string;
  /** Their choice per event (the defaults when they chose nothing). */
  kinds: Record<NoticeKind, boolean>;
}

/** A unit's reachable people, and the cache's generation when they were read. */
interface UnitEntry {
  generation: number;
  people: Reachable[];
}

/** Units one node keeps at most (the oldest make room). */
export const CACHED_UNITS = 20_000;

/**
 * How long a unit's entry lives at most. Longer than the session and actor caches' few seconds: it
 * is only ever a negative (a stale one could delay a notice, never send one), and every change that
 * could turn it into a positive invalidates it on every node.
 */
export const CACHED_TTL_MS = 60_000;

/**
 * Which units have nobody who could want a notice, so that an ordinary post to them asks the
 * database nothing (every post used to run the notifier's statement, though most units have
 * nobody with a device or the e-mail nudge). A negative only: when the cache holds anyone who may
 * want the notice, the notifier still asks the database who, now, so a person who lost their role
 * or turned notices off is never told from here.
 *
 * What may make a unit's answer "someone": a membership or role added (membership's trigger), a
 * device subscribed or the e-mail nudge or an event turned on (this library's tables' triggers, see
 * migration NotificationCache), a unit renamed (`all`). Each sends `{userId}` (or `all`) on
 * `brygga_cache` at commit, and this node's CacheInvalidation bumps the cache's generation: as a
 * change of one user can touch any unit, an entry is only served while no user's invalidation came
 * after it was read (the generation it was read under is kept with it). So a unit's entry lives
 * until anyone's membership, device or settings change, or CACHED_TTL_MS. While the channel is
 * down nothing is served: every notice asks the database, as before.
 */
export class ReachableUnits {
  constructor(
    private readonly cache: InvalidatedCache<UnitEntry>,
    private readonly read: (unitIds: string[]) => Promise<Map<string, Reachable[]>>,
  ) {}

  /** Could anyone in the notice's units want it? false only when every unit is known to have nobody. */
  async anyone(notice: Notice): Promise<boolean> {
    const wants = (p: Reachable) => p.kinds[notice.kind] && p.userId !== notice.exceptUserId;
    const generation = this.cache.begin();
    const missing: string[] = [];
    for (const unitId of notice.unitIds) {
      const entry = this.cache.get(unitId);
      if (!entry || entry.generation !== generation) missing.push(unitId);
      else if (entry.people.some(wants)) return true;
    }
    if (!missing.length) return false;
    // Nothing would be kept: the notifier's own statement answers, as it did before this cache.
    if (!this.cache.active) return true;
    const read = await this.read(missing);
    let anyone = false;
    for (const unitId of missing) {
      const people = read.get(unitId) ?? [];
      // Refused when anything was invalidated while the read ran.
      this.cache.store(unitId, { generation, people }, generation);
      anyone ||= people.some(wants);
    }
    return anyone;
  }
}
