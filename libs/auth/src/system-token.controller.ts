import { Controller, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { APP_CONFIG, clientAddress, Public, type AppConfig } from '@brygga/common';
import { AuditDenials, AuditService } from '@brygga/audit';
import { SystemClient } from './system-client.entity';
import { newSystemAccessToken, systemSecretMatches, systemTokenHash } from './system-secrets';
import { inTransaction } from '@brygga/database';

/** How long an access token from Brygga's own endpoint is good for. */
export const SYSTEM_TOKEN_SECONDS = 600;

/** client_id and client_secret from HTTP Basic (client_secret_basic, form-encoded per RFC 6749 2.3.1) or the form. */
function credentials(req: Request): { clientId?: string; secret?: string } {
  const basic = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(req.header('authorization') ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const part = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      return { clientId: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)) };
    }
  }
  const form = (req.body ?? {}) as Record<string, unknown>;
  return {
    clientId: typeof form.client_id === 'string' ? form.client_id : undefined,
    secret: typeof form.client_secret === 'string' ? form.client_secret : undefined,
  };
}

/**
 * Brygga's own OAuth 2.0 token endpoint for the system clients its administrators register
 * (client credentials, RFC 6749 4.4): the secret against its scrypt hash, a disabled system
 * refused, an opaque access token for the FHIR routes that lives SYSTEM_TOKEN_SECONDS. Systems
 * that get their tokens from the configured issuer (FHIR_TOKEN_ISSUER) keep doing so; both are
 * accepted. Answers are OAuth's JSON (RFC 6749 5.1, 5.2), counted per address like the login.
 */
@Controller('auth/system-token')
export class SystemTokenController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly denials: AuditDenials,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiExcludeEndpoint()
  async token(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (form.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Bara grant_type=client_credentials stöds.' });
      return;
    }
    const { clientId, secret } = credentials(req);
    const address = clientAddress(req, this.config.trustProxy);
    const client =
      clientId && secret
        ? await this.dataSource
            .getRepository(SystemClient)
            .createQueryBuilder('c')
            .addSelect('c.secretHash')
            .where('c.clientId = :clientId', { clientId })
            .getOne()
        : null;
    if (!client || client.disabledAt || !(await systemSecretMatches(secret!, client.secretHash))) {
      await this.denials.record({ actor: null, clientAddress: address, action: 'system_client.token', outcome: 'denied', details: {} });
      res.status(401).setHeader('www-authenticate', 'Basic realm="brygga"');
      res.json({ error: 'invalid_client', error_description: 'Okänt eller avstängt system, eller fel hemlighet.' });
      return;
    }
    const token = newSystemAccessToken();
    await inTransaction(this.dataSource, async (manager) => {
      // Expired tokens of the client go as it gets a new one: the table stays small without a job.
      await manager.query('DELETE FROM system_access_token WHERE system_client_id = $1 AND expires_at < now()', [client.id]);
      await manager.query(
        `INSERT INTO system_access_token (token_hash, system_client_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
        [systemTokenHash(token), client.id, SYSTEM_TOKEN_SECONDS],
      );
      await this.audit.record(manager, [
        {
          actor: null,
          clientAddress: address,
          unitId: client.unitId,
          action: 'system_client.token',
          outcome: 'allowed',
          details: { systemClientId: client.id, clientId: client.clientId },
        },
      ]);
    });
    res.status(200).json({ access_token: token, token_type: 'Bearer', expires_in: SYSTEM_TOKEN_SECONDS });
  }
}
