import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_METADATA, DomainError, forbidden, hasRole, type AccessRule, type AuthenticatedRequest } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { ActorResolver } from './actor-resolver';

/**
 * Global guard: deny by default. A route without @Authenticated or @Public is refused, a route
 * with roles needs one of them, and a refused role is written to the access log.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: ActorResolver,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!rule) throw forbidden();
    if (rule.public) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = req.actor ?? (await this.resolver.resolve(req));
    if (!actor) throw new DomainError('unauthenticated', 'Du är inte inloggad.');
    req.actor = actor;
    if (rule.roles && !hasRole(actor, rule.roles)) {
      await this.audit.recordNow([
        { actor, action: 'route.denied', outcome: 'denied', details: { route: `${req.method} ${req.route?.path ?? ''}` } },
      ]);
      throw forbidden();
    }
    return true;
  }
}
