import type { Socket } from 'socket.io';
import { Drain } from './drain';

type Middleware = (packet: unknown[], next: () => void) => void;

/** Just enough of a socket.io socket for Drain.guardSocket: its middleware and its disconnect. */
function fakeSocket(): { socket: Socket; send: (ack: (r: unknown) => void) => unknown[] | undefined } {
  let middleware: Middleware | undefined;
  const socket = {
    once: () => undefined,
    use: (fn: Middleware) => (middleware = fn),
  } as unknown as Socket;
  // Returns the packet when it went on to its handler (its ack wrapped), undefined when the drain answered it.
  const send = (ack: (r: unknown) => void) => {
    const packet: unknown[] = ['message:post', {}, ack];
    let passed = false;
    middleware!(packet, () => (passed = true));
    return passed ? packet : undefined;
  };
  return { socket, send };
}

describe('a stopping node', () => {
  it('tells sockets to move, serves them while they leave, and only then closes them', async () => {
    const drain = new Drain();
    const { socket, send } = fakeSocket();
    drain.guardSocket(socket);
    let connected = 2;
    let told = 0;
    let closedAt: number | undefined;
    drain.onStopping(() => {
      told += 1;
      return connected;
    });
    drain.onDrained(() => (closedAt = connected));

    const stopped = drain.stop(5000);
    expect(drain.stopping).toBe(true);
    expect(told).toBeGreaterThan(0);
    // A post sent before its client heard the notice is still served, not refused.
    const answers: unknown[] = [];
    const served = send((r) => answers.push(r));
    expect(served).toBeDefined();
    connected = 0; // both clients left for another node
    (served![2] as (r: unknown) => void)({ ok: true });
    expect(await stopped).toBe(true);
    expect(closedAt).toBe(0);
    // After the close, a packet that raced it is refused with 503, so the client retries elsewhere.
    expect(send((r) => answers.push(r))).toBeUndefined();
    expect(answers).toEqual([{ ok: true }, { ok: false, error: expect.objectContaining({ statusCode: 503 }) }]);
  });

  it('waits at most the leave window for sockets that stay, then closes them', async () => {
    const drain = new Drain();
    drain.onStopping(() => 1);
    let closed = false;
    drain.onDrained(() => (closed = true));
    const started = Date.now();
    expect(await drain.stop(300)).toBe(true);
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers new HTTP requests 503 with Retry-After and Connection: close from the first moment', () => {
    const drain = new Drain();
    void drain.stop(1000);
    const headers: Record<string, string> = {};
    const sent: { status?: number; body?: unknown } = {};
    const res = {
      headersSent: false,
      locals: {},
      setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = v),
      getHeader: () => undefined,
      status: (s: number) => ((sent.status = s), res),
      json: (body: unknown) => ((sent.body = body), res),
    };
    let passed = false;
    drain.httpMiddleware({} as never, res as never, () => (passed = true));
    expect(passed).toBe(false);
    expect(sent).toMatchObject({ status: 503, body: { error: 'unavailable' } });
    expect(headers).toMatchObject({ connection: 'close', 'retry-after': expect.any(String) });
  });
});
