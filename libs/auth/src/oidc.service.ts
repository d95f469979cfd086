import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Request } from 'express';
import * as client from 'openid-client';
import { Strategy, type AuthenticateOptions, type VerifyFunctionWithRequest } from 'openid-client/passport';
import { APP_CONFIG, HealthRegistry, type AppConfig } from '@brygga/common';
import { DirectoryService } from '@brygga/directory';
import { CitizenDirectory } from './citizen-directory';
import type { LoginMethod } from './session.types';

/** Claims of the Swedish OIDC profile (oidc.se) and of Inera's SITHS IdP. */
export const CLAIMS = {
  personnummer: 'https://id.oidc.se/claim/personalIdentityNumber',
  hsaId: 'employeeHsaId',
} as const;
export const SCOPES = ['openid', 'https://id.oidc.se/scope/naturalPersonNumber', 'https://id.oidc.se/scope/naturalPersonInfo', 'siths'];

export interface LoginResult {
  /** A staff user of the directory; or else: */
  userId?: string;
  /** A citizen of "Min hemgång" (a login asked for as medborgare). */
  citizenId?: string;
  authMethod: LoginMethod;
  acr: string;
}

export type LoginRefusal = 'unknown_identity' | 'acr_too_low' | 'no_identity_claim';

/**
 * The strategy openid-client ships for passport, plus what the Swedish profile asks of a
 * relying party: state and nonce (stored in the session next to the PKCE verifier and checked
 * at the callback), prompt=login, the levels of assurance Brygga accepts as acr_values (the IdP
 * then authenticates at one of them; the ID token's acr is still checked exactly), and the chosen
 * method as a login hint to the IdP.
 */
class SwedishProfileStrategy extends Strategy {
  constructor(
    options: ConstructorParameters<typeof Strategy>[0],
    verify: VerifyFunctionWithRequest,
    private readonly acrValues: readonly string[],
  ) {
    super(options, verify);
  }

  override authorizationRequestParams(req: Request, options: AuthenticateOptions): URLSearchParams {
    const params = super.authorizationRequestParams(req, options) as URLSearchParams;
    params.set('state', client.randomState());
    params.set('nonce', client.randomNonce());
    params.set('prompt', 'login');
    params.set('acr_values', this.acrValues.join(' '));
    return params;
  }
}

export const STRATEGY = 'brygga-oidc';

/** Discovery retries while the IdP cannot be reached at start: from 2 s, doubling, at most a minute apart. */
const RETRY_MS = { first: 2000, max: 60_000 };

