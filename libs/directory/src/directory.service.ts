import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, Telemetry, type Actor, type ActorMembership, type AppConfig } from '@brygga/common';
import { CacheInvalidation, type InvalidatedCache } from '@brygga/database';
import { User } from './directory.entities';

import type { UnitSummary } from './directory.dto';

export { UnitSummary } from './directory.dto';

interface ActorRow {
  user_id: string;
  name: string;
  unit_id: string | null;
  unit_name: string;
  organisation_id: string;
  organisation_name: string;
  kind: string;
  role: string;
}

interface UnitRow {
  id: string;
  name: string;
  organisation_id: string;
  organisation_name: string;
  kind: string;
}

const UNIT_SELECT = `SELECT u.id, u.name, o.id AS organisation_id, o.name AS organisation_name, o.kind
  FROM unit u JOIN organisation o ON o.id = u.organisation_id`;

function mapUnit(r: UnitRow): UnitSummary {
  return {
    id: r.id,
    name: r.name,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    orgKind: r.kind as UnitSummary['orgKind'],
  };
}

/** What loadActor keeps of a user between requests: who they are, not where this request came from. */
type CachedActor = Pick<Actor, 'displayName' | 'memberships'>;

/** Users one node keeps cached at most (the oldest make room). */
const CACHED_ACTORS = 20_000;

const copyMemberships = (memberships: ActorMembership[]): ActorMembership[] => memberships.map((m) => ({ ...m }));

@Injectable()
export class DirectoryService {
  private readonly actors: InvalidatedCache<CachedActor>;

  constructor(
    private readonly dataSource: DataSource,
    invalidation: CacheInvalidation,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly telemetry: Telemetry,
  ) {
    // Every change to a membership, user, unit or organisation invalidates it on every node (a
    // trigger's NOTIFY at commit); see libs/database/src/cache-invalidation.ts.
    this.actors = invalidation.cache<CachedActor>('userId', config.authCacheSeconds * 1000, CACHED_ACTORS);
  }

  /**
   * The user with every unit and role they act for; undefined when the user is unknown. It runs
   * on every request: one round trip, or none when this node read the user a moment ago.
   */
  async loadActor(userId: string, clientAddress: string | null, authMethod: string): Promise<Actor | undefined> {
    const cached = this.actors.get(userId);
    if (cached) {
      this.telemetry.add('cache.actor', 1, 'hit');
      return { userId, displayName: cached.displayName, memberships: copyMemberships(cached.memberships), clientAddress, authMethod };
    }
    this.telemetry.add('cache.actor', 1, this.actors.active ? 'miss' : 'bypass');
    // Requests of one user that miss at once share one read (many sockets connecting together).
    let reading = this.reading.get(userId);
    if (!reading) {
      const token = this.actors.begin();
      const started: Promise<CachedActor | undefined> = this.loadActors([userId], () => ({ clientAddress: null, authMethod: '' }))
        .then((actors) => {
          const actor = actors.get(userId);
          if (!actor) return undefined;
          const user = { displayName: actor.displayName, memberships: actor.memberships };
          // Refused if anything was invalidated while the query ran. Unknown users are not kept.
          this.actors.store(userId, { displayName: user.displayName, memberships: copyMemberships(user.memberships) }, token);
          return user;
        })
        .finally(() => {
          if (this.reading.get(userId) === started) this.reading.delete(userId);
        });
      this.reading.set(userId, (reading = started));
    }
    const user = await reading;
    return user && { userId, displayName: user.displayName, memberships: copyMemberships(user.memberships), clientAddress, authMethod };
  }

  /** Reads of a user under way (see loadActor). */
  private readonly reading = new Map<string, Promise<CachedActor | undefined>>();

  /**
   * After the commit of a change to these users' memberships: this node's next request must not
   * find the old ones (the trigger's NOTIFY reaches this node too, but may come after it).
   */
  forgetActors(userIds: readonly string[]): void {
    for (const id of userIds) {
      this.actors.invalidate(id);
      this.reading.delete(id);
    }
  }

  /**
   * Several users at once (the realtime sweep re-checks every connected user in one query).
   * Never cached: the re-check after an access change must see what the database says now.
   */
  async loadActors(
    userIds: readonly string[],
    context: (userId: string) => Pick<Actor, 'clientAddress' | 'authMethod'>,
  ): Promise<Map<string, Actor>> {
    const actors = new Map<string, Actor>();
    if (!userIds.length) return actors;
    const rows: ActorRow[] = await this.dataSource.query(
      `SELECT au.id AS user_id, au.given_name || ' ' || au.family_name AS name, u.id AS unit_id, u.name AS unit_name,
              o.id AS organisation_id, o.name AS organisation_name, o.kind, m.role
         FROM app_user au
         LEFT JOIN membership m ON m.user_id = au.id
         LEFT JOIN unit u ON u.id = m.unit_id
         LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE au.id = ANY($1::uuid[]) ORDER BY u.name, m.role`,
      [userIds],
    );
    for (const r of rows) {
      const actor = actors.get(r.user_id) ?? { userId: r.user_id, displayName: r.name, memberships: [], ...context(r.user_id) };
      if (r.unit_id !== null) {
        actor.memberships.push({
          unitId: r.unit_id,
          unitName: r.unit_name,
          organisationId: r.organisation_id,
          organisationName: r.organisation_name,
          orgKind: r.kind as ActorMembership['orgKind'],
          role: r.role as ActorMembership['role'],
        });
      }
      actors.set(r.user_id, actor);
    }
    return actors;
  }

  async findUserByIdentity(identity: { personnummer?: string; hsaId?: string }): Promise<User | null> {
    const repo = this.dataSource.getRepository(User);
    if (identity.personnummer) return repo.findOneBy({ personnummer: identity.personnummer });
    if (identity.hsaId) return repo.findOneBy({ hsaId: identity.hsaId });
    return null;
  }

  async units(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<UnitSummary[]> {
    if (!ids.length) return [];
    const rows: UnitRow[] = await manager.query(`${UNIT_SELECT} WHERE u.id = ANY($1::uuid[])`, [ids]);
    return rows.map(mapUnit);
  }

  /** Every unit with its organisation, by organisation kind and name (for choosing participants). */
  async allUnits(): Promise<UnitSummary[]> {
    const rows: UnitRow[] = await this.dataSource.query(`${UNIT_SELECT} ORDER BY o.kind, u.name`);
    return rows.map(mapUnit);
  }
}
