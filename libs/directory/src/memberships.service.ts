import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, DomainEvents, forbidden, notFound, organisationsWith, roleGrants, type Actor, type Role } from '@brygga/common';
import { AuditService, type AuditRecord } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import { DirectoryService } from './directory.service';
import type { MemberDto, MembershipRequestDto } from './directory.dto';
export { MemberDto, MembershipRequestDto } from './directory.dto';

interface MemberRow {
  membership_id: string;
  user_id: string;
  name: string;
  unit_id: string;
  unit_name: string;
  role: Role;
}

interface RequestRow {
  request_id: string;
  user_id: string;
  name: string;
  unit_id: string;
  unit_name: string;
  organisation_id: string;
  role: Role;
  reason: MembershipRequestDto['reason'];
  requested_by_user_id: string;
  requested_by_name: string;
  requested_at: Date;
  status: MembershipRequestDto['status'];
  decided_by_user_id: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Roles that reach the access log or the directory itself: granted only with a second administrator. */
const ELEVATED: readonly Role[] = ['logggranskare', 'admin'];

const MEMBER_SELECT = `
  SELECT m.id AS membership_id, au.id AS user_id, au.given_name || ' ' || au.family_name AS name,
         u.id AS unit_id, u.name AS unit_name, m.role
    FROM membership m JOIN app_user au ON au.id = m.user_id JOIN unit u ON u.id = m.unit_id`;

const REQUEST_SELECT = `
  SELECT r.id AS request_id, au.id AS user_id, au.given_name || ' ' || au.family_name AS name, u.id AS unit_id, u.name AS unit_name,
         u.organisation_id, r.role, r.reason, r.requested_by_user_id, rb.given_name || ' ' || rb.family_name AS requested_by_name,
         r.requested_at, r.status, r.decided_by_user_id
    FROM membership_request r JOIN app_user au ON au.id = r.user_id JOIN unit u ON u.id = r.unit_id
    JOIN app_user rb ON rb.id = r.requested_by_user_id`;

const mapMember = (r: MemberRow): MemberDto => ({
  membershipId: r.membership_id,
  userId: r.user_id,
  name: r.name,
  unitId: r.unit_id,
  unitName: r.unit_name,
  role: r.role,
});

const mapRequest = (r: RequestRow): MembershipRequestDto => ({
  requestId: r.request_id,
  userId: r.user_id,
  name: r.name,
  unitId: r.unit_id,
  unitName: r.unit_name,
  role: r.role,
  reason: r.reason,
  requestedByUserId: r.requested_by_user_id,
  requestedByName: r.requested_by_name,
  requestedAt: r.requested_at.toISOString(),
  status: r.status,
});

/** The unit the administrator acts from: their administrator unit in the organisation (any, for a refusal elsewhere). */
function adminUnit(actor: Actor, organisationId?: string): string | null {
  const admin = actor.memberships.filter((m) => roleGrants(m.role, 'directory.admin'));
  return (admin.find((m) => m.organisationId === organisationId) ?? admin[0])?.unitId ?? null;
}

const SELF = 'Du kan inte ge eller ändra dina egna behörigheter. Be en annan administratör i organisationen.';
const OTHER_ORGANISATION = 'Enheten hör till en annan organisation. Bara den organisationens administratörer kan ge behörighet där.';

/**
 * An organisation's administrator decides who works in its units and in which role. Nothing
 * outside the organisation can be seen or changed, and a change takes effect at once: the
 * person's open sockets are re-checked on every node.
 *
 * Administration cannot escalate itself (issue 28): nobody grants, changes or removes their own
 * memberships; a grant in a unit is made only by an administrator of the unit's organisation;
 * and a grant that widens who reaches the log or the directory (logggranskare, admin), or that
 * brings in a person of another organisation, is a request that a second administrator of the
 * organisation approves (four eyes). Every step is an access-log row naming both parties.
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

  /** A grant: made at once (201), or a request for a second administrator (202) when four eyes are needed. */
  async add(
    actor: Actor,
    input: { userId: string; unitId: string; role: Role },
  ): Promise<{ member: MemberDto } | { request: MembershipRequestDto }> {
    const orgs = organisationsWith(actor, 'directory.admin');
    const refused = (message: string) => this.refuse(actor, 'directory.change', message, input);
    if (input.userId === actor.userId) return refused(SELF);
    type Outcome = { refusal: string } | { request: MembershipRequestDto } | { member: MemberDto };
    const result = await inTransaction(this.dataSource, async (manager): Promise<Outcome> => {
      const [unit]: { id: string; organisation_id: string }[] = await manager.query('SELECT id, organisation_id FROM unit WHERE id = $1', [
        input.unitId,
      ]);
      if (!unit) throw notFound('Enheten');
      if (!orgs.includes(unit.organisation_id)) return { refusal: OTHER_ORGANISATION };
      const [user]: { id: string; name: string; elsewhere: boolean }[] = await manager.query(
        `SELECT au.id, au.given_name || ' ' || au.family_name AS name,
                (EXISTS (SELECT 1 FROM membership m JOIN unit mu ON mu.id = m.unit_id WHERE m.user_id = au.id)
                 AND NOT EXISTS (SELECT 1 FROM membership m JOIN unit mu ON mu.id = m.unit_id WHERE m.user_id = au.id AND mu.organisation_id = $2)) AS elsewhere
           FROM app_user au WHERE au.id = $1`,
        [input.userId, unit.organisation_id],
      );
      if (!user) throw notFound('Användaren');
      const [existing]: unknown[] = await manager.query('SELECT 1 FROM membership WHERE user_id = $1 AND unit_id = $2 AND role = $3', [
        input.userId,
        input.unitId,
        input.role,
      ]);
      if (existing) throw conflict('Personen har redan den rollen på enheten.');
      const reason = ELEVATED.includes(input.role) ? 'elevated_role' : user.elsewhere ? 'other_organisation' : undefined;
      if (reason) return { request: await this.request(manager, actor, input, reason, user.name, unit.organisation_id) };
      return { member: await this.grant(manager, actor, input, user.name, unit.organisation_id) };
    });
    if ('refusal' in result) return refused(result.refusal);
    if ('member' in result) this.changed(input.userId);
    return result;
  }

