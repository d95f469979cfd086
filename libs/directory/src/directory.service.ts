import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, ActorMembership } from '@brygga/common';
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
  return { id: r.id, name: r.name, organisationId: r.organisation_id, organisationName: r.organisation_name, orgKind: r.kind as UnitSummary['orgKind'] };
}

@Injectable()
export class DirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  /** The user with every unit and role they act for; undefined when the user is unknown. */
  async loadActor(userId: string, clientAddress: string | null, authMethod: string): Promise<Actor | undefined> {
    // One round trip: it runs on every request.
    return (await this.loadActors([userId], () => ({ clientAddress, authMethod }))).get(userId);
  }

  /** Several users at once (the realtime sweep re-checks every connected user in one query). */
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
