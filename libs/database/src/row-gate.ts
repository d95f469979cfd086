/**
 * Bounds how many of this node's transactions wait for one row's lock at a time (issue 30). Writes
 * to one thread queue on its row lock anyway; without a gate, a lock held by someone else (a stuck
 * transaction, an operator in psql) let every post to that thread take a pool connection just to
 * wait, until the pool was full and the whole node answered 503. With it, at most `perKey` of them
 * hold a connection; the rest wait here, in memory, in order. When one inside gives up on the lock
 * (lock_timeout: the row is held by someone else), everyone waiting is refused at once as a lock
 * wait (SQLSTATE 55P03: a 503 with Retry-After, logged once); a queue that moves (a burst of posts
 * to one thread) is not, up to `maxWaitMs` (the statement timeout: a last bound).
 */
export class RowGate {
  private readonly keys = new Map<string, { inside: number; waiting: { admit: () => void; refuse: () => void }[] }>();

  constructor(
    private readonly perKey: number,
    private readonly maxWaitMs: number,
  ) {}

  /** Someone is inside or waiting for this key (a batch of posts leaves such a thread to the gate: libs/threads). */
  busy(key: string): boolean {
    return this.keys.has(key);
  }

  /**
   * Resolves with `leave` once inside; rejects with a lock-wait error after maxWaitMs. Leaving with
   * `lockTimedOut` (the row is still held by someone else) refuses everyone waiting at once: they
   * would only wait out the same lock again.
   */
  enter(key: string): Promise<(lockTimedOut?: boolean) => void> {
    let entry = this.keys.get(key);
    if (!entry) this.keys.set(key, (entry = { inside: 0, waiting: [] }));
    const gate = entry;
    const leave = (): ((lockTimedOut?: boolean) => void) => {
      gate.inside += 1;
      let left = false;
      return (lockTimedOut = false) => {
        if (left) return;
        left = true;
        gate.inside -= 1;
        if (lockTimedOut) gate.waiting.splice(0).forEach((w) => w.refuse());
        const next = gate.waiting.shift();
        if (next) next.admit();
        else if (gate.inside === 0) this.keys.delete(key);
      };
    };
    if (gate.inside < this.perKey) return Promise.resolve(leave());
    return new Promise((resolve, reject) => {
      const waiter = {
        admit: () => {
          clearTimeout(timer);
          resolve(leave());
        },
        refuse: () => {
          clearTimeout(timer);
          reject(lockWait());
        },
      };
      const timer = setTimeout(() => {
        gate.waiting.splice(gate.waiting.indexOf(waiter), 1);
        reject(lockWait());
      }, this.maxWaitMs);
      gate.waiting.push(waiter);
    });
  }
}

function lockWait(): Error {
  return Object.assign(new Error('waited too long for a row that other requests of this node wait for'), { code: '55P03' });
}
