import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import type { CreateTemplateDto } from './checklist.dto';
import { ChecklistTemplate } from './checklist.entities';
import { STANDARD_TEMPLATES } from './standard-templates';
import { assertSoundTemplate, type TemplateDefinition, type TemplateItem } from './template-definition';

/** Serialises template writers (admins and the first-start seeder) so versions are gap-free. */
const TEMPLATE_LOCK = 7_261_004;

export interface TemplateDto {
  id: string;
  key: string;
  version: number;
  name: string;
  description: string | null;
  items: TemplateItem[];
  createdAt: string;
  /** null for the standard templates loaded on first start. */
  createdBy: { userId: string; name: string } | null;
}

interface TemplateRow {
  id: string;
  key: string;
  version: number;
  name: string;
  description: string | null;
  items: TemplateItem[];
  created_at: Date;
  created_by_user_id: string | null;
  created_by_name: string | null;
}

const TEMPLATE_SELECT = `
  SELECT t.id, t.key, t.version, t.name, t.description, t.items, t.created_at, t.created_by_user_id,
         u.given_name || ' ' || u.family_name AS created_by_name
    FROM checklist_template t LEFT JOIN app_user u ON u.id = t.created_by_user_id`;

function mapTemplate(row: TemplateRow): TemplateDto {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
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
    ...(item.when ? { when: { item: item.when.item, in: [...item.when.in] } } : {}),
  };
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
        if (await manager.existsBy(ChecklistTemplate, { key: def.key })) continue;
        await this.insert(manager, def, 1, null);
        loaded.push(def.key);
      }
      return loaded;
    });
    if (added.length) this.logger.log(`Loaded the standard checklist templates: ${added.join(', ')}`);
  }

  async list(actor: Actor, all: boolean): Promise<TemplateDto[]> {
    const rows: TemplateRow[] = all
      ? await this.dataSource.query(`${TEMPLATE_SELECT} ORDER BY t.key, t.version`)
      : await this.dataSource.query(
          `${TEMPLATE_SELECT} WHERE (t.key, t.version) IN (SELECT key, max(version) FROM checklist_template GROUP BY key) ORDER BY t.key`,
        );
    await this.audit.recordNow([{ actor, action: 'template.list', outcome: 'allowed', details: { all, count: rows.length } }]);
    return rows.map(mapTemplate);
  }

  /** A new version of the key (version 1 for a new key). Checklists already applied keep theirs. */
  async create(actor: Actor, dto: CreateTemplateDto): Promise<TemplateDto> {
    const def: TemplateDefinition = {
      key: dto.key,
      name: dto.name.trim(),
      ...(dto.description?.trim() ? { description: dto.description.trim() } : {}),
      items: dto.items.map(cleanItem),
    };
    assertSoundTemplate(def);
    return inTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [TEMPLATE_LOCK]);
      const [{ latest }]: { latest: number | null }[] = await manager.query('SELECT max(version) AS latest FROM checklist_template WHERE key = $1', [
        def.key,
      ]);
      const id = await this.insert(manager, def, (latest ?? 0) + 1, actor.userId);
      const [row]: TemplateRow[] = await manager.query(`${TEMPLATE_SELECT} WHERE t.id = $1`, [id]);
      await this.audit.record(manager, [
        { actor, action: 'template.change', outcome: 'allowed', details: { key: def.key, version: row.version, items: def.items.length } },
      ]);
      return mapTemplate(row);
    });
  }

  /** The latest version of a key, in the caller's transaction. */
  async latest(manager: EntityManager, key: string): Promise<ChecklistTemplate | null> {
    return manager.findOne(ChecklistTemplate, { where: { key }, order: { version: 'DESC' } });
  }

  private async insert(manager: EntityManager, def: TemplateDefinition, version: number, userId: string | null): Promise<string> {
    const saved = await manager.save(
      manager.create(ChecklistTemplate, {
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
