import type { DataSource } from 'typeorm';
import { InvalidatedCache } from '@brygga/database';
import { PgSessionStore, sessionKey, type CachedSession } from './pg-session.store';

/** A DataSource that records statements and answers a session read with the given expiry. */
function fakeDatabase(expiresInSeconds: number) {
  const statements: string[] = [];
  const dataSource = {
    query: (sql: string) => {
      statements.push(sql.trim().split(/\s+/)[0]);
      if (sql.startsWith('SELECT'))
        return Promise.resolve([{ data: { userId: 'u' }, expires_at: new Date(Date.now() + expiresInSeconds * 1000) }]);
      return Promise.resolve([[{ expires_at: new Date(Date.now() + 3600 * 1000) }], 1]);
    },
  } as unknown as DataSource;
  return { dataSource, statements };
}

const call = (f: (done: (err?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => f((err) => (err ? reject(err as Error) : resolve())));

describe('PgSessionStore.touch', () => {
  it('sends no statement for a session read in this request whose expiry would barely move', async () => {
    const { dataSource, statements } = fakeDatabase(3600);
    const store = new PgSessionStore(dataSource, 3600);
    await call((done) => store.get('sid', done));
    await call((done) => store.touch('sid', {} as never, done));
    await call((done) => store.touch('sid', {} as never, done));
    expect(statements).toEqual(['SELECT']);
  });

  it('extends a session in use once its expiry would move by more than the slack, and remembers the new expiry', async () => {
    const { dataSource, statements } = fakeDatabase(3600 - 120);
    const store = new PgSessionStore(dataSource, 3600);
    await call((done) => store.get('sid', done));
    await call((done) => store.touch('sid', {} as never, done));
    await call((done) => store.touch('sid', {} as never, done));
    expect(statements).toEqual(['SELECT', 'UPDATE']);
  });

  it('leaves the decision to PostgreSQL for a session this node has not read', async () => {
    const { dataSource, statements } = fakeDatabase(3600);
    const store = new PgSessionStore(dataSource, 3600);
    await call((done) => store.touch('other', {} as never, done));
    expect(statements).toEqual(['UPDATE']);
  });
});

describe('PgSessionStore with a cache', () => {
  const read = (store: PgSessionStore, sid: string) =>
    new Promise<unknown>((resolve, reject) => store.get(sid, (err, value) => (err ? reject(err as Error) : resolve(value))));

  const cachedStore = (live = true) => {
    const db = fakeDatabase(3600);
    const cache = new InvalidatedCache<CachedSession>(5000, 100, () => live);
    return { ...db, cache, store: new PgSessionStore(db.dataSource, 3600, cache) };
  };

  it('reads a session once within the time to live, and gives each request its own copy', async () => {
    const { store, statements } = cachedStore();
    const first = (await read(store, 'sid')) as { userId: string };
    first.userId = 'changed by a request';
    expect(await read(store, 'sid')).toEqual({ userId: 'u' });
    expect(statements).toEqual(['SELECT']);
  });

  it('reads again after the session was destroyed or saved on this node, or invalidated by its key', async () => {
    const { store, statements, cache } = cachedStore();
    await read(store, 'sid');
    await call((done) => store.destroy('sid', done));
    await read(store, 'sid');
    await call((done) => store.set('sid', { userId: 'u' } as never, done));
    await read(store, 'sid');
    cache.invalidate(sessionKey('sid')); // what another node's logout sends
    await read(store, 'sid');
    expect(statements).toEqual(['SELECT', 'DELETE', 'SELECT', 'INSERT', 'SELECT', 'SELECT']);
  });

  it('reads every time while the invalidation channel is down', async () => {
    const { store, statements } = cachedStore(false);
    await read(store, 'sid');
    await read(store, 'sid');
    expect(statements).toEqual(['SELECT', 'SELECT']);
  });
});
