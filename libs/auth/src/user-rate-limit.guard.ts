import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig, type AuthenticatedRequest } from '@brygga/common';

/** One user's window: when it began, the requests counted in it and in the one just before, and until when the user is refused. */
interface UserWindow {
  startedAt: number;
  hits: number;
  /** Requests counted in the window that ended when this one began (0 when there was a gap). */
  previous: number;
  blockedUntil: number;
}

/** Every this many counted requests, windows that ended are dropped (no timer to stop). */
const SWEEP_EVERY = 10_000;

/**
 * Per-user counts over a sliding window of `windowMs`, estimated from two fixed windows: the
 * requests of the current window plus the previous window's in proportion to the part of the
 * sliding window that still lies in it (the sliding-window counter, as Cloudflare's rate limiting
 * and others count). Fixed windows alone let a user make `limit` requests at the end of one window
 * and `limit` more at the start of the next: twice the limit within seconds. The request that
 * passes `limit` blocks the user for `windowMs` from then (as Nest's throttler did); after a block
 * the count starts afresh. One map lookup and no allocation per request: Nest's in-memory
 * throttler kept a list of every hit's expiry per user and copied it on every request.
 */
export class UserRequestCounter {
  private readonly windows = new Map<string, UserWindow>();
  private counted = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request of this user; the seconds to wait when it is refused, else 0. */
  hit(userId: string): number {
    const now = this.now();
    if (++this.counted % SWEEP_EVERY === 0) this.sweep(now);
    let window = this.windows.get(userId);
    if (window && window.blockedUntil > now) return Math.ceil((window.blockedUntil - now) / 1000);
    if (!window || window.blockedUntil) {
      window = { startedAt: now, hits: 0, previous: 0, blockedUntil: 0 };
      this.windows.set(userId, window);
    } else if (window.startedAt + this.windowMs <= now) {
      const ended = Math.floor((now - window.startedAt) / this.windowMs);
      window.previous = ended === 1 ? window.hits : 0;
      window.startedAt += ended * this.windowMs;
      window.hits = 0;
    }
    const stillInSlidingWindow = 1 - (now - window.startedAt) / this.windowMs;
    if (Math.floor(window.previous * stillInSlidingWindow) + window.hits + 1 <= this.limit) {
      window.hits++;
      return 0;
    }
    window.blockedUntil = now + this.windowMs;
    return Math.ceil(this.windowMs / 1000);
  }

  /** Users being counted now (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [userId, window] of this.windows) {
      // Kept while its count still weighs on the next window.
      if (window.startedAt + 2 * this.windowMs <= now && window.blockedUntil <= now) this.windows.delete(userId);
    }
  }
}

/**
 * Authenticated REST per user (issue 28): API_RATE_LIMIT_PER_MINUTE requests a minute (600), then
 * 429 "För många förfrågningar…" with Retry-After (the error filter words Nest's ThrottlerException).
 * Runs after the access guard, which has resolved the user; public routes and sockets are not
 * counted here (the anonymous /auth routes have their own limit per address, Nest's throttler
 * on PostgreSQL).
 *
 * Counted in this node's memory, not in PostgreSQL like the anonymous limit: it runs on every
 * request, and a database write per request would cost every user; behind N nodes a user may
 * reach N times the limit, which still stops a script hammering the api.
 */
@Injectable()
export class UserRateLimitGuard implements CanActivate {
  private readonly counter: UserRequestCounter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.counter = new UserRequestCounter(config.apiRateLimitPerMinute, 60_000);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const user = req.actor ?? req.citizen;
    if (!user) return true;
    const wait = this.counter.hit(user.userId);
    if (wait === 0) return true;
    // Retry-After without the rate headers (they would tell every answer's budget).
    http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(wait));
    throw new ThrottlerException();
  }
}
