/**
 * A short-lived cache of database reads that other nodes can invalidate (CacheInvalidation).
 * What it promises, so that a change "takes effect at once" still holds:
 *
 * - Nothing is served or stored while the channel that carries invalidations is down
 *   (`isLive` false): a notification missed then could leave a stale entry behind.
 * - A read that began before an invalidation never stores its result after it: the reader takes
 *   a token (`begin`) before it queries, and `store` refuses when any invalidation (or a clear)
 *   happened in between. One generation counter for the whole cache is enough: a read for
 *   another key that loses its store merely costs one more query later.
 * - An entry lives at most `ttlMs`, and never past the expiry its owner gives (a session's idle
 *   expiry).
 * - At most `maxEntries` entries: the oldest one makes room. `ttlMs` 0 turns the cache off.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly isLive: () => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token a read takes before it queries the database. */
  begin(): number {
    return this.generation;
  }

  get(key: string): V | undefined {
    if (!this.usable()) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps a value read with `token`, unless something was invalidated since; `expiresAt` (epoch ms) caps its life. */
  store(key: string, value: V, token: number, expiresAt = Infinity): void {
    if (!this.usable() || token !== this.generation) return;
    const until = Math.min(this.now() + this.ttlMs, expiresAt);
    if (until <= this.now()) return;
    // Re-inserted keys move to the end, so the Map's first key is always the oldest entry.
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until });
  }

  invalidate(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** Would it serve and store now? (false: turned off, or the invalidation channel is down) */
  get active(): boolean {
    return this.usable();
  }

  get size(): number {
    return this.entries.size;
  }

  private usable(): boolean {
    return this.ttlMs > 0 && this.isLive();
  }
}
