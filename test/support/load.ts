import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { connectSocket, connected } from './api-process';
import type { TestSession } from './login';

/** @brygga/auth's CSRF_HEADER, not imported: its library (and Nest) would load into every file that runs a load. */
const CSRF_HEADER = 'x-csrf-token';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long one message may take to be acknowledged, retries included (a whole outage fits). */
const MESSAGE_DEADLINE_MS = 45_000;

export interface Acked {
  key: string;
  threadId: string;
  id: string;
  seq: number;
}

export interface LoadOptions {
  threads: string[];
  /** The nodes a load balancer would send to right now (it follows their health). */
  nodes: () => string[];
  publicUrl: string;
  writer: TestSession;
  reader: TestSession;
  restWriters: number;
  socketWriters: number;
  readers: number;
  /** Pause between one writer's messages. */
  pauseMs: number;
}

/**
 * Clients as they behave in the field: writers post over REST or socket.io and retry every
 * unacknowledged message with the same idempotency key (on whichever node answers) until it is
 * acknowledged; readers follow every thread over socket.io and re-join with their last gap-free
 * seq after each reconnect. Every answer's status is counted by phase.
 */
export class Load {
  readonly acked = new Map<string, Acked>();
  /** `phase status` → count, e.g. `outage 503`; sockets count their ack's statusCode, `ack` prefixed. */
  readonly statuses = new Map<string, number>();
  /** Answers that must never come: 5xx other than 503, unexpected 4xx, wrong data. */
  readonly failures: string[] = [];
  phase = 'start';
  private running = true;
  private aborted = false;
  private readonly loops: Promise<void>[] = [];
  readonly readers: Reader[] = [];

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    const { restWriters, socketWriters, readers } = this.options;
    for (let w = 0; w < restWriters; w++) this.loops.push(this.writeLoop(`r${w}`, (key, threadId) => this.postRest(key, threadId)));
    for (let w = 0; w < socketWriters; w++) {
      const sender = new SocketSender(this.options, this);
      this.loops.push(this.writeLoop(`s${w}`, (key, threadId) => sender.post(key, threadId)).finally(() => sender.close()));
    }
    for (let r = 0; r < readers; r++) this.readers.push(new Reader(this.options, r));
  }

  /** Ends everything now (a failed test must not leave clients running). */
  abort(): void {
    this.running = false;
    this.aborted = true;
    this.readers.forEach((r) => r.close());
  }

  /** Writers finish the message they are on (until acknowledged), then stop. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  count(status: string): void {
    const key = `${this.phase} ${status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  total(predicate: (key: string) => boolean): number {
    return [...this.statuses].filter(([k]) => predicate(k)).reduce((sum, [, n]) => sum + n, 0);
  }

  pickNode(): string {
    const nodes = this.options.nodes();
    return nodes[Math.floor(Math.random() * nodes.length)];
  }

  private async writeLoop(name: string, post: (key: string, threadId: string) => Promise<Acked | 'retry'>): Promise<void> {
    for (let i = 0; this.running; i++) {
      const key = `${name}-${i}`;
      const threadId = this.options.threads[i % this.options.threads.length];
      const deadline = Date.now() + MESSAGE_DEADLINE_MS;
      for (;;) {
        const result = await post(key, threadId).catch(() => 'retry' as const);
        if (result !== 'retry') {
          this.acked.set(key, result);
          break;
        }
        if (this.aborted) return;
        if (Date.now() > deadline) {
          this.failures.push(`${key} never acknowledged`);
          return;
        }
        await sleep(150 + Math.random() * 350);
      }
      await sleep(this.options.pauseMs);
    }
  }

  private async postRest(key: string, threadId: string): Promise<Acked | 'retry'> {
    const node = this.pickNode();
    let res: Response;
    try {
      res = await fetch(`${node}/api/threads/${threadId}/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: this.options.writer.jar.header(this.options.publicUrl),
          [CSRF_HEADER]: this.options.writer.csrfToken,
        },
        body: JSON.stringify({ kind: 'fritext', body: `Meddelande ${key}`, idempotencyKey: key }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      this.count('network');
      return 'retry';
    }
    this.count(String(res.status));
    const body = (await res.json().catch(() => ({}))) as { id?: string; seq?: number; message?: string };
    if (res.status === 200 || res.status === 201) return { key, threadId, id: body.id!, seq: body.seq! };
    if (res.status === 503) {
      if (!res.headers.get('retry-after') || body.message !== 'Brygga är tillfälligt otillgängligt, försök igen om en stund') {
        this.failures.push(`503 without Retry-After or the Swedish message: ${JSON.stringify(body)}`);
      }
    } else {
      this.failures.push(`REST ${res.status} in phase ${this.phase}: ${body.message}`);
    }
    return 'retry';
  }
}

/** One socket writer: its own connection to one node, moved to another when that one goes. */
class SocketSender {
  private socket?: Socket;
  private leaving = false;

