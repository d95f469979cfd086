import { Query, type PoolClient, type QueryResult } from 'pg';
import type { QueryRunner } from 'typeorm';

/**
 * A transaction's BEGIN, not yet sent: it goes out in front of the transaction's first statement,
 * in the same write and answered in the same round trip (inTransaction, prepared). A transaction
 * that never sends a statement never sends BEGIN or COMMIT either.
 */
const pending = new WeakMap<QueryRunner, string>();

/** Marks the runner's transaction as begun; BEGIN (with the isolation level, if any) waits for the first statement. */
export function beginLazily(runner: QueryRunner, begin: string): void {
  pending.set(runner, begin);
}

/** The BEGIN still to send for this runner (and forgets it: the caller sends it now), or undefined. */
export function takeBegin(runner: QueryRunner | undefined): string | undefined {
  const begin = runner && pending.get(runner);
  if (begin) pending.delete(runner);
  return begin;
}

/** Per runner: the named statement that carries the transaction's COMMIT when it is sent (commitWith). */
const carriers = new WeakMap<QueryRunner, string>();
/** Runners whose transaction a statement has committed: anything sent on them after that is refused. */
const committed = new WeakSet<QueryRunner>();

/**
 * The named statement `name`, when sent next in this transaction, goes out with COMMIT behind it
 * in the same write: for a statement the caller knows to be the transaction's last (one round trip
 * fewer). If it fails, COMMIT is not run (PostgreSQL skips to the Sync) and the transaction rolls
 * back as usual. A statement that is not sent leaves the ordinary COMMIT; any statement on the
 * transaction after the carrier throws, since it would run outside it.
 */
export function commitWith(runner: QueryRunner | undefined, name: string): void {
  if (runner?.isTransactionActive) carriers.set(runner, name);
}

/** Whether the named statement is to carry the runner's COMMIT (and forgets it). */
export function takeCommit(runner: QueryRunner | undefined, name: string): boolean {
  if (!runner || carriers.get(runner) !== name) return false;
  carriers.delete(runner);
  return true;
}

/** The transaction was committed by the statement that carried COMMIT. */
export function markCommitted(runner: QueryRunner): void {
  committed.add(runner);
}

/** Whether a statement already committed the runner's transaction (then inTransaction sends no COMMIT). */
export function committedByStatement(runner: QueryRunner): boolean {
  return committed.has(runner);
}

/** Throws if the runner's transaction is already committed: a statement now would run outside it. */
export function assertOpen(runner: QueryRunner | undefined): void {
  if (runner && committed.has(runner)) throw new Error('The transaction was committed with its last statement: nothing more can run in it');
}

/** Whether the runner's transaction has sent nothing yet (so there is nothing to commit or roll back). */
export function beginPending(runner: QueryRunner): boolean {
  return pending.has(runner);
}

interface Wire {
  parse(config: { text: string; name: string }): void;
  bind(config: Record<string, never>): void;
  execute(config: Record<string, never>): void;
  sync(): void;
  on(event: 'parseComplete', listener: () => void): void;
  removeListener(event: 'parseComplete', listener: () => void): void;
  parsedStatements: Record<string, string>;
}

/** pg's Query with its (untyped) extended-protocol step. */
const PgQuery = Query as unknown as new (config: object) => { prepare(connection: Wire): void };

type Callback = (error: Error | undefined, results: QueryResult | QueryResult[]) => void;

/**
 * BEGIN and/or COMMIT as unnamed statements (Parse, Bind, Execute) written in front of and behind
 * a named prepared statement, before the one Sync: PostgreSQL runs them in order, then answers
 * once. pg sees one query with a result each. If the statement fails, PostgreSQL skips the rest up
 * to the Sync (so no COMMIT), and the transaction is open and aborted, as after any failed
 * statement: the caller rolls it back.
 */
class Framed extends PgQuery {
  constructor(
    private readonly begin: string | undefined,
    private readonly commit: boolean,
    private readonly statement: { name: string; text: string; values: unknown[] },
    private readonly done: Callback,
  ) {
    super({ ...statement, callback: (error: Error | undefined, results: QueryResult | QueryResult[]) => this.finish(error, results) });
  }

  private connection?: Wire;
  private parsing = false;
  private parsed = 0;
  private readonly countParse = () => void this.parsed++;

  override prepare(connection: Wire): void {
    this.connection = connection;
    // pg marks the statement prepared at the first ParseComplete, BEGIN's: count them to know whether the statement's own came.
    this.parsing = connection.parsedStatements[this.statement.name] === undefined;
    connection.on('parseComplete', this.countParse);
    if (this.begin) this.unnamed(connection, this.begin);
    if (!this.commit) return super.prepare(connection);
    // pg's step ends with the Sync: COMMIT goes in front of it, only if the statement's Execute was
    // written (a value pg could not bind ends the step with Close and Sync instead: no COMMIT then).
    const { execute, sync } = connection;
    let executed = false;
    connection.execute = (config) => {
      executed = true;
      execute.call(connection, config);
    };
    connection.sync = () => {
      if (executed) this.unnamed(connection, 'COMMIT');
      sync.call(connection);
    };
    try {
      super.prepare(connection);
    } finally {
      connection.execute = execute;
      connection.sync = sync;
    }
  }

  private unnamed(connection: Wire, text: string): void {
    connection.parse({ text, name: '' });
    connection.bind({});
    connection.execute({});
  }

  private finish(error: Error | undefined, results: QueryResult | QueryResult[]): void {
    this.connection?.removeListener('parseComplete', this.countParse);
    // The statement's Parse comes after BEGIN's (if any): without its own ParseComplete it is not prepared.
    if (error && this.parsing && this.parsed < (this.begin ? 2 : 1)) delete this.connection?.parsedStatements[this.statement.name];
    this.done(error, Array.isArray(results) ? results[this.begin ? 1 : 0] : results);
  }
}

/** Runs `begin` (if any), the named statement and COMMIT (with `commit`) in one round trip on the client; the statement's result. */
export function queryFramed(
  client: PoolClient,
  begin: string | undefined,
  commit: boolean,
  statement: { name: string; text: string; values: unknown[] },
): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    const query = new Framed(begin, commit, statement, (error, result) => (error ? reject(error) : resolve(result as QueryResult)));
    void client.query(query as never);
  });
}
