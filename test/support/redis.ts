import { createConnection } from 'node:net';

/**
 * The Redis the adapter tests run against. CI has one at 127.0.0.1:6379 (.ci/run says so);
 * REDIS_URL points the tests at another.
 */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Fails, never skips, when no Redis answers: a green run has run the Redis adapter, the path
 * production deployments take.
 */
export async function requireRedis(url = REDIS_URL): Promise<void> {
  if (!(await redisReachable(url)))
    throw new Error(`No Redis answers at ${url}: the Redis adapter tests need one (e.g. apt-get install redis-server, or set REDIS_URL).`);
}

function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}
