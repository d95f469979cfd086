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

/** Whether the runner's transaction has sent nothing yet (so there is nothing to commit or roll back). */
export function beginPending(runner: QueryRunner): boolean {
  return pending.has(runner);
}

interface Wire {
  parse(config: { text: string; name: string }): void;
  bind(config: Record<string, never>): void;
  execute(config: Record<string, never>): void;
  on(event: 'parseComplete', listener: () => void): void;
  removeListener(event: 'parseComplete', listener: () => void): void;
  parsedStatements: Record<string, string>;
}

/** pg's Query with its (untyped) extended-protocol step. */
const PgQuery = Query as unknown as new (config: object) => { prepare(connection: Wire): void };

type Callback = (error: Error | undefined, results: QueryResult | QueryResult[]) => void;

/**
 * BEGIN as an unnamed statement (Parse, Bind, Execute) written in front of a named prepared
 * statement, before the one Sync: PostgreSQL runs both, then answers once. pg sees one query with
 * two results (BEGIN's and the statement's). If the statement fails, the transaction is open and
 * aborted, as after any failed statement: the caller rolls it back.
 */
class AfterBegin extends PgQuery {
  constructor(
    private readonly begin: string,
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
    connection.parse({ text: this.begin, name: '' });
    connection.bind({});
    connection.execute({});
    super.prepare(connection);
  }

  private finish(error: Error | undefined, results: QueryResult | QueryResult[]): void {
    this.connection?.removeListener('parseComplete', this.countParse);
    if (error && this.parsing && this.parsed < 2) delete this.connection?.parsedStatements[this.statement.name];
    this.done(error, Array.isArray(results) ? results[results.length - 1] : results);
  }
}

/** Runs `begin` and the named statement in one round trip on the client; the statement's result. */
export function queryAfterBegin(
  client: PoolClient,
  begin: string,
  statement: { name: string; text: string; values: unknown[] },
): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    const query = new AfterBegin(begin, statement, (error, result) => (error ? reject(error) : resolve(result as QueryResult)));
    void client.query(query as never);
  });
}
