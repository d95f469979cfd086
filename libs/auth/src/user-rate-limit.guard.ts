import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerStorageService, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig, type AuthenticatedRequest } from '@brygga/common';

/**
 * Authenticated REST per user (issue 28): API_RATE_LIMIT_PER_MINUTE requests a minute (600), then
 * 429 "För många förfrågningar…" with Retry-After (the error filter words it). Runs after the
 * access guard, which has resolved the user; public routes and sockets are not counted here (the
 * anonymous /auth routes have their own limit per address).
 *
 * Counted in this node's memory, not in PostgreSQL like the anonymous limit: it runs on every
 * request, and a database write per request would cost every user; behind N nodes a user may
 * reach N times the limit, which still stops a script hammering the api.
 */
@Injectable()
export class UserRateLimitGuard extends ThrottlerGuard {
  // Both injections named: the base class's own parameter decorators (throttler options, storage) would otherwise apply.
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(Reflector) reflector: Reflector) {
    super(
      {
        throttlers: [{ ttl: 60_000, limit: config.apiRateLimitPerMinute }],
        getTracker: (req: Record<string, unknown>) =>
          ((req as unknown as AuthenticatedRequest).actor ?? (req as unknown as AuthenticatedRequest).citizen)!.userId,
        generateKey: (_context, tracker) => `user:${tracker}`,
        setHeaders: false,
      },
      new ThrottlerStorageService(),
      reflector,
    );
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return Promise.resolve(true);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return Promise.resolve(!req.actor && !req.citizen);
  }

  /** Retry-After even without the rate headers (setHeaders is off: they would tell every answer's budget). */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context
      .switchToHttp()
      .getResponse<{ header(name: string, value: string): void }>()
      .header('Retry-After', String(detail.timeToBlockExpire));
    return super.throwThrottlingException(context, detail);
  }
}
