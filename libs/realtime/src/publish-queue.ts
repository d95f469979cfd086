/** What the socket.io PostgreSQL adapter publishes (socket.io-adapter's ClusterMessage, as far as it is read here). */
export interface AdapterMessage {
  uid?: string;
  nsp?: string;
  type: number;
  data?: unknown;
}

/** socket.io-adapter's MessageType.SERVER_SIDE_EMIT (`io.serverSideEmit` without an acknowledgement). */
export const SERVER_SIDE_EMIT = 9;

/** The server-side event whose lists of events may be joined into one (fan-out.ts). */
export const MERGED_EVENT = 'thread:events';

/**
 * The most bytes of joined event lists in one NOTIFY. The adapter sends a message over 8,000 bytes
 * (its `payloadThreshold`, and PostgreSQL's limit for a NOTIFY payload) as an INSERT into its table
 * plus a NOTIFY: two transactions instead of one. The rest of the 8,000 is the envelope (uid, type,
 * namespace, event name: about 90 bytes).
 */
export const MERGED_BYTES = 7500;

type Packet = [string, unknown[]];

/** The event list of a message that may be joined with its neighbours, or undefined. */
function mergeable(message: AdapterMessage): unknown[] | undefined {
  if (message.type !== SERVER_SIDE_EMIT) return undefined;
  const data = message.data as { packet?: unknown; requestId?: unknown } | undefined;
  // With a requestId the sender waits for answers to this very message: never joined.
  if (!data || data.requestId !== undefined || !Array.isArray(data.packet)) return undefined;
  const packet = data.packet as unknown[];
  if (packet.length !== 2 || packet[0] !== MERGED_EVENT || !Array.isArray(packet[1])) return undefined;
  return packet[1];
}

interface Queued {
  message: AdapterMessage;
  done: () => void;
}

/**
 * One publish at a time, in the order of the emits, and what was emitted while one was in flight
 * goes out together when it returns. Each publish of the PostgreSQL adapter is a NOTIFY in a
 * transaction of its own (a commit with its own WAL flush): under load, consecutive `thread:events`
 * of one namespace are joined into one message (their lists concatenated, in order, up to
 * MERGED_BYTES), so a busy node sends one NOTIFY per round trip instead of one per post. Idle, a
 * message goes out at once, alone: nothing waits for company. Every other message (access changes,
 * heartbeats, requests) goes out as it is, in its place.
 *
 * `publish` resolves when the message has left (in whatever batch it went); `settled` when every
 * message handed in so far has (the PublishBarrier's tail). The adapter swallows its own errors,
 * so neither ever rejects.
 */
export class PublishQueue {
  private readonly queue: Queued[] = [];
  private sending = false;
  private last: Promise<void> = Promise.resolve();
  /** Messages and NOTIFYs so far (tests, the bench's reading of the batching). */
  readonly counts = { messages: 0, sent: 0 };

  constructor(
    private readonly send: (message: AdapterMessage) => Promise<void>,
    private readonly maxBytes = MERGED_BYTES,
  ) {}

  publish(message: AdapterMessage): Promise<void> {
    this.counts.messages += 1;
    const sent = new Promise<void>((resolve) => this.queue.push({ message, done: resolve }));
    this.last = sent;
    if (!this.sending) void this.drain();
    return sent;
  }

  settled(): Promise<void> {
    return this.last;
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length) {
        const batch = this.take();
        this.counts.sent += 1;
        try {
          await this.send(batch.message);
        } catch {
          // The adapter handles its own errors; a throw here must not stop the queue.
        }
        for (const done of batch.done) done();
      }
    } finally {
      this.sending = false;
    }
  }

  /** The first queued message, joined with the mergeable ones right behind it while they fit. */
  private take(): { message: AdapterMessage; done: (() => void)[] } {
    const first = this.queue.shift()!;
    const events = mergeable(first.message);
    if (!events || !this.queue.length || !mergeable(this.queue[0].message)) return { message: first.message, done: [first.done] };
    let bytes = Buffer.byteLength(JSON.stringify(events));
    if (bytes > this.maxBytes) return { message: first.message, done: [first.done] };
    const joined = [...events];
    const done = [first.done];
    while (this.queue.length) {
      const next = this.queue[0];
      const more = mergeable(next.message);
      if (!more || next.message.nsp !== first.message.nsp || next.message.uid !== first.message.uid) break;
      const size = Buffer.byteLength(JSON.stringify(more));
      // The joined list's JSON is the lists' JSON less their brackets, plus a comma between them.
      if (bytes + size - 1 > this.maxBytes) break;
      bytes += size - 1;
      joined.push(...more);
      done.push(next.done);
      this.queue.shift();
    }
    if (done.length === 1) return { message: first.message, done };
    const packet: Packet = [MERGED_EVENT, joined];
    return { message: { ...first.message, data: { packet } }, done };
  }
}
