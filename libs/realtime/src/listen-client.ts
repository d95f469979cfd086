import { Logger } from '@nestjs/common';
import { Client, type Pool } from 'pg';
import { logBackgroundError } from '@brygga/common';

const logger = new Logger('Realtime');

/**
 * What the socket.io PostgreSQL adapter gets as its "pool": queries (NOTIFY) go to the pool, but
 * its LISTEN connection is a dedicated client of ours. The adapter takes that connection with
 * `pool.connect()` and never releases it, with no 'error' listener: a restart of PostgreSQL then
 * raised an unhandled 'error' (57P01) and took the process down, and leaked a pool slot each
 * time. Here the client's errors are handled (an outage is logged once), and its 'end' makes the
 * adapter reconnect by itself (after 1–3 s, again and again until PostgreSQL is back) and LISTEN
 * again. `onState` follows whether LISTEN is up, for /api/health.
 */
export function listenPool(pool: Pool, connectionString: string, onState: (listening: boolean) => void): Pool {
  let current: Client | undefined;
  const connect = async (): Promise<Client> => {
    // The adapter can ask again while an older client still lives: keep exactly one.
    retire(current);
    const client = new Client({ connectionString, application_name: 'brygga-socket-listen', connectionTimeoutMillis: 5000 });
    client.on('error', (error) => {
      onState(false);
      logBackgroundError(logger, 'Socket adapter LISTEN connection', error);
    });
    client.on('end', () => onState(false));
    inOrder(client);
    await client.connect();
    current = client;
    onState(true);
    return Object.assign(client, { release: () => retire(client) });
  };
  // The adapter uses nothing else of the pool (and the pool's own query() must keep its own connect()).
  return { query: pool.query.bind(pool), connect } as unknown as Pool;
}

/**
 * The adapter handles each NOTIFY in an async listener, and one whose event did not fit in a
 * NOTIFY (over 8,000 bytes, kept in its table) first awaits a SELECT: the next, small event was
 * handled meanwhile, and clients saw message 7 before 6. Handled one after another, events reach
 * the sockets in the order this connection received them, which is the order they were sent.
 */
function inOrder(client: Client): void {
  const on = client.on.bind(client) as (event: string, listener: (...args: unknown[]) => unknown) => Client;
  (client as unknown as { on: typeof on }).on = (event, listener) => {
    if (event !== 'notification') return on(event, listener);
    let previous: Promise<unknown> = Promise.resolve();
    return on(event, (notification: unknown) => {
      previous = previous.then(() => listener(notification)).catch(() => undefined);
    });
  };
}

function retire(client: Client | undefined): void {
  if (!client) return;
  client.removeAllListeners('end');
  client.removeAllListeners('notification');
  client.end().catch(() => undefined);
}
