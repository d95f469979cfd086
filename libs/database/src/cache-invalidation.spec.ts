import { CacheInvalidation, parse } from './cache-invalidation';

describe('cache invalidation notices', () => {
  it('reads a session key, a user id, the system clients, or everything', () => {
    expect(parse('{"sid":"ab12"}')).toEqual({ sid: 'ab12' });
    expect(parse('{"userId":"0b6f9a1e-0000-4000-8000-000000000000"}')).toEqual({ userId: '0b6f9a1e-0000-4000-8000-000000000000' });
    expect(parse('{"all":true}')).toEqual({ all: true });
    expect(parse('{"systemClients":true}')).toEqual({ systemClients: true });
  });

  it('takes a notice it cannot read as "everything" (wrong is never stale)', () => {
    for (const payload of [undefined, '', 'not json', '{"sid":42}', '[]', 'null']) expect(parse(payload)).toEqual({ all: true });
  });

  it('caches nothing before its LISTEN connection is up', () => {
    const invalidation = new CacheInvalidation('postgres://nobody@127.0.0.1:1/none');
    const cache = invalidation.cache<string>('userId', 5000, 10);
    cache.store('u', 'v', cache.begin());
    expect(invalidation.live).toBe(false);
    expect(cache.active).toBe(false);
    expect(cache.get('u')).toBeUndefined();
  });
});
