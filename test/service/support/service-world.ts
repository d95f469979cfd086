import type { INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { ConfigModule, DomainError, DomainEvents, loadConfig, type Actor, type OrgKind, type Role, type ThreadEvent } from '@brygga/common';
import { DatabaseModule, MIGRATIONS } from '@brygga/database';
import { DirectoryService, Membership, Organisation, Unit, User } from '@brygga/directory';
import { ThreadsService } from '@brygga/threads';
import { newThreadBody } from '../../support/bodies';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { track } from '../../support/leftovers';

/**
 * The service tier's world: the Nest modules a rule lives in, with their real collaborators
 * (access control, access log, derivations, PostgreSQL) on a clone of the migrated template
 * database, and nothing in front of them: no HTTP, no IdP, no login. A test calls a service as
 * the controller would, with an Actor loaded from the directory as a login would load it.
 */
export class ServiceWorld {
  /** Every event published after commit, in order (what the realtime gateway would fan out). */
  readonly events: ThreadEvent[] = [];
  private closing?: Promise<void>;
  private forget = (): void => undefined;

  private constructor(
    private readonly context: INestApplicationContext,
    private readonly db: TestDatabase,
    private readonly dataDir: string,
  ) {
    context.get(DomainEvents).events$.subscribe((event) => this.events.push(event));
  }

  /** Builds the given modules (e.g. ThreadsModule, ChecklistsModule) on a database of this file's own. */
  static start(modules: Type[], env: Record<string, string> = {}): Promise<ServiceWorld> {
    const starting = ServiceWorld.boot(modules, env);
    const { forget } = track(starting, (world) => world.close());
    return starting.then((world) => Object.assign(world, { forget }));
  }

  private static async boot(modules: Type[], env: Record<string, string>): Promise<ServiceWorld> {
    const db = await createTestDatabase();
    // The file's own data folder (the access log's key and checkpoints, attachments): not the
    // working copy's .data, which a development api uses and which files would share.
    const dataDir = mkdtempSync(join(tmpdir(), 'brygga-service-'));
    try {
      const config = loadConfig({
        NODE_ENV: 'test',
        BRYGGA_SEED_DEMO: '0',
        BRYGGA_BEVAKNING_SECONDS: '0',
        DATABASE_URL: db.url,
        BRYGGA_DATA_DIR: dataDir,
        ...env,
      });
      const moduleRef = await Test.createTestingModule({
        imports: [
          ConfigModule.forRoot(config),
          // The template is migrated; the runner finds nothing to do, as on a restarted node.
          DatabaseModule.forRoot({ url: db.url, entities: loadedEntities(), migrations: MIGRATIONS, poolSize: 4 }),
          ...modules,
        ],
      }).compile();
      await moduleRef.init();
      return new ServiceWorld(moduleRef, db, dataDir);
    } catch (error) {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  get<T>(token: Type<T>): T {
    return this.context.get(token, { strict: false });
  }

  get dataSource(): DataSource {
    return this.context.get(DataSource);
  }

  /** Closes the modules (their pools and timers) and drops the database; once, however often called. */
  close(): Promise<void> {
    this.forget();
    return (this.closing ??= (async () => {
      await this.context.close();
      await this.db.drop();
      rmSync(this.dataDir, { recursive: true, force: true });
    })());
  }

  /** A unit of a new organisation of the given kind. */
  async unit(kind: OrgKind, name = `${kind} ${randomUUID().slice(0, 6)}`): Promise<string> {
    const key = randomUUID();
    const org = await this.dataSource.getRepository(Organisation).save({ key, name: `Org ${name}`, kind });
    const unit = await this.dataSource.getRepository(Unit).save({ key, name, organisationId: org.id, hsaId: null });
    return unit.id;
  }

  /** A directory user with one membership, as the actor a login would give: loaded by the directory. */
  async actor(unitId: string, role: Role, givenName = 'Test'): Promise<Actor> {
    const user = await this.dataSource.getRepository(User).save({
      key: `test.${randomUUID()}`,
      givenName,
      familyName: randomUUID().slice(0, 8),
      personnummer: null,
      hsaId: `SE2321000198-T${randomUUID().slice(0, 8)}`,
    });
    await this.dataSource.getRepository(Membership).save({ userId: user.id, unitId, role });
    return (await this.get(DirectoryService).loadActor(user.id, '127.0.0.1', 'siths'))!;
  }

  /** A new thread opened by `owner` (a ward's actor) with the given receiving units, for a test patient; its id. */
  async thread(owner: Actor, participantUnitIds: string[]): Promise<string> {
    return (await this.get(ThreadsService).create(owner, newThreadBody(participantUnitIds))).thread.id;
  }
}

/** The DomainError a service call is refused with (its code is the HTTP filter's status); fails if the call succeeds. */
export function refusalOf(call: Promise<unknown>): Promise<DomainError> {
  return call.then(
    () => {
      throw new Error('was not refused');
    },
    (error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      return error;
    },
  );
}

/**
 * The entities of the libraries this file loaded (the modules under test and what they import),
 * not the api's whole list (apps/api/src/entities.ts): importing that loads every library (FHIR's
 * definitions, S3, OIDC, mail) into each file's module registry, about a second of each file's
 * start-up. A relation's target is imported by its entity's file, so it is loaded too.
 */
function loadedEntities(): Function[] {
  return [...new Set(getMetadataArgsStorage().tables.map((table) => table.target))].filter(
    (target): target is Function => typeof target === 'function',
  );
}
