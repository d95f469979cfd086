import { createServer } from 'node:net';

/**
 * Ports for what a test starts (api nodes, processes, stubs). Each Jest worker takes its ports
 * from a range of its own, below the kernel's ephemeral range (32768+, where port-0 listeners and
 * outgoing connections land): two workers never race for one port, and a port handed out stays
 * unused by anything else until its test binds it. Within a range, ports are handed out in turn
 * from a random start, so a file does not reuse the port a previous file on that worker just closed.
 */
const FIRST = 20_000;
const PER_WORKER = 1_500;
const worker = Math.max(1, Number(process.env.JEST_WORKER_ID ?? 1));
const base = FIRST + ((worker - 1) % 8) * PER_WORKER;
let next = Math.floor(Math.random() * PER_WORKER);

/** A port on 127.0.0.1 that is free now and that no other worker of this run will hand out. */
export async function freePort(): Promise<number> {
  for (let tried = 0; tried < PER_WORKER; tried++) {
    const port = base + (next++ % PER_WORKER);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${base}-${base + PER_WORKER - 1} (worker ${worker})`);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
