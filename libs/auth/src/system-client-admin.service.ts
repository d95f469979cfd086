import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, conflict, invalid, notFound, organisationsWith, roleGrants, type Actor, type AppConfig } from '@brygga/common';
import { AuditService, type AuditRecord } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import { DirectoryService, organisationUnitIds } from '@brygga/directory';
import type { SystemClientDto, SystemClientSecretDto } from './system-client-admin.dto';
import { SystemClient } from './system-client.entity';
import { registerSystemClient } from './system-clients';
import { hashSystemSecret, newSystemSecret } from './system-secrets';

interface ClientRow {
  id: string;
  client_id: string;
  name: string;
  unit_id: string;
  unit_name: string;
  organisation_id: string;
  endpoint_url: string | null;
  secret_set_at: Date | null;
  disabled_at: Date | null;
  created_at: Date;
}

const SELECT = `
  SELECT s.id, s.client_id, s.name, s.unit_id, s.endpoint_url, s.secret_set_at, s.disabled_at, s.created_at FROM system_client s`;
const map = (r: ClientRow): SystemClientDto => ({
  id: r.id,
  clientId: r.client_id,
  name: r.name,
  unitId: r.unit_id,
  unitName: r.unit_name,
  endpointUrl: r.endpoint_url,
  secretSetAt: r.secret_set_at?.toISOString() ?? null,
  disabledAt: r.disabled_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = 'Verksamhetssystemet';

/**
 * An organisation's administrator registers the hospital and municipal systems of its units
 * (issue 31): a client id and a secret of Brygga's own (shown once, kept as a hash), the endpoint
 * Brygga sends FHIR messages to, and whether it is disabled. A system of another organisation is
 * neither seen nor changed (404, like one that does not exist); every step and every refusal is
 * an access-log row naming the system.
 */
@Injectable()
export class SystemClientAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get tokenEndpoint(): string {
    return `${this.config.publicUrl}/auth/system-token`;
  }

  async list(actor: Actor): Promise<SystemClientDto[]> {
    const units = await organisationUnitIds(this.dataSource.manager, organisationsWith(actor, 'system.admin'));
    const found = await this.named(
      await this.dataSource.query(`${SELECT} WHERE s.unit_id = ANY($1::uuid[]) ORDER BY s.name, s.id`, [units]),
    );
    // By unit name (the directory's order), then by name.
    const rank = new Map(units.map((id, i) => [id, i]));
    const rows = found.sort((a, b) => rank.get(a.unit_id)! - rank.get(b.unit_id)!);
    await this.audit.recordNow([{ actor, action: 'system_client.list', outcome: 'allowed', details: { count: rows.length } }]);
    return rows.map(map);
  }

  async register(
    actor: Actor,
    input: { clientId?: string; name: string; unitId: string; endpointUrl?: string },
  ): Promise<SystemClientSecretDto> {
    this.checkEndpoint(input.endpointUrl);
    const [unit] = await this.directory.units([input.unitId]);
    if (!unit || !organisationsWith(actor, 'system.admin').includes(unit.organisationId)) {
      await this.refuse(actor, 'system_client.register', { systemUnitId: input.unitId });
      throw notFound('Enheten');
    }
    const clientId = input.clientId ?? `brygga-${randomBytes(6).toString('hex')}`;
    const secret = newSystemSecret();
    const secretHash = await hashSystemSecret(secret);
    const id = await inTransaction(this.dataSource, async (manager) => {
      if (await manager.findOneBy(SystemClient, { clientId }))
        throw conflict(`Det finns redan ett verksamhetssystem med klient-id ${clientId}.`);
      const client = await registerSystemClient(manager, {
        clientId,
        name: input.name,
        unitId: unit.id,
        endpointUrl: input.endpointUrl ?? null,
      });
      await manager.update(SystemClient, { id: client.id }, { secretHash, secretSetAt: new Date() });
      await this.audit.record(manager, [this.row(actor, 'system_client.register', unit.organisationId, client.id, clientId, unit.id)]);
      return client.id;
    });
    return { systemClient: await this.one(id), clientSecret: secret, tokenEndpoint: this.tokenEndpoint };
  }

  /** A new secret, shown once; the old one and every token issued for it stop working at once. */
  async rotate(actor: Actor, id: string, reason?: string): Promise<SystemClientSecretDto> {
    const client = await this.owned(actor, id, 'system_client.rotate');
    const secret = newSystemSecret();
    const secretHash = await hashSystemSecret(secret);
    await inTransaction(this.dataSource, async (manager) => {
      await manager.update(SystemClient, { id }, { secretHash, secretSetAt: new Date() });
      await manager.query('DELETE FROM system_access_token WHERE system_client_id = $1', [id]);
      await this.audit.record(manager, [
        this.row(actor, 'system_client.rotate', client.organisation_id, id, client.client_id, client.unit_id, because(reason)),
      ]);
    });
    return { systemClient: await this.one(id), clientSecret: secret, tokenEndpoint: this.tokenEndpoint };
  }

  async setEndpoint(actor: Actor, id: string, endpointUrl: string | null): Promise<SystemClientDto> {
    this.checkEndpoint(endpointUrl ?? undefined);
    const client = await this.owned(actor, id, 'system_client.change');
    await inTransaction(this.dataSource, async (manager) => {
      await manager.update(SystemClient, { id }, { endpointUrl });
      await this.audit.record(manager, [
        this.row(actor, 'system_client.change', client.organisation_id, id, client.client_id, client.unit_id, {
          endpoint: endpointUrl !== null,
        }),
      ]);
    });
    return this.one(id);
  }

  /** Disabled: its tokens end now, no new one is accepted, nothing more is sent to it. Enabled again on request. */
  async setDisabled(actor: Actor, id: string, disabled: boolean, reason?: string): Promise<SystemClientDto> {
    const action = disabled ? 'system_client.disable' : 'system_client.enable';
    const client = await this.owned(actor, id, action);
    await inTransaction(this.dataSource, async (manager) => {
      await manager.query(
        `UPDATE system_client SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) ELSE NULL END WHERE id = $1`,
        [id, disabled],
      );
      if (disabled) await manager.query('DELETE FROM system_access_token WHERE system_client_id = $1', [id]);
      await this.audit.record(manager, [
        this.row(actor, action, client.organisation_id, id, client.client_id, client.unit_id, because(reason)),
      ]);
    });
    return this.one(id);
  }

  private checkEndpoint(url: string | undefined): void {
    if (url && this.config.nodeEnv === 'production' && !url.startsWith('https://'))
      throw invalid('endpointUrl', 'måste börja med https:// (meddelanden skickas bara krypterat)');
  }

  private async one(id: string): Promise<SystemClientDto> {
    const [row] = await this.named(await this.dataSource.query(`${SELECT} WHERE s.id = $1`, [id]));
    return map(row);
  }

  /** The system, when it belongs to one of the actor's organisations; otherwise the refusal is logged and it "does not exist". */
  private async owned(actor: Actor, id: string, action: AuditRecord['action']): Promise<ClientRow> {
    const [row] = UUID.test(id) ? await this.named(await this.dataSource.query(`${SELECT} WHERE s.id = $1`, [id])) : [];
    if (!row || !organisationsWith(actor, 'system.admin').includes(row.organisation_id)) {
      await this.refuse(actor, action, { systemClientId: UUID.test(id) ? id : null });
      throw notFound(NOT_FOUND);
    }
    return row;
  }

  /** The rows with their unit's name and organisation (the directory's). */
  private async named(rows: Omit<ClientRow, 'unit_name' | 'organisation_id'>[]): Promise<ClientRow[]> {
    const units = new Map((await this.directory.units([...new Set(rows.map((r) => r.unit_id))])).map((u) => [u.id, u]));
    return rows.map((r) => ({ ...r, unit_name: units.get(r.unit_id)!.name, organisation_id: units.get(r.unit_id)!.organisationId }));
  }

  private async refuse(actor: Actor, action: AuditRecord['action'], details: Record<string, string | null>): Promise<void> {
    await this.audit.recordNow([{ actor, action, outcome: 'denied', unitId: adminUnit(actor), details }]);
  }

  private row(
    actor: Actor,
    action: AuditRecord['action'],
    organisationId: string,
    systemClientId: string,
    clientId: string,
    systemUnitId: string,
    extra: Record<string, boolean | string> = {},
  ): AuditRecord {
    return {
      actor,
      action,
      outcome: 'allowed',
      unitId: adminUnit(actor, organisationId),
      details: { systemClientId, clientId, systemUnitId, ...extra },
    };
  }
}

/** The administrator's reason, in the log row when given. */
const because = (reason?: string): Record<string, string> => (reason?.trim() ? { orsak: reason.trim() } : {});

/** The unit the administrator acts from: their administrator unit in the organisation (any, for a refusal elsewhere). */
function adminUnit(actor: Actor, organisationId?: string): string | null {
  const admin = actor.memberships.filter((m) => roleGrants(m.role, 'system.admin'));
  return (admin.find((m) => m.organisationId === organisationId) ?? admin[0])?.unitId ?? null;
}
