import type { DataSource } from 'typeorm';
import { PgSessionStore } from './pg-session.store';

/** A DataSource that records statements and answers a session read with the given expiry. */
function fakeDatabase(expiresInSeconds: number) {
  const statements: string[] = [];
  const dataSource = {
    query: (sql: string) => {
      statements.push(sql.trim().split(/\s+/)[0]);
      if (sql.startsWith('SELECT')) return Promise.resolve([{ data: { userId: 'u' }, expires_at: new Date(Date.now() + expiresInSeconds * 1000) }]);
      return Promise.resolve([[{ expires_at: new Date(Date.now() + 3600 * 1000) }], 1]);
    },
  } as unknown as DataSource;
  return { dataSource, statements };
}

const call = (f: (done: (err?: unknown) => void) => void) => new Promise<void>((resolve, reject) => f((err) => (err ? reject(err as Error) : resolve())));

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
