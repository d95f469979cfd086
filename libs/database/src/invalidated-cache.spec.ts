import { InvalidatedCache } from './invalidated-cache';

/** A cache on a clock of the test's own, with a switch for the invalidation channel. */
function cacheOf(ttlMs = 5000, maxEntries = 100) {
  const state = { live: true, now: 1_000_000 };
  const cache = new InvalidatedCache<string>(
    ttlMs,
    maxEntries,
    () => state.live,
    () => state.now,
  );
  return { cache, state };
}

describe('InvalidatedCache', () => {
  it('serves a stored value within its time to live, and not after it', () => {
    const { cache, state } = cacheOf();
    cache.store('u', 'v', cache.begin());
    expect(cache.get('u')).toBe('v');
    state.now += 4999;
    expect(cache.get('u')).toBe('v');
    state.now += 1;
    expect(cache.get('u')).toBeUndefined();
  });

  it('never serves past the expiry the owner gives (a session idle-expiring sooner than the time to live)', () => {
    const { cache, state } = cacheOf();
    cache.store('s', 'v', cache.begin(), state.now + 1000);
    state.now += 1000;
    expect(cache.get('s')).toBeUndefined();
    cache.store('gone', 'v', cache.begin(), state.now - 1);
    expect(cache.size).toBe(0);
  });

  it('does not store what a read began before an invalidation (of any key) found', () => {
    const { cache } = cacheOf();
    const before = cache.begin();
    cache.invalidate('u'); // e.g. the membership was removed while the read ran
    cache.store('u', 'stale', before);
    expect(cache.get('u')).toBeUndefined();
    const otherKey = cache.begin();
    cache.invalidate('someone-else');
    cache.store('u', 'maybe-stale', otherKey);
    expect(cache.get('u')).toBeUndefined();
    // A read that began after the invalidation stores.
    cache.store('u', 'fresh', cache.begin());
    expect(cache.get('u')).toBe('fresh');
  });

  it('does not store what a read began before a clear found, and a clear drops everything', () => {
    const { cache } = cacheOf();
    cache.store('a', '1', cache.begin());
    const before = cache.begin();
    cache.clear();
    cache.store('b', '2', before);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
  });

  it('invalidates one key and keeps the others', () => {
    const { cache } = cacheOf();
    cache.store('a', '1', cache.begin());
    cache.store('b', '2', cache.begin());
    cache.invalidate('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('2');
  });

  it('neither serves nor stores while the invalidation channel is down, and is empty when it comes back (the owner clears)', () => {
    const { cache, state } = cacheOf();
    cache.store('a', '1', cache.begin());
    state.live = false;
    expect(cache.active).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    cache.store('b', '2', cache.begin());
    expect(cache.size).toBe(1); // only 'a', from before; never served while down
    state.live = true;
    cache.clear(); // what CacheInvalidation does on (re)connect
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
  });

  it('is off with a time to live of 0', () => {
    const { cache } = cacheOf(0);
    cache.store('a', '1', cache.begin());
    expect(cache.active).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const { cache } = cacheOf(5000, 3);
    for (const key of ['a', 'b', 'c']) cache.store(key, key, cache.begin());
    cache.store('a', 'a2', cache.begin()); // stored again: now the newest
    cache.store('d', 'd', cache.begin());
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => cache.get(k))).toEqual(['a2', 'c', 'd']);
  });
});
