import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ADVISORY_LOCKS, conflict, DomainError, forbidden, organisationsWith, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import type { CreateTemplateDto } from './checklist.dto';
import { ChecklistTemplate } from './checklist.entities';
import { STANDARD_TEMPLATES } from './standard-templates';
import { assertSoundTemplate, type TemplateDefinition, type TemplateItem } from './template-definition';

/** Serialises template writers (admins and the first-start seeder) so versions are gap-free. */
const TEMPLATE_LOCK = ADVISORY_LOCKS.checklistTemplates;

import type { TemplateDto } from './checklist.mapper';

export { TemplateDto } from './checklist.mapper';

interface TemplateRow {
  id: string;
  key: string;
  version: number;
  organisation_id: string | null;
  name: string;
  description: string | null;
  items: TemplateItem[];
  created_at: Date;
  created_by_user_id: string | null;
  created_by_name: string | null;
}

const TEMPLATE_SELECT = `
  SELECT t.id, t.key, t.version, t.organisation_id, t.name, t.description, t.items, t.created_at, t.created_by_user_id,
         u.given_name || ' ' || u.family_name AS created_by_name
    FROM checklist_template t LEFT JOIN directory_person u ON u.id = t.created_by_user_id`;

function mapTemplate(row: TemplateRow): TemplateDto {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    organisationId: row.organisation_id,
    name: row.name,
    description: row.description,
    items: row.items,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by_user_id ? { userId: row.created_by_user_id, name: row.created_by_name ?? '' } : null,
  };
}

/** Keeps only the fields a template item has, in a stable order. */
function cleanItem(item: TemplateItem): TemplateItem {
  return {
    key: item.key,
    label: item.label.trim(),
    ...(item.group ? { group: item.group.trim() } : {}),
    ...(item.help ? { help: item.help.trim() } : {}),
    responsible: item.responsible,
    required: item.required,
    valueType: item.valueType,
    ...(item.choices ? { choices: item.choices.map((c) => c.trim()) } : {}),
    ...(item.notInPast ? { notInPast: true } : {}),
    ...(item.readyFrom ? { readyFrom: true } : {}),
    ...(item.pending ? { pending: item.pending.trim() } : {}),
    ...(item.when ? { when: { item: item.when.item, in: [...item.when.in] } } : {}),
  };
}

