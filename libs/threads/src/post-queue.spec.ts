import { PostQueue, type QueuedPost } from './post-queue';

/** Runners that record what ran how, and finish only when the test says so. */
function harness(busy = new Set<string>(), limits = { lanes: 2, batch: 3, queue: 100, stallMs: 60_000 }) {
  const runs: string[][] = [];
  const pending: (() => void)[] = [];
  const queue = new PostQueue<string, string>(
    {
      alone: (post) => {
        runs.push([post]);
        return new Promise((resolve) => pending.push(() => resolve(post)));
      },
      together: (batch: QueuedPost<string, string>[]) => {
        runs.push(batch.map((q) => q.post));
        return new Promise((resolve) =>
          pending.push(() => {
            batch.forEach((q) => q.resolve(q.post));
            resolve();
          }),
        );
      },
      mayBatch: (threadId) => !busy.has(threadId),
    },
    limits,
  );
  const finishNext = async () => {
    pending.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { queue, runs, finishNext };
}

describe('PostQueue', () => {
  it('runs alone while a lane is free, then the waiting posts together, one per thread, in arrival order', async () => {
    const { queue, runs, finishNext } = harness();
    const answers = ['a1', 'b1', 'c1', 'a2', 'd1', 'c2', 'e1'].map((p) => queue.submit(p[0], p));
    expect(runs).toEqual([['a1'], ['b1']]);
    expect(queue.waiting).toBe(5);
    await finishNext(); // a1 done: c1, d1, e1 go together (batch of 3); a2 and c2 wait for their threads
    expect(runs[2]).toEqual(['c1', 'a2', 'd1']);
    await finishNext(); // b1 done: c2's thread is in the batch in flight, so e1 goes (alone: a batch of one)
    expect(runs[3]).toEqual(['e1']);
    await finishNext(); // the batch done: c2 may go
    expect(runs[4]).toEqual(['c2']);
    await finishNext();
    await finishNext();
    expect(await Promise.all(answers)).toEqual(['a1', 'b1', 'c1', 'a2', 'd1', 'c2', 'e1']);
  });

  it('sends a post alone whose thread is busy in its row gate, and one beyond the queue limit at once', async () => {
    const { queue, runs, finishNext } = harness(new Set(['b']), { lanes: 1, batch: 10, queue: 2, stallMs: 60_000 });
    const answers = ['x1', 'b1', 'b2', 'z1'].map((p) => queue.submit(p[0], p));
    // x1 alone (the lane), b1 and b2 wait, z1 finds the queue full and goes at once.
    expect(runs).toEqual([['x1'], ['z1']]);
    await finishNext(); // x1 done, but z1 holds the one lane
    expect(runs).toHaveLength(2);
    await finishNext(); // z1 done: b's gate is busy, so b1 and b2 go alone now, in order (the gate keeps it)
    expect(runs.slice(2)).toEqual([['b1'], ['b2']]);
    for (let i = 0; i < 2; i++) await finishNext();
    expect(await Promise.all(answers)).toEqual(['x1', 'b1', 'b2', 'z1']);
  });

  it('stops counting a lane that has been busy for the stall time: the posts behind it go', async () => {
    const { queue, runs } = harness(new Set(), { lanes: 1, batch: 10, queue: 100, stallMs: 30 });
    void queue.submit('l', 'l1'); // waits for a row someone else holds: never ends here
    void queue.submit('u', 'u1');
    expect(runs).toEqual([['l1']]);
    const started = Date.now();
    while (runs.length < 2 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 5));
    expect(runs).toEqual([['l1'], ['u1']]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