  async remove(actor: Actor, membershipId: string): Promise<void> {
    const orgs = organisationsWith(actor, 'directory.admin');
    if (!UUID.test(membershipId)) throw notFound('Behörigheten');
    type Outcome = { refusal: MemberRow } | { removed: MemberRow };
    const removed = await inTransaction(this.dataSource, async (manager): Promise<Outcome> => {
      const [found]: (MemberRow & { organisation_id: string })[] = await manager.query(
        `${MEMBER_SELECT.replace('m.role', 'm.role, u.organisation_id')} WHERE m.id = $1 AND u.organisation_id = ANY($2::uuid[])`,
        [membershipId, orgs],
      );
      if (!found) throw notFound('Behörigheten');
      if (found.user_id === actor.userId) return { refusal: found };
      await manager.query('DELETE FROM membership WHERE id = $1', [found.membership_id]);
      await this.audit.record(manager, [
        {
          actor,
          action: 'directory.change',
          outcome: 'allowed',
          unitId: adminUnit(actor, found.organisation_id),
          details: { change: 'remove', unitId: found.unit_id, role: found.role, userId: found.user_id, subjectName: found.name },
        },
      ]);
      return { removed: found };
    });
    if ('refusal' in removed) {
      const f = removed.refusal;
      return this.refuse(actor, 'directory.change', SELF, { userId: f.user_id, unitId: f.unit_id, role: f.role });
    }
    this.changed(removed.removed.user_id);
  }

  /** The requests of the administrator's organisations that wait for a second administrator. */
  async requests(actor: Actor): Promise<MembershipRequestDto[]> {
    const rows: RequestRow[] = await this.dataSource.query(
      `${REQUEST_SELECT} WHERE r.status = 'pending' AND u.organisation_id = ANY($1::uuid[]) ORDER BY r.requested_at`,
      [organisationsWith(actor, 'directory.admin')],
    );
    // A read of the directory like the member list: the web client's administration page reads both.
    await this.audit.recordNow([{ actor, action: 'directory.list', outcome: 'allowed', details: { requests: rows.length } }]);
    return rows.map(mapRequest);
  }

  /** A second administrator of the unit's organisation grants what another asked for. */
  async approve(actor: Actor, requestId: string, reason?: string): Promise<MemberDto> {
    type Outcome = { refusal: string; request: RequestRow } | { member: MemberDto; request: RequestRow };
    const result = await inTransaction(this.dataSource, async (manager): Promise<Outcome> => {
      const request = await this.pending(manager, actor, requestId);
      if (request.requested_by_user_id === actor.userId) {
        return { refusal: 'Du kan inte godkänna din egen begäran: en annan administratör i organisationen måste göra det.', request };
      }
      if (request.user_id === actor.userId) return { refusal: SELF, request };
      await manager.query(`UPDATE membership_request SET status = 'approved', decided_by_user_id = $2, decided_at = now() WHERE id = $1`, [
        request.request_id,
        actor.userId,
      ]);
      const subject = { userId: request.user_id, unitId: request.unit_id, role: request.role };
      const member = await this.grant(manager, actor, subject, request.name, request.organisation_id, {
        requestId: request.request_id,
        requestedByUserId: request.requested_by_user_id,
        requestedByName: request.requested_by_name,
        ...(reason?.trim() ? { decision: reason.trim() } : {}),
      });
      return { member, request };
    });
    if ('refusal' in result) {
      const r = result.request;
      return this.refuse(actor, 'directory.approve', result.refusal, { userId: r.user_id, unitId: r.unit_id, role: r.role }, r.request_id);
    }
    this.changed(result.request.user_id);
    return result.member;
  }

