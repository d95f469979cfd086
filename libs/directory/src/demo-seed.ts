import { Injectable, Logger, OnApplicationBootstrap, Inject } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ADVISORY_LOCKS, APP_CONFIG, ORG_KINDS, ROLES, type AppConfig, type OrgKind, type Role } from '@brygga/common';
import demo from '../seed/demo.json';
import { Membership, Organisation, Unit, User } from './directory.entities';
import { inTransaction } from '@brygga/database';

export interface SeedFile {
  organisations: { key: string; name: string; kind: string; units: { key: string; name: string; hsaId: string | null }[] }[];
  users: {
    key: string;
    givenName: string;
    familyName: string;
    personnummer?: string;
    hsaId?: string;
    /** Level of assurance the development IdP asserts (default loa3). */
    loa?: 'loa2' | 'loa3' | 'loa4';
    memberships: { unit: string; role: string }[];
  }[];
  /** Identities the development IdP offers that are deliberately missing from the directory. */
  unlistedIdentities?: { key: string; givenName: string; familyName: string; personnummer?: string; hsaId?: string }[];
  /**
   * BankID identities of the demo patients for "Min hemgång" (libs/citizens): never users of the
   * directory; they log in as citizens (/auth/login?idp=bankid&som=medborgare).
   */
  citizenIdentities?: { key: string; givenName: string; familyName: string; personnummer: string; description: string }[];
}

/** The one demo seed file; the development IdP reads the same one. */
export const DEMO_SEED: SeedFile = demo as SeedFile;

const SEED_LOCK = ADVISORY_LOCKS.demoSeed;

/** Every fault of a seed file, in Swedish, so a broken file stops the start with a clear reason. */
export function seedProblems(seed: SeedFile): string[] {
  const problems: string[] = [];
  const units = new Set(seed.organisations.flatMap((o) => o.units.map((u) => u.key)));
  for (const org of seed.organisations) {
    if (!(ORG_KINDS as readonly string[]).includes(org.kind))
      problems.push(`organisationen ${org.key} har okänd typ "${org.kind}" (tillåtna: ${ORG_KINDS.join(', ')})`);
  }
  for (const user of seed.users) {
    for (const m of user.memberships) {
      if (!units.has(m.unit)) problems.push(`användaren ${user.key} är medlem i enheten ${m.unit}, som inte finns`);
      if (!(ROLES as readonly string[]).includes(m.role))
        problems.push(`användaren ${user.key} har okänd roll "${m.role}" (tillåtna: ${ROLES.join(', ')})`);
    }
  }
  return problems;
}

/** Loads the directory from a seed file when the directory is empty; returns whether it did. */
export async function loadSeed(manager: EntityManager, seed: SeedFile = DEMO_SEED): Promise<boolean> {
  const problems = seedProblems(seed);
  if (problems.length) throw new Error(`Katalogfilen är felaktig: ${problems.join('; ')}.`);
  await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
  if ((await manager.count(Organisation)) > 0) return false;
  const unitIds = new Map<string, string>();
  for (const org of seed.organisations) {
    const saved = await manager.save(Organisation, { key: org.key, name: org.name, kind: org.kind as OrgKind });
    for (const unit of org.units) {
      const u = await manager.save(Unit, { key: unit.key, name: unit.name, hsaId: unit.hsaId, organisationId: saved.id });
      unitIds.set(unit.key, u.id);
    }
  }
  for (const user of seed.users) {
    const saved = await manager.save(User, {
      key: user.key,
      givenName: user.givenName,
      familyName: user.familyName,
      personnummer: user.personnummer ?? null,
      hsaId: user.hsaId ?? null,
    });
    for (const m of user.memberships) {
      const unitId = unitIds.get(m.unit);
      await manager.save(Membership, { userId: saved.id, unitId: unitId!, role: m.role as Role });
    }
  }
  return true;
}

@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    if (await inTransaction(this.dataSource, (m) => loadSeed(m))) this.logger.log('Loaded the demo directory (first start).');
  }
}
