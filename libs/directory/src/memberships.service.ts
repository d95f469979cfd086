import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict, DomainEvents, notFound, organisationsWith, type Actor, type Role } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import { Membership } from './directory.entities';
import { DirectoryService } from './directory.service';

import type { MemberDto } from './directory.dto';

export { MemberDto } from './directory.dto';

interface MemberRow {
  membership_id: string;
  user_id: string;
  name: string;
  unit_id: string;
  unit_name: string;
  role: Role;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const MEMBER_SELECT = `
  SELECT m.id AS membership_id, au.id AS user_id, au.given_name || ' ' || au.family_name AS name,
         u.id AS unit_id, u.name AS unit_name, m.role
    FROM membership m JOIN app_user au ON au.id = m.user_id JOIN unit u ON u.id = m.unit_id`;

const mapMember = (r: MemberRow): MemberDto => ({
  membershipId: r.membership_id,
  userId: r.user_id,
  name: r.name,
  unitId: r.unit_id,
  unitName: r.unit_name,
  role: r.role,
});

/**
 * An organisation's administrator decides who works in its units and in which role. Nothing
 * outside the organisation can be seen or changed, and a change takes effect at once: the
 * person's open sockets are re-checked on every node.
 */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly directory: DirectoryService,
  ) {}

  async list(actor: Actor): Promise<MemberDto[]> {
    const orgs = organisationsWith(actor, 'directory.admin');
    const rows: MemberRow[] = await this.dataSource.query(
      `${MEMBER_SELECT} WHERE u.organisation_id = ANY($1::uuid[]) ORDER BY u.name, name, m.role`,
      [orgs],
    );
    await this.audit.recordNow([{ actor, action: 'directory.list', outcome: 'allowed', details: { count: rows.length } }]);
    return rows.map(mapMember);
  }

  async add(actor: Actor, input: { userId: string; unitId: string; role: Role }): Promise<MemberDto> {
    const orgs = organisationsWith(actor, 'directory.admin');
    const member = await inTransaction(this.dataSource, async (manager) => {
      const [unit]: { id: string }[] = await manager.query('SELECT id FROM unit WHERE id = $1 AND organisation_id = ANY($2::uuid[])', [
        input.unitId,
        orgs,
      ]);
      if (!unit) throw notFound('Enheten');
      const [user]: { id: string }[] = await manager.query('SELECT id FROM app_user WHERE id = $1', [input.userId]);
      if (!user) throw notFound('Användaren');
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO membership (user_id, unit_id, role) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT membership_user_unit_role DO NOTHING RETURNING id`,
        [input.userId, input.unitId, input.role],
      );
      if (!inserted.length) throw conflict('Personen har redan den rollen på enheten.');
      await this.audit.record(manager, [
        {
          actor,
          action: 'directory.change',
          outcome: 'allowed',
          unitId: input.unitId,
          details: { change: 'add', userId: input.userId, role: input.role },
        },
      ]);
      const [row]: MemberRow[] = await manager.query(`${MEMBER_SELECT} WHERE m.id = $1`, [inserted[0].id]);
      return mapMember(row);
    });
    this.directory.forgetActors([input.userId]);
    this.events.accessChanged({ userIds: [input.userId] });
    return member;
  }

  async remove(actor: Actor, membershipId: string): Promise<void> {
    const orgs = organisationsWith(actor, 'directory.admin');
    if (!UUID.test(membershipId)) throw notFound('Behörigheten');
    const removed = await inTransaction(this.dataSource, async (manager) => {
      const found = await manager
        .createQueryBuilder(Membership, 'm')
        .innerJoin('unit', 'u', 'u.id = m.unit_id')
        .where('m.id = :membershipId AND u.organisation_id = ANY(:orgs)', { membershipId, orgs })
        .getOne();
      if (!found) throw notFound('Behörigheten');
      await manager.delete(Membership, { id: found.id });
      await this.audit.record(manager, [
        {
          actor,
          action: 'directory.change',
          outcome: 'allowed',
          unitId: found.unitId,
          details: { change: 'remove', userId: found.userId, role: found.role },
        },
      ]);
      return found;
    });
    this.directory.forgetActors([removed.userId]);
    this.events.accessChanged({ userIds: [removed.userId] });
  }
}
