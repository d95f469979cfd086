import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, ActorMembership } from '@brygga/common';
import { User } from './directory.entities';

export interface UnitSummary {
  id: string;
  name: string;
  organisationName: string;
  orgKind: ActorMembership['orgKind'];
}

@Injectable()
export class DirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  /** The user with every unit and role they act for; undefined when the user is unknown. */
  async loadActor(userId: string, clientAddress: string | null, authMethod: string): Promise<Actor | undefined> {
    // One round trip: it runs on every request.
    const rows: { name: string; unit_id: string | null; unit_name: string; organisation_name: string; kind: string; role: string }[] =
      await this.dataSource.query(
        `SELECT au.given_name || ' ' || au.family_name AS name, u.id AS unit_id, u.name AS unit_name,
                o.name AS organisation_name, o.kind, m.role
           FROM app_user au
           LEFT JOIN membership m ON m.user_id = au.id
           LEFT JOIN unit u ON u.id = m.unit_id
           LEFT JOIN organisation o ON o.id = u.organisation_id
          WHERE au.id = $1 ORDER BY u.name, m.role`,
        [userId],
      );
    if (!rows.length) return undefined;
    return {
      userId,
      displayName: rows[0].name,
      memberships: rows
        .filter((r) => r.unit_id !== null)
        .map((r) => ({
          unitId: r.unit_id!,
          unitName: r.unit_name,
          organisationName: r.organisation_name,
          orgKind: r.kind as ActorMembership['orgKind'],
          role: r.role as ActorMembership['role'],
        })),
      authMethod,
      clientAddress,
    };
  }

  async findUserByIdentity(identity: { personnummer?: string; hsaId?: string }): Promise<User | null> {
    const repo = this.dataSource.getRepository(User);
    if (identity.personnummer) return repo.findOneBy({ personnummer: identity.personnummer });
    if (identity.hsaId) return repo.findOneBy({ hsaId: identity.hsaId });
    return null;
  }

  async units(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<UnitSummary[]> {
    if (!ids.length) return [];
    const rows: { id: string; name: string; organisation_name: string; kind: string }[] = await manager.query(
      `SELECT u.id, u.name, o.name AS organisation_name, o.kind
         FROM unit u JOIN organisation o ON o.id = u.organisation_id WHERE u.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, organisationName: r.organisation_name, orgKind: r.kind as UnitSummary['orgKind'] }));
  }

  /** Every unit with its organisation, by organisation kind and name (for choosing participants). */
  async allUnits(): Promise<UnitSummary[]> {
    const rows: { id: string; name: string; organisation_name: string; kind: string }[] = await this.dataSource.query(
      `SELECT u.id, u.name, o.name AS organisation_name, o.kind
         FROM unit u JOIN organisation o ON o.id = u.organisation_id ORDER BY o.kind, u.name`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, organisationName: r.organisation_name, orgKind: r.kind as UnitSummary['orgKind'] }));
  }
}