@Injectable()
export class OidcService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Oidc');
  private configuration?: client.Configuration;
  private strategy?: SwedishProfileStrategy;
  private retry?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
    private readonly health: HealthRegistry,
    @Optional() private readonly citizens?: CitizenDirectory,
  ) {}

  get issuer(): string {
    if (!this.config.oidc.issuer) throw new Error('OIDC issuer is not configured');
    return this.config.oidc.issuer;
  }

  /**
   * Discovery at start, and again in the background until it succeeds: readiness (production) says
   * `oidc: discovery failed` meanwhile, since this node cannot log anyone in. Once discovered the
   * configuration is kept, so an IdP outage later does not take every node out of the balancer
   * (sessions already made keep working).
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.discover(RETRY_MS.first);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  private async discover(nextDelayMs: number): Promise<void> {
    if (!this.config.oidc.issuer) return this.health.set('oidc', 'no issuer configured');
    try {
      await this.ready();
      if (this.health.all.oidc) this.logger.log(`OIDC discovery of ${this.config.oidc.issuer} succeeded`);
      this.health.set('oidc', 'ok');
    } catch (error) {
      // One line when it begins, not one per retry.
      if (!this.health.all.oidc)
        this.logger.warn(`OIDC discovery of ${this.config.oidc.issuer} failed, retrying in the background: ${String(error)}`);
      this.health.set('oidc', 'discovery failed');
      this.retry = setTimeout(() => void this.discover(Math.min(nextDelayMs * 2, RETRY_MS.max)), nextDelayMs).unref();
    }
  }

  /** Discovery once; retried on the next login when the IdP was not reachable. */
  async ready(): Promise<SwedishProfileStrategy> {
    if (this.strategy) return this.strategy;
    const insecure = this.issuer.startsWith('http://') && this.config.nodeEnv !== 'production';
    this.configuration = await client.discovery(new URL(this.issuer), this.config.oidc.clientId, this.config.oidc.clientSecret, undefined, {
      execute: insecure ? [client.allowInsecureRequests] : [],
    });
    const verify: VerifyFunctionWithRequest = (req, tokens, done) => {
      const asCitizen = (req as Request).session?.loginAs === 'medborgare';
      (asCitizen ? this.verifyCitizen(tokens) : this.verify(tokens)).then(
        (result) => (typeof result === 'string' ? done(null, false, { reason: result }) : done(null, result)),
        (error: unknown) => done(error),
      );
    };
    this.strategy = new SwedishProfileStrategy(
      {
        config: this.configuration,
        scope: SCOPES.join(' '),
        callbackURL: `${this.config.publicUrl}/auth/callback`,
        passReqToCallback: true,
        sessionKey: 'oidc',
        name: STRATEGY,
      },
      verify,
      this.config.oidc.acceptedAcr,
    );
    this.logger.log(`Relying party of ${this.issuer}`);
    return this.strategy;
  }

  /** Identity → user: by personnummer (BankID) or HSA-id (SITHS), at the required level of assurance. */
  private async verify(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): Promise<LoginResult | LoginRefusal> {
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) return 'no_identity_claim';
    const acr = typeof claims.acr === 'string' ? claims.acr : '';
    if (!this.config.oidc.acceptedAcr.includes(acr)) return 'acr_too_low';
    const personnummer = typeof claims[CLAIMS.personnummer] === 'string' ? (claims[CLAIMS.personnummer] as string) : undefined;
    const hsaId = typeof claims[CLAIMS.hsaId] === 'string' ? (claims[CLAIMS.hsaId] as string) : undefined;
    if (!personnummer && !hsaId) return 'no_identity_claim';
    const user = await this.directory.findUserByIdentity(personnummer ? { personnummer } : { hsaId });
    if (!user) return 'unknown_identity';
    // The ID token (personnummer and name) is not kept: logout names the client instead of it.
    return { userId: user.id, authMethod: personnummer ? 'bankid' : 'siths', acr };
  }

  /**
   * A citizen (patient or närstående) of "Min hemgång": BankID only, at the required level of
   * assurance; never matched against the staff directory, so a citizen login never yields staff rights.
   */
  private async verifyCitizen(
    tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  ): Promise<LoginResult | LoginRefusal> {
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) return 'no_identity_claim';
    const acr = typeof claims.acr === 'string' ? claims.acr : '';
    if (!this.config.oidc.acceptedAcr.includes(acr)) return 'acr_too_low';
    const personnummer = claims[CLAIMS.personnummer];
    if (typeof personnummer !== 'string' || !this.citizens) return 'no_identity_claim';
    const text = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 100) : '');
    const citizenId = await this.citizens.signIn({
      personnummer,
      givenName: text(claims.given_name),
      familyName: text(claims.family_name),
    });
    return { citizenId, authMethod: 'bankid', acr };
  }

  /**
   * Where to send the browser to end the IdP session too, when the IdP offers end-session. The
   * client is named by client_id (RP-Initiated Logout 1.0), never by id_token_hint: the ID token
   * holds the personnummer and name, and this URL lands in browser history and proxy logs.
   */
  endSessionUrl(): string | undefined {
    if (!this.configuration?.serverMetadata().end_session_endpoint) return undefined;
    return client
      .buildEndSessionUrl(this.configuration, {
        client_id: this.config.oidc.clientId,
        post_logout_redirect_uri: `${this.config.publicUrl}/`,
      })
      .toString();
  }
}
