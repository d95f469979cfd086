import { correlationContext, currentCorrelationId } from '@brygga/common';

/** A post waiting for a lane, with what answers it. */
export interface QueuedPost<P, R> {
  post: P;
  threadId: string;
  /** The request's correlation id: its access-log rows carry it, whichever request's turn ran the batch. */
  correlationId?: string;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface PostRunners<P, R> {
  /** Today's path: one post in its own transaction, through the thread's row gate. */
  alone(post: P): Promise<R>;
  /** Several posts, one per thread, in one transaction; answers each post itself (or sends it alone). */
  together(posts: QueuedPost<P, R>[]): Promise<void>;
  /** The thread has nothing of this node's in its row gate (else a post to it goes alone, behind those). */
  mayBatch(threadId: string): boolean;
}

export interface PostQueueLimits {
  /** Post transactions of this node at once before posts wait to go together. */
  lanes: number;
  /**
   * A lane busy this long no longer counts: its post is waiting for a row someone else holds (or
   * the machine is slow), and the posts behind it must not wait with it (issue 30).
   */
  stallMs: number;
  /** Posts in one transaction at most. */
  batch: number;
  /** Posts waiting at most; beyond it a post goes alone at once and waits for the pool as any request does. */
  queue: number;
}

/**
 * Group commit for posts (issue 32). A post goes alone, as before, while fewer than `lanes` post
 * transactions of this node are in flight; the posts that arrive meanwhile wait here and, when a
 * lane frees, go together in one transaction (one BEGIN and COMMIT, one round trip per statement
 * for all of them, one flush of the log). So an idle node answers as fast as before and a busy
 * one spends less per post.
 *
 * Order per thread is arrival order: a batch takes at most one post per thread and none of a
 * thread that a batch in flight holds, and a post of a thread whose row gate is busy (a lone post
 * holds or waits for its row) goes alone, behind it in the gate. Later posts of a held thread keep
 * their places in the queue.
 */
export class PostQueue<P, R> {
  private readonly queued: QueuedPost<P, R>[] = [];
  private readonly queuedThreads = new Map<string, number>();
  /** Threads of the batches in flight: their later posts wait for the batch's commit. */
  private readonly batchThreads = new Set<string>();
  /** When each post transaction in flight began. */
  private readonly lanes = new Set<{ since: number }>();
  private stallTimer?: NodeJS.Timeout;

  constructor(
    private readonly runners: PostRunners<P, R>,
    private readonly limits: PostQueueLimits,
  ) {}

  /** Posts waiting for a lane now. */
  get waiting(): number {
    return this.queued.length;
  }

  submit(threadId: string, post: P): Promise<R> {
    const free = !this.queuedThreads.has(threadId) && !this.batchThreads.has(threadId);
    if (this.queued.length >= this.limits.queue && free) return this.lane(() => this.runners.alone(post));
    return new Promise<R>((resolve, reject) => {
      this.queued.push({ post, threadId, correlationId: currentCorrelationId(), resolve, reject });
      this.queuedThreads.set(threadId, (this.queuedThreads.get(threadId) ?? 0) + 1);
      this.drain();
    });
  }

  /** Runs a queued post alone, in its request's context (its log lines and access-log rows). */
  alone(queued: QueuedPost<P, R>): void {
    const run = () => this.lane(() => this.runners.alone(queued.post)).then(queued.resolve, queued.reject);
    void (queued.correlationId ? correlationContext.run({ correlationId: queued.correlationId }, run) : correlationContext.exit(run));
  }

  private drain(): void {
    while (this.queued.length && this.busyLanes() < this.limits.lanes) {
      const batch = this.take();
      if (batch.length === 1) this.alone(batch[0]);
      else if (batch.length > 1) this.together(batch);
      else break; // everything waiting belongs to a batch in flight: its end drains again
    }
    if (this.queued.length) this.wakeWhenStalled();
  }

  /** Lanes that began less than stallMs ago. */
  private busyLanes(now = Date.now()): number {
    let busy = 0;
    for (const lane of this.lanes) if (now - lane.since < this.limits.stallMs) busy += 1;
    return busy;
  }

  /** Posts wait while every lane is busy: drain again when the oldest lane counts as stalled, unless one ends first. */
  private wakeWhenStalled(): void {
    if (this.stallTimer || !this.lanes.size) return;
    const oldest = Math.min(...[...this.lanes].map((lane) => lane.since));
    this.stallTimer = setTimeout(
      () => {
        this.stallTimer = undefined;
        this.drain();
      },
      Math.max(1, oldest + this.limits.stallMs - Date.now()),
    ).unref();
  }

  /** The batch to run now (first post of each free thread, in order); posts that must go alone start here. */
  private take(): QueuedPost<P, R>[] {
    const batch: QueuedPost<P, R>[] = [];
    const kept: QueuedPost<P, R>[] = [];
    const seen = new Set<string>(this.batchThreads);
    /** Threads whose posts go alone this round: all of them, in order (the gate keeps it). */
    const gated = new Set<string>();
    for (const queued of this.queued) {
      const first = !seen.has(queued.threadId);
      seen.add(queued.threadId);
      if (gated.has(queued.threadId) || (first && !this.runners.mayBatch(queued.threadId))) {
        gated.add(queued.threadId);
        this.leave(queued, () => this.alone(queued));
      } else if (!first || batch.length >= this.limits.batch) kept.push(queued);
      else this.leave(queued, () => batch.push(queued));
    }
    this.queued.splice(0, this.queued.length, ...kept);
    return batch;
  }

  private leave(queued: QueuedPost<P, R>, then: () => void): void {
    const left = (this.queuedThreads.get(queued.threadId) ?? 1) - 1;
    if (left) this.queuedThreads.set(queued.threadId, left);
    else this.queuedThreads.delete(queued.threadId);
    then();
  }

  private together(batch: QueuedPost<P, R>[]): void {
    batch.forEach((q) => this.batchThreads.add(q.threadId));
    // Outside any one request's context: each post's rows name its own correlation id.
    void correlationContext.exit(() =>
      this.lane(async () => {
        try {
          await this.runners.together(batch);
        } catch (error) {
          batch.forEach((q) => q.reject(error)); // those answered already keep their answer
        } finally {
          batch.forEach((q) => this.batchThreads.delete(q.threadId));
        }
      }),
    );
  }

  private async lane<T>(run: () => Promise<T>): Promise<T> {
    const lane = { since: Date.now() };
    this.lanes.add(lane);
    try {
      return await run();
    } finally {
      this.lanes.delete(lane);
      this.drain();
    }
  }
}
