import { Controller, Get, HttpCode, Inject, Optional, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { Passport } from 'passport';
import {
  APP_CONFIG,
  Authenticated,
  clientAddress,
  CurrentActor,
  Public,
  ROLE_CAPABILITIES,
  type Actor,
  type AppConfig,
  type AuthenticatedRequest,
  Telemetry,
} from '@brygga/common';
import { AuditDenials, AuditService } from '@brygga/audit';
import { DirectoryService } from '@brygga/directory';
import { CitizenDirectory } from './citizen-directory';
import { LoginRefusal, LoginResult, OidcService, STRATEGY } from './oidc.service';
import { PAGES } from './pages';
import { SessionService } from './session.service';
import { ApiOkResponse } from '@nestjs/swagger';
import { LoginQueryDto } from './login-query.dto';
import { LogoutDto, MeDto } from './me.dto';

const regenerate = (req: Request): Promise<void> => new Promise((ok, fail) => req.session.regenerate((e) => (e ? fail(e) : ok())));
const save = (req: Request): Promise<void> => new Promise((ok, fail) => req.session.save((e) => (e ? fail(e) : ok())));
const destroy = (req: Request): Promise<void> => new Promise((ok, fail) => req.session.destroy((e) => (e ? fail(e) : ok())));

@Controller()
export class AuthController {
  private readonly passport = new Passport();

  constructor(
    private readonly oidc: OidcService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly denials: AuditDenials,
    private readonly directory: DirectoryService,
    private readonly telemetry: Telemetry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly citizens?: CitizenDirectory,
  ) {}

  /** Starts the Authorization Code flow with PKCE, state and nonce; the choice of method goes to the IdP as a login hint. */
  @Get('auth/login')
  @Public()
  @UseGuards(ThrottlerGuard)
  async login(@Query() query: LoginQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!(await this.strategyReady())) {
      res.status(503).type('html').send(PAGES.unavailable());
      return;
    }
    req.session.returnTo = query.returnTo;
    // A citizen's login is BankID and is matched against citizens only (see OidcService.verifyCitizen).
    if (query.som === 'medborgare') req.session.loginAs = 'medborgare';
    else delete req.session.loginAs;
    await new Promise<void>((resolve, reject) => {
      res.once('finish', () => resolve());
      this.passport.authenticate(STRATEGY, { session: false, loginHint: query.idp } as object)(req, res, (error?: unknown) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
      );
    });
  }

  @Get('auth/callback')
  @Public()
  @UseGuards(ThrottlerGuard)
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!(await this.strategyReady())) {
      res.status(503).type('html').send(PAGES.unavailable());
      return;
    }
    const outcome = await new Promise<{ error?: unknown; result?: LoginResult; refusal?: LoginRefusal | 'state' }>((resolve) => {
      this.passport.authenticate(
        STRATEGY,
        { session: false },
        (error: unknown, user: LoginResult | false, info?: { reason?: LoginRefusal }) =>
          resolve(error ? { error } : user ? { result: user } : { refusal: info?.reason ?? 'state' }),
      )(req, res, (error?: unknown) => resolve({ error }));
    });
    const address = clientAddress(req, this.config.trustProxy);
    if (!outcome.result) {
      const reason = outcome.refusal ?? this.errorCode(outcome.error);
      this.telemetry.add('auth.logins', 1, reason);
      // Repeats from one address with one reason are counted, not written one row each.
      await this.denials.record({ actor: null, clientAddress: address, action: 'auth.login', outcome: 'denied', details: { reason } });
      const status = reason === 'unknown_identity' || reason === 'acr_too_low' ? 403 : 400;
      const html = reason === 'unknown_identity' ? PAGES.noAccess() : reason === 'acr_too_low' ? PAGES.assuranceTooLow() : PAGES.failed();
      res.status(status).type('html').send(html);
      return;
    }
    const { userId, citizenId, authMethod, acr } = outcome.result;
    const returnTo = req.session.returnTo;
    if (citizenId) {
      await this.citizenLoggedIn(req, res, citizenId, acr, address, returnTo);
      return;
    }
    // A fresh session id at login: a session id planted before login is worth nothing after it.
    await regenerate(req);
    Object.assign(req.session, {
      userId,
      authMethod,
      acr,
      loggedInAt: Date.now(),
      csrfToken: randomBytes(32).toString('base64url'),
    });
    await save(req);
    const actor = await this.directory.loadActor(userId!, address, authMethod);
    await this.audit.recordNow([
      { actor: actor ?? null, clientAddress: address, action: 'auth.login', outcome: 'allowed', details: { method: authMethod, acr } },
    ]);
    this.telemetry.add('auth.logins', 1, 'success');
    res.redirect(303, returnTo ?? '/');
  }

  /** A citizen's session: citizenId, never userId, so that no staff route accepts it. */
  private async citizenLoggedIn(req: Request, res: Response, citizenId: string, acr: string, address: string | null, returnTo?: string) {
    await regenerate(req);
    Object.assign(req.session, {
      citizenId,
      authMethod: 'bankid',
      acr,
      loggedInAt: Date.now(),
      csrfToken: randomBytes(32).toString('base64url'),
    });
    await save(req);
    const actor = await this.citizens?.actor(citizenId, address);
    await this.audit.recordNow([
      {
        actor: actor ?? null,
        clientAddress: address,
        action: 'auth.login',
        outcome: 'allowed',
        details: { method: 'bankid', acr, as: 'medborgare' },
      },
    ]);
    this.telemetry.add('auth.logins', 1, 'success');
    res.redirect(303, returnTo ?? '/min-hemgang');
  }

  /** Ends this session on every node (it lives in the database) and, where offered, at the IdP. */
  @Post('auth/logout')
  @ApiOkResponse({ type: LogoutDto, description: "JSON when asked for; otherwise a 303 to the IdP's end-session page." })
  @Authenticated()
  @HttpCode(200)
  async logout(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const sid = req.sessionID;
    await destroy(req);
    this.sessions.ended$.next(sid);
    await this.audit.recordNow([{ actor, action: 'auth.logout', outcome: 'allowed' }]);
    this.loggedOut(req, res, 1);
  }

  /**
   * "Logga ut överallt": ends every session of the user (other browsers and devices too, and their
   * sockets on every node), then this one at the IdP like a logout.
   */
  @Post('auth/logout/everywhere')
  @ApiOkResponse({ type: LogoutDto, description: "JSON when asked for; otherwise a 303 to the IdP's end-session page." })
  @Authenticated()
  @HttpCode(200)
  async logoutEverywhere(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ended = await this.sessions.destroyAllFor(actor.userId);
    await destroy(req).catch(() => undefined); // gone with the others already
    for (const sid of new Set([...ended, req.sessionID])) this.sessions.ended$.next(sid);
    await this.audit.recordNow([
      { actor, action: 'auth.logout', outcome: 'allowed', details: { everywhere: true, sessions: ended.length } },
    ]);
    this.loggedOut(req, res, ended.length);
  }

  private loggedOut(req: Request, res: Response, sessions: number): void {
    const endSessionUrl = this.oidc.endSessionUrl();
    res.clearCookie(this.sessions.cookieName, { path: '/' });
    if (req.accepts(['json', 'html']) === 'html') res.redirect(303, endSessionUrl ?? '/');
    else res.json({ loggedOut: true, sessions, endSessionUrl: endSessionUrl ?? null });
  }

  @Get('api/me')
  @ApiOkResponse({ type: MeDto })
  @Authenticated()
  me(@CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    const session = req.session;
    return {
      user: { id: actor.userId, name: actor.displayName },
      // Each unit with what the role there allows (the one table), so the client offers only that.
      units: actor.memberships.map((m) => ({ ...m, capabilities: ROLE_CAPABILITIES[m.role] ?? [] })),
      authMethod: actor.authMethod,
      acr: session.acr,
      csrfToken: session.csrfToken,
      session: {
        idleTimeoutSeconds: this.sessions.idleSeconds,
        absoluteExpiresAt: session.loggedInAt ? new Date(session.loggedInAt + this.absoluteMs()).toISOString() : null,
      },
    };
  }

  private absoluteMs(): number {
    return this.sessions.absoluteSeconds * 1000;
  }

  private async strategyReady(): Promise<boolean> {
    try {
      this.passport.use(STRATEGY, (await this.oidc.ready()) as never);
      return true;
    } catch {
      return false;
    }
  }

  /** A short, non-personal reason for the log: the library's error code, never token contents. */
  private errorCode(error: unknown): string {
    const code = (error as { code?: unknown; error?: unknown })?.code ?? (error as { error?: unknown })?.error;
    return typeof code === 'string' ? code.slice(0, 60) : 'oidc_error';
  }
}
