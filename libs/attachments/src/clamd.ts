import { connect, type Socket } from 'node:net';

export type ScanResult = { outcome: 'clean' } | { outcome: 'infected'; signature: string } | { outcome: 'unavailable'; reason: string };

const CONNECT_TIMEOUT_MS = 3000;
/** clamd answers within this time after the last chunk, or the scan counts as not done. */
const REPLY_TIMEOUT_MS = 60_000;

/**
 * One INSTREAM scan against clamd (ClamAV's daemon protocol): "zINSTREAM\0", then chunks each
 * prefixed with its length as a 4-byte big-endian number, then a zero length; clamd answers
 * "stream: OK" or "stream: <signature> FOUND". Bytes are written as they arrive (with
 * backpressure), so a file is never held whole. Any fault makes the result "unavailable": the
 * caller keeps the file waiting for a scan instead of passing it unscanned.
 */
export class ClamdScan {
  private failure: string | undefined;
  private reply = '';
  private readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => (this.reply += data));
    socket.on('error', (error) => (this.failure ??= error.message));
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  /** Connects; resolves to undefined (with no throw) when clamd cannot be reached. */
  static async open(target: { host: string; port: number }): Promise<ClamdScan | undefined> {
    return new Promise((resolve) => {
      const socket = connect({ host: target.host, port: target.port });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(undefined);
      }, CONNECT_TIMEOUT_MS);
      socket.once('error', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        const scan = new ClamdScan(socket);
        socket.write('zINSTREAM\0');
        resolve(scan);
      });
    });
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure || !chunk.length || this.socket.destroyed) return;
    const size = Buffer.alloc(4);
    size.writeUInt32BE(chunk.length);
    this.socket.write(size);
    if (!this.socket.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.socket.off('drain', done);
          this.socket.off('close', done);
          resolve();
        };
        this.socket.on('drain', done);
        this.socket.on('close', done);
      });
    }
  }

  async finish(): Promise<ScanResult> {
    if (!this.socket.destroyed) this.socket.end(Buffer.alloc(4));
    const timer = setTimeout(() => {
      this.failure ??= 'no answer from clamd';
      this.socket.destroy();
    }, REPLY_TIMEOUT_MS);
    await this.closed;
    clearTimeout(timer);
    return parseReply(this.reply, this.failure);
  }

  /** The upload failed for another reason: no answer is wanted. */
  abort(): void {
    this.socket.destroy();
  }
}

export function parseReply(raw: string, failure?: string): ScanResult {
  const reply = raw.replace(/\0/g, '').trim();
  if (/^stream: OK$/.test(reply)) return { outcome: 'clean' };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { outcome: 'infected', signature: found[1] };
  // e.g. "INSTREAM size limit exceeded. ERROR", or the connection broke.
  return { outcome: 'unavailable', reason: failure ?? (reply || 'no answer from clamd') };
}

/** Scans a stored file again (after clamd was down at upload). */
export async function scanChunks(target: { host: string; port: number }, chunks: AsyncIterable<Buffer>): Promise<ScanResult> {
  const scan = await ClamdScan.open(target);
  if (!scan) return { outcome: 'unavailable', reason: 'clamd cannot be reached' };
  try {
    for await (const chunk of chunks) await scan.write(chunk);
  } catch (error) {
    scan.abort();
    throw error;
  }
  return scan.finish();
}
