import type { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { Drain } from '@brygga/common';

export interface StopOptions {
  graceMs: number;
  logger: Logger;
  /** After the app: the development IdP, then the embedded PostgreSQL (last: everything above uses it). */
  after: () => Promise<void>;
}

/** Beyond the grace period, closing the pools and the database may take this long before we give up. */
const CLOSE_BUDGET_MS = 20_000;

/**
 * SIGTERM/SIGINT stop that finishes, under load too:
 * 1. stop accepting connections, close idle keep-alive ones; new requests on busy ones get 503
 *    with `Connection: close` (Drain), which the balancer retries on another node; sockets are told
 *    to reconnect elsewhere (`server:stopping`) and are served until they left (at most 2 s);
 * 2. wait for requests and socket actions in flight, at most `graceMs` in all; live pushes go on
 *    meanwhile, so nothing is acknowledged after this node stopped pushing;
 * 3. close the sockets still open and every remaining HTTP connection (Node's server.close()
 *    alone keeps serving busy keep-alive connections);
 * 4. close the app: the sealer seals what was written, the pools close; then the IdP and the
 *    embedded PostgreSQL; exit 0.
 * A database that went away first (Ctrl-C signals the embedded server too) is one log line.
 */
export function stopOnSignals(app: INestApplication, options: StopOptions): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    const { logger, graceMs } = options;
    // Whatever hangs, the process ends: a stop that never finishes is what we are here to prevent.
    setTimeout(() => {
      logger.error(`Stop did not finish in ${graceMs + CLOSE_BUDGET_MS} ms: exiting`);
      process.exit(1);
    }, graceMs + CLOSE_BUDGET_MS).unref();
    const drain = app.get(Drain);
    logger.log(`${signal}: stopping; ${drain.inFlight} request(s) in flight may take up to ${graceMs} ms`);
    const server = app.getHttpServer() as Server;
    server.close();
    server.closeIdleConnections();
    await drain.stop(graceMs);
    server.closeAllConnections();
    await step(logger, 'Closing the api', () => app.close());
    await step(logger, 'Stopping the database', options.after);
    logger.log(`Stopped in ${Date.now() - started} ms`);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (s: NodeJS.Signals) => void stop(s));
}

async function step(logger: Logger, what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.warn(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
