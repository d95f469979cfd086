/** The reply to thread:join (libs/contracts' Ack), as far as the joiner reads it. */
type JoinReply = { ok: true } | { ok: false; error: { statusCode: number; message: string } };

/** What the joiner needs of a socket.io client socket (the app's typed one, or a test's). */
export interface JoinSocket {
  readonly connected: boolean;
  readonly id?: string;
  timeout(ms: number): {
    emit(event: 'thread:join', body: { threadId: string; lastSeq: number }, ack: (error: Error | null, reply: JoinReply) => void): unknown;
  };
}

export interface ThreadJoinerOptions {
  threadId: string;
  /** The last gap-free seq the view holds: the server replays what follows. */
  lastSeq: () => number;
  /** The server says 404: the thread is gone for this user. */
  onRefused: (message: string) => void;
  /** No answer within this long: the join is sent again (on the connection as it is then). */
  ackTimeoutMs?: number;
}

/**
 * Joins one thread's live stream and keeps it joined across reconnects: at most one join in flight
 * per connection, one more when a gap is seen while it runs, and a join whose answer
 * never comes (the connection dropped under it, or the server lost it) neither blocks the next
 * connection's join nor waits forever: every (re)connect joins again, and an ack timeout retries.
 */
export class ThreadJoiner {
  /** The connection (socket id) whose join awaits its answer. */
  private inFlight: string | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: ThreadJoinerOptions) {}

  /** `catchUp`: a gap was seen; when a join is in flight, one more follows it (it may have replayed too little). */
  join(socket: JoinSocket | null, catchUp = false): void {
    if (this.stopped || !socket?.connected) return;
    const connection = socket.id ?? '';
    if (this.inFlight === connection) {
      this.again ||= catchUp;
      return;
    }
    this.inFlight = connection;
    this.again = false;
    const { threadId, lastSeq, onRefused, ackTimeoutMs = 10_000 } = this.options;
    socket.timeout(ackTimeoutMs).emit('thread:join', { threadId, lastSeq: lastSeq() }, (error, reply) => {
      // An answer for an older connection is no news about the current one.
      if (this.inFlight !== connection) return;
      this.inFlight = null;
      if (!error && !reply.ok && reply.error.statusCode === 404) return onRefused(reply.error.message);
      if (error || this.again) this.join(socket);
    });
  }

  /** The connection is gone: its join will not be answered. */
  disconnected(): void {
    this.inFlight = null;
    this.again = false;
  }

  /** The view closed: nothing more is sent. */
  stop(): void {
    this.stopped = true;
    this.inFlight = null;
  }
}
