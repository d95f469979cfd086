import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { ACCESS_METADATA, DomainError, forbidden, hasCapability, type AccessRule, type AuthenticatedRequest } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { ActorResolver } from './actor-resolver';
import { CitizenDirectory } from './citizen-directory';
import { SessionService } from './session.service';
import { SystemActorResolver } from './system-clients';
import './session.types';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

function sameToken(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Global guard: deny by default. A route without @Authenticated or @Public is refused; a logged-in
 * session is needed otherwise; a state-changing request must carry the session's CSRF token
 * (header, or `_csrf` in a form); a route with a capability needs a role that grants it, and a
 * refusal is logged. Thread routes are checked per thread by ThreadAccessService.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: ActorResolver,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly systems: SystemActorResolver,
    @Optional() private readonly citizens?: CitizenDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!rule) throw forbidden();
    if (rule.public) return true;
    // Sockets are authenticated at the handshake (session cookie, allowed Origin); the gateway
    // reloads the user for every action and applies the same access rule as REST.
    if (context.getType() === 'ws') return Boolean((context.switchToWs().getClient<{ data?: { userId?: string } }>().data ?? {}).userId);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // A system's access token counts only on routes for systems, and replaces the session there.
    // (FHIR's body reader resolves it first, so that nothing is read for an unknown caller.)
    if (rule.citizen) return this.citizenRoute(req);
    // A citizen's session (Min hemgång) never reaches a staff route, whatever it asks for.
    if (req.session?.citizenId && !req.session.userId) return this.citizenOnStaffRoute(req);
    const bearer = rule.system && req.header('authorization') !== undefined;
    if (bearer && !req.actor) {
      req.actor = await this.systems.resolve(req);
      if (!req.actor) throw new DomainError('unauthenticated', 'Ogiltig eller utgången åtkomsttoken.');
    }
    const actor = req.actor ?? (await this.resolver.resolve(req));
    if (!actor) {
      throw new DomainError(
        'unauthenticated',
        this.sessions.hasSessionCookie(req) ? 'Sessionen har gått ut eller avslutats. Logga in igen.' : 'Du är inte inloggad.',
      );
    }
    req.actor = actor;
    // A bearer token is never sent by a browser on its own: no cross-site forgery to guard against.
    if (!SAFE_METHODS.has(req.method) && !bearer) this.checkCsrf(req);
    if (rule.capability && !hasCapability(actor, rule.capability)) {
      await this.audit.recordNow([
        {
          actor,
          action: 'route.denied',
          outcome: 'denied',
          details: { route: routeOf(req), capability: rule.capability },
        },
      ]);
      throw forbidden();
    }
    return true;
  }

  private checkCsrf(req: AuthenticatedRequest): void {
    const form = req.body as { _csrf?: unknown } | undefined;
    const given = req.header(CSRF_HEADER) ?? form?._csrf;
    if (!sameToken(given, req.session?.csrfToken)) throw forbidden('Ogiltig eller saknad CSRF-token. Ladda om sidan och försök igen.');
    // The form field has served its purpose: remove it before the whitelisting validation pipe sees it.
    if (form && typeof form === 'object' && '_csrf' in form) delete form._csrf;
  }

  /** A citizen route: a citizen's session only; staff are refused (and logged), like citizens on staff routes. */
  private async citizenRoute(req: AuthenticatedRequest): Promise<boolean> {
    if (req.session?.userId) {
      const actor = await this.resolver.resolve(req);
      if (actor) {
        await this.audit.recordNow([
          { actor, action: 'route.denied', outcome: 'denied', details: { route: routeOf(req), citizenRoute: true } },
        ]);
        throw forbidden('Sidan är för patienter och närstående. Logga in med BankID via Min hemgång.');
      }
    }
    const citizen = req.session?.citizenId ? await this.citizens?.resolve(req) : undefined;
    if (!citizen) {
      throw new DomainError(
        'unauthenticated',
        this.sessions.hasSessionCookie(req) ? 'Sessionen har gått ut eller avslutats. Logga in igen.' : 'Du är inte inloggad.',
      );
    }
    req.citizen = citizen;
    if (!SAFE_METHODS.has(req.method)) this.checkCsrf(req);
    return true;
  }

  private async citizenOnStaffRoute(req: AuthenticatedRequest): Promise<boolean> {
    const citizen = await this.citizens?.resolve(req);
    if (!citizen) throw new DomainError('unauthenticated', 'Sessionen har gått ut eller avslutats. Logga in igen.');
    await this.audit.recordNow([
      { actor: citizen, action: 'route.denied', outcome: 'denied', details: { route: routeOf(req), citizen: true } },
    ]);
    throw forbidden('Den här delen av Brygga är för personal. Som patient eller närstående använder du Min hemgång.');
  }
}

const routeOf = (req: AuthenticatedRequest): string => `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? ''}`;