/** JSON with sorted keys: jsonb does not keep key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function sameDefinition(stored: ChecklistTemplate, def: TemplateDefinition): boolean {
  return (
    stored.name === def.name &&
    (stored.description ?? null) === (def.description ?? null) &&
    canonical(stored.items) === canonical(def.items)
  );
}

function requiredKeys(items: TemplateItem[]): string[] {
  return items.filter((i) => i.required).map((i) => i.key);
}

@Injectable()
export class TemplatesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ChecklistTemplates');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * The standard templates are product data: loaded as version 1 of each key that is missing,
   * whatever BRYGGA_SEED_DEMO says. A key that exists is left alone (admins may have moved it on).
   */
  async onApplicationBootstrap(): Promise<void> {
    const added = await inTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [TEMPLATE_LOCK]);
      const loaded: string[] = [];
      for (const def of STANDARD_TEMPLATES) {
        assertSoundTemplate(def);
        const latest = await manager.findOne(ChecklistTemplate, {
          where: { key: def.key, organisationId: IsNull() },
          order: { version: 'DESC' },
        });
        if (latest && sameDefinition(latest, def)) continue;
        // A changed standard becomes a new version; checklists already applied keep theirs.
        await this.insert(manager, def, (latest?.version ?? 0) + 1, null);
        loaded.push(`${def.key} v${(latest?.version ?? 0) + 1}`);
      }
      return loaded;
    });
    if (added.length) this.logger.log(`Loaded the standard checklist templates: ${added.join(', ')}`);
  }

  /**
   * The standard templates and those of the actor's organisations: every version with `all`,
   * otherwise the version each of the actor's organisations would apply now.
   */
  async list(actor: Actor, all: boolean): Promise<TemplateDto[]> {
    const orgs = [...new Set(actor.memberships.map((m) => m.organisationId))];
    const rows: TemplateRow[] = all
      ? await this.dataSource.query(
          `${TEMPLATE_SELECT} WHERE t.organisation_id IS NULL OR t.organisation_id = ANY($1::uuid[]) ORDER BY t.key, t.organisation_id NULLS FIRST, t.version`,
          [orgs],
        )
      : await this.dataSource.query(
          `SELECT DISTINCT ON (e.id) e.* FROM (SELECT o AS org FROM unnest($1::uuid[]) o) scopes
             CROSS JOIN LATERAL (SELECT DISTINCT key FROM checklist_template) k
             CROSS JOIN LATERAL (${TEMPLATE_SELECT}
               WHERE t.key = k.key AND (t.organisation_id = scopes.org OR t.organisation_id IS NULL)
               ORDER BY t.organisation_id IS NULL, t.version DESC LIMIT 1) e
            ORDER BY e.id`,
          [orgs],
        );
    if (!all) rows.sort((a, b) => a.key.localeCompare(b.key) || String(a.organisation_id).localeCompare(String(b.organisation_id)));
    await this.audit.recordNow([{ actor, action: 'template.list', outcome: 'allowed', details: { all, count: rows.length } }]);
    return rows.map(mapTemplate);
  }

  /**
   * A new version of the key for one organisation the actor administers templates for. Checklists
   * already applied keep theirs; a version that drops a
   * required item of the one in force must name it in `confirmRemovedRequired`.
   */
  async create(actor: Actor, dto: CreateTemplateDto): Promise<TemplateDto> {
    const organisationId = await this.adminOrganisation(actor, dto.organisationId);
    const def: TemplateDefinition = {
      key: dto.key,
      name: dto.name.trim(),
      ...(dto.description?.trim() ? { description: dto.description.trim() } : {}),
      items: dto.items.map(cleanItem),
    };
    assertSoundTemplate(def);
    return inTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [TEMPLATE_LOCK]);
      const current = await this.latest(manager, def.key, organisationId);
      const dropped = requiredKeys(current?.items ?? []).filter((k) => !requiredKeys(def.items).includes(k));
      const unconfirmed = dropped.filter((k) => !(dto.confirmRemovedRequired ?? []).includes(k));
      if (unconfirmed.length) {
        throw conflict(
          `Den nya versionen tar bort eller gör valfria obligatoriska punkter (${unconfirmed.join(', ')}). Det gör det lättare att bli hemgångsklar: ange dem i confirmRemovedRequired om det är avsikten.`,
        );
      }
      const [{ latest }]: { latest: number | null }[] = await manager.query(
        // Numbers keep rising from the standard's: "version 3" replaces the version 2 the organisation had.
        'SELECT max(version) AS latest FROM checklist_template WHERE key = $1 AND (organisation_id = $2 OR organisation_id IS NULL)',
        [def.key, organisationId],
      );
      const id = await this.insert(manager, def, (latest ?? 0) + 1, actor.userId, organisationId);
      const [row]: TemplateRow[] = await manager.query(`${TEMPLATE_SELECT} WHERE t.id = $1`, [id]);
      await this.audit.record(manager, [
        {
          actor,
          action: 'template.change',
          outcome: 'allowed',
          details: {
            key: def.key,
            version: row.version,
            organisationId,
            items: def.items.length,
            removedRequired: dropped.join(',') || null,
          },
        },
      ]);
      return mapTemplate(row);
    });
  }

  /** The version in force for an organisation: its own latest, or else the standard's latest. */
  async latest(manager: EntityManager, key: string, organisationId: string | null): Promise<ChecklistTemplate | null> {
    const [row]: { id: string }[] = await manager.query(
      `SELECT id FROM checklist_template WHERE key = $1 AND (organisation_id = $2 OR organisation_id IS NULL)
        ORDER BY organisation_id IS NULL, version DESC LIMIT 1`,
      [key, organisationId],
    );
    return row ? manager.findOneBy(ChecklistTemplate, { id: row.id }) : null;
  }

  private async adminOrganisation(actor: Actor, requested?: string): Promise<string> {
    const orgs = organisationsWith(actor, 'template.admin');
    if (requested) {
      if (!orgs.includes(requested)) {
        await this.audit.recordNow([{ actor, action: 'template.change', outcome: 'denied', details: { organisationId: requested } }]);
        throw forbidden('Du kan bara ändra checklistmallar för din egen organisation.');
      }
      return requested;
    }
    if (orgs.length !== 1) {
      throw new DomainError('validation', 'Ange organisationId: du administrerar mallar för flera organisationer.', [
        { field: 'organisationId', message: 'saknas' },
      ]);
    }
    return orgs[0];
  }

  private async insert(
    manager: EntityManager,
    def: TemplateDefinition,
    version: number,
    userId: string | null,
    organisationId: string | null = null,
  ): Promise<string> {
    const saved = await manager.save(
      manager.create(ChecklistTemplate, {
        organisationId,
        key: def.key,
        version,
        name: def.name,
        description: def.description ?? null,
        items: def.items,
        createdByUserId: userId,
      }),
    );
    return saved.id;
  }
}
