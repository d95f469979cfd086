import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, clientAddress, SYSTEM_ROLE, type Actor, type AppConfig, type AuthenticatedRequest } from '@brygga/common';
import { DirectoryService, User } from '@brygga/directory';
import { SystemClient } from './system-client.entity';
import { SystemTokenVerifier } from './system-token';
import { BRYGGA_TOKEN_PREFIX, systemTokenHash } from './system-secrets';

export interface SystemClientRegistration {
  clientId: string;
  name: string;
  unitId: string;
  endpointUrl?: string | null;
}

/**
 * Registers a system client: its own directory user (no membership, no personal identity: the
 * HSA-id column carries `system:<clientId>`, which no identity provider issues to a person) and
 * the binding to its unit. Idempotent by clientId.
 */
export async function registerSystemClient(manager: EntityManager, registration: SystemClientRegistration): Promise<SystemClient> {
  const existing = await manager.findOneBy(SystemClient, { clientId: registration.clientId });
  if (existing) return existing;
  const user = await manager.save(User, {
    key: `system:${registration.clientId}`,
    givenName: registration.name,
    familyName: '(system)',
    personnummer: null,
    hsaId: `system:${registration.clientId}`,
  });
  return manager.save(SystemClient, {
    clientId: registration.clientId,
    name: registration.name,
    unitId: registration.unitId,
    userId: user.id,
    endpointUrl: registration.endpointUrl ?? null,
  });
}

/** The actor behind a system client's access token: the system, in its one unit, with the role `system`. */
@Injectable()
export class SystemActorResolver {
  private readonly logger = new Logger('SystemClients');
  private verifier?: SystemTokenVerifier;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async resolve(req: AuthenticatedRequest): Promise<Actor | undefined> {
    const authorization = req.header('authorization');
    if (!authorization || !/^Bearer [\w.~+/-]+=*$/.test(authorization)) return undefined;
    if (authorization.startsWith(`Bearer ${BRYGGA_TOKEN_PREFIX}`)) return this.ownToken(req, authorization.slice('Bearer '.length));
    // The dev IdP sets the OIDC issuer after the config was read: the token issuer follows it.
    const issuer = this.config.fhir.tokenIssuer ?? this.config.oidc.issuer;
    if (!issuer) return undefined;
    this.verifier ??= new SystemTokenVerifier(
      issuer,
      this.config.fhir.audience,
      issuer.startsWith('http://') && this.config.nodeEnv !== 'production',
    );
    const claims = await this.verifier.verify(authorization, `${this.config.publicUrl}${req.originalUrl}`).catch((error: unknown) => {
      // The issuer unreachable (discovery, keys): the token cannot be checked, so it is not accepted.
      this.logger.warn(`System token not checked: ${error instanceof Error ? error.message : 'error'}`);
      return undefined;
    });
    if (!claims) return undefined;
    const client = await this.dataSource.getRepository(SystemClient).findOneBy({ clientId: claims.clientId });
    // A disabled system is refused whoever issued its token.
    if (!client || client.disabledAt) return undefined;
    return this.actorOf(req, client);
  }

  /** A token from Brygga's own endpoint (POST /auth/system-token): known, not expired, its system not disabled. */
  private async ownToken(req: AuthenticatedRequest, token: string): Promise<Actor | undefined> {
    const [row]: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM system_access_token t JOIN system_client c ON c.id = t.system_client_id
        WHERE t.token_hash = $1 AND t.expires_at > now() AND c.disabled_at IS NULL`,
      [systemTokenHash(token)],
    );
    const client = row ? await this.dataSource.getRepository(SystemClient).findOneBy({ id: row.id }) : null;
    return client ? this.actorOf(req, client) : undefined;
  }

  private async actorOf(req: AuthenticatedRequest, client: SystemClient): Promise<Actor | undefined> {
    const [unit] = await this.directory.units([client.unitId]);
    if (!unit) return undefined;
    return {
      userId: client.userId,
      displayName: `${client.name} (system)`,
      memberships: [
        {
          unitId: unit.id,
          unitName: unit.name,
          organisationId: unit.organisationId,
          organisationName: unit.organisationName,
          orgKind: unit.orgKind,
          role: SYSTEM_ROLE,
        },
      ],
      authMethod: `system:${client.clientId}`,
      clientAddress: clientAddress(req, this.config.trustProxy),
    };
  }
}