  /** Any administrator of the organisation turns a request down (the requester withdraws it so). */
  async reject(actor: Actor, requestId: string, reason?: string): Promise<MembershipRequestDto> {
    return inTransaction(this.dataSource, async (manager) => {
      const request = await this.pending(manager, actor, requestId);
      await manager.query(`UPDATE membership_request SET status = 'rejected', decided_by_user_id = $2, decided_at = now() WHERE id = $1`, [
        request.request_id,
        actor.userId,
      ]);
      await this.audit.record(manager, [
        {
          actor,
          action: 'directory.reject',
          outcome: 'allowed',
          unitId: adminUnit(actor, request.organisation_id),
          details: {
            unitId: request.unit_id,
            requestId: request.request_id,
            role: request.role,
            userId: request.user_id,
            subjectName: request.name,
            requestedByUserId: request.requested_by_user_id,
            requestedByName: request.requested_by_name,
            ...(reason?.trim() ? { decision: reason.trim() } : {}),
          },
        },
      ]);
      return mapRequest({ ...request, status: 'rejected' });
    });
  }

  /** A pending request in one of the administrator's organisations, locked; any other is a missing one. */
  private async pending(manager: EntityManager, actor: Actor, requestId: string): Promise<RequestRow> {
    if (!UUID.test(requestId)) throw notFound('Begäran');
    const [row]: RequestRow[] = await manager.query(
      `${REQUEST_SELECT} WHERE r.id = $1 AND u.organisation_id = ANY($2::uuid[]) FOR UPDATE OF r`,
      [requestId, organisationsWith(actor, 'directory.admin')],
    );
    if (!row) throw notFound('Begäran');
    if (row.status !== 'pending') throw conflict(row.status === 'approved' ? 'Begäran är redan godkänd.' : 'Begäran är redan avslagen.');
    return row;
  }

  private async request(
    manager: EntityManager,
    actor: Actor,
    input: { userId: string; unitId: string; role: Role },
    reason: MembershipRequestDto['reason'],
    subjectName: string,
    organisationId: string,
  ): Promise<MembershipRequestDto> {
    const [inserted]: { id: string }[] = await manager.query(
      `INSERT INTO membership_request (user_id, unit_id, role, reason, requested_by_user_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, unit_id, role) WHERE status = 'pending' DO NOTHING RETURNING id`,
      [input.userId, input.unitId, input.role, reason, actor.userId],
    );
    if (!inserted) throw conflict('En begäran om den behörigheten väntar redan på en andra administratör.');
    await this.audit.record(manager, [
      {
        actor,
        action: 'directory.request',
        outcome: 'allowed',
        unitId: adminUnit(actor, organisationId),
        details: { unitId: input.unitId, requestId: inserted.id, reason, role: input.role, userId: input.userId, subjectName },
      },
    ]);
    const [row]: RequestRow[] = await manager.query(`${REQUEST_SELECT} WHERE r.id = $1`, [inserted.id]);
    return mapRequest(row);
  }

  private async grant(
    manager: EntityManager,
    actor: Actor,
    input: { userId: string; unitId: string; role: Role },
    subjectName: string,
    organisationId: string,
    approved?: { requestId: string; requestedByUserId: string; requestedByName: string; decision?: string },
  ): Promise<MemberDto> {
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
        unitId: adminUnit(actor, organisationId),
        details: { change: 'add', unitId: input.unitId, role: input.role, userId: input.userId, subjectName, ...(approved ?? {}) },
      },
    ]);
    const [row]: MemberRow[] = await manager.query(`${MEMBER_SELECT} WHERE m.id = $1`, [inserted[0].id]);
    return mapMember(row);
  }

  /** A refusal: logged (with whom it concerned) and answered 403 with the reason. */
  private async refuse(
    actor: Actor,
    action: AuditRecord['action'],
    message: string,
    input: { userId: string; unitId: string; role: Role },
    requestId?: string,
  ): Promise<never> {
    await this.audit.recordNow([
      {
        actor,
        action,
        outcome: 'denied',
        unitId: adminUnit(actor),
        details: { reason: message, role: input.role, userId: input.userId, unitId: input.unitId, ...(requestId ? { requestId } : {}) },
      },
    ]);
    throw forbidden(message);
  }

  /** After commit: the person's next request on any node sees the change, and their sockets are re-checked. */
  private changed(userId: string): void {
    this.directory.forgetActors([userId]);
    this.events.accessChanged({ userIds: [userId] });
  }
}
