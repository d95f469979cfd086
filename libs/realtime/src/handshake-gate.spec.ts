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
});
