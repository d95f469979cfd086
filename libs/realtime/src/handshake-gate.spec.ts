import { busyRefusal, HandshakeGate } from './handshake-gate';

describe('HandshakeGate', () => {
  it('runs a few at a time, queues a bounded number, and refuses the rest', async () => {
    const gate = new HandshakeGate();
    const releases: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const work = () =>
      new Promise<void>((resolve) => {
        running += 1;
        most = Math.max(most, running);
        releases.push(() => {
          running -= 1;
          resolve();
        });
      });
    const runs = Array.from({ length: 8 + 400 + 5 }, () => gate.run(work));
    expect(runs.filter((r) => r === undefined)).toHaveLength(5);
    await Promise.resolve();
    expect(running).toBe(8);
    while (releases.length) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(runs.map((r) => r!));
    expect(most).toBe(8);
    // Free again: a new handshake runs at once.
    expect(gate.run(async () => 'ok')).toBeDefined();
  });

  it('tells a refused client when to retry, in Swedish', () => {
    const refusal = busyRefusal() as Error & { data: { message: string; retryAfterMs: number } };
    expect(refusal.message).toBe('server_busy');
    expect(refusal.data.message).toMatch(/försöker igen/);
    expect(refusal.data.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(refusal.data.retryAfterMs).toBeLessThanOrEqual(5000);
  });

  it('spreads the retries of a storm over about the time the node takes to serve it', () => {
    const gate = new HandshakeGate();
    const retry = () => (gate.refusal() as Error & { data: { retryAfterMs: number } }).data.retryAfterMs;
    expect(retry()).toBeLessThanOrEqual(5000);
    // 3,000 refused within a second, none served yet: at 50 a second that is a minute's work.
    const retries = Array.from({ length: 3000 }, retry);
    expect(Math.max(...retries)).toBeGreaterThan(30_000);
    expect(Math.max(...retries)).toBeLessThanOrEqual(61_000);
    expect(Math.min(...retries)).toBeGreaterThanOrEqual(1000);
  });
});
