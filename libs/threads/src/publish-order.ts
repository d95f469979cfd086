/** A place in a thread's line: `ready` once every earlier place has released. */
export interface Turn {
  ready: Promise<void>;
  release: () => void;
}

/**
 * Events of one thread leave this node in the order their transactions took the thread's row
 * lock, which is the order of their sequence numbers. Without it, on a loaded machine a post's
 * commit answer was sometimes handled after that of the next post (which had only waited for the
 * lock), and every client saw 177 before 176. Other nodes' events still interleave by arrival;
 * clients fill gaps by sequence number.
 */
export class PublishOrder {
  private readonly tails = new Map<string, Promise<void>>();

  /** Takes the next place for the thread; call while holding its row lock. */
  enter(threadId: string): Turn {
    const before = this.tails.get(threadId) ?? Promise.resolve();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => released);
    this.tails.set(threadId, tail);
    void tail.then(() => {
      if (this.tails.get(threadId) === tail) this.tails.delete(threadId);
    });
    return { ready: before, release };
  }
}