  constructor(
    private readonly options: LoadOptions,
    private readonly load: Load,
  ) {}

  async post(key: string, threadId: string): Promise<Acked | 'retry'> {
    if (!this.socket?.connected || this.leaving) {
      this.close();
      const socket = connectSocket(this.load.pickNode(), this.options.writer, this.options.publicUrl);
      this.socket = socket;
      this.leaving = false;
      // As the web client does: a stopping node says so; the next post goes over a new connection
      // (the balancer sends it to another node), the one in flight is still answered here.
      socket.on('server:stopping', () => (this.leaving = true));
      try {
        await connected(socket);
      } catch {
        this.load.count('ack connect-failed');
        return 'retry';
      }
    }
    let ack: { ok: boolean; data?: { id: string; seq: number }; error?: { statusCode: number; message: string } };
    try {
      ack = await this.socket
        .timeout(10_000)
        .emitWithAck('message:post', { threadId, kind: 'fritext', body: `Meddelande ${key}`, idempotencyKey: key });
    } catch {
      this.load.count('ack none');
      this.close();
      return 'retry';
    }
    if (ack.ok) {
      this.load.count('ack ok');
      return { key, threadId, id: ack.data!.id, seq: ack.data!.seq };
    }
    this.load.count(`ack ${ack.error!.statusCode}`);
    if (ack.error!.statusCode !== 503)
      this.load.failures.push(`ack ${ack.error!.statusCode} in phase ${this.load.phase}: ${ack.error!.message}`);
    return 'retry';
  }

  close(): void {
    this.socket?.disconnect();
    this.socket = undefined;
  }
}

/** A reader of every thread: keeps what it received by seq, re-joins after every reconnect. */
export class Reader {
  readonly seqs = new Map<string, Set<number>>();
  private socket?: Socket;
  private closed = false;

  constructor(
    private readonly options: LoadOptions,
    index: number,
  ) {
    for (const t of options.threads) this.seqs.set(t, new Set());
    void this.connect(index);
  }

  /** The highest seq below which nothing is missing. */
  gapFree(threadId: string): number {
    const seen = this.seqs.get(threadId)!;
    let n = 0;
    while (seen.has(n + 1)) n += 1;
    return n;
  }

  /** Catch up from the last gap-free seq on a node that runs (as the client does after reconnecting). */
  async catchUp(node: string): Promise<void> {
    this.closed = true;
    this.socket?.disconnect();
    const socket = connectSocket(node, this.options.reader, this.options.publicUrl);
    this.listen(socket);
    await connected(socket);
    for (const threadId of this.options.threads) await socket.emitWithAck('thread:join', { threadId, lastSeq: this.gapFree(threadId) });
    socket.disconnect();
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
  }

  private listen(socket: Socket): void {
    socket.on('message', (m: { threadId: string; seq: number }) => this.seqs.get(m.threadId)?.add(m.seq));
  }

  private async connect(attempt: number): Promise<void> {
    while (!this.closed) {
      const nodes = this.options.nodes();
      const socket = connectSocket(nodes[attempt++ % nodes.length], this.options.reader, this.options.publicUrl);
      this.socket = socket;
      this.listen(socket);
      try {
        await connected(socket);
        for (const threadId of this.options.threads) {
          const ack = await socket.timeout(10_000).emitWithAck('thread:join', { threadId, lastSeq: this.gapFree(threadId) });
          if (!ack.ok) throw new Error('join refused');
        }
        await new Promise((resolve) => socket.once('disconnect', resolve));
      } catch {
        socket.disconnect();
      }
      await sleep(200 + Math.random() * 300);
    }
  }
}

/** Numbers a fault run saw, in test-output/ (not committed). */
export function writeReport(name: string, report: object): void {
  const dir = join(__dirname, '..', '..', 'test-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), JSON.stringify(report, null, 2) + '\n');
}

/** A process's resident memory now and at its peak (VmRSS, VmHWM), in MB. */
export function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** The machine's load average over the last minute (/proc/loadavg): reported beside timings. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
