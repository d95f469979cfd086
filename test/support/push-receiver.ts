import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes, randomUUID, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// http_ece has no types: the one function used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ece = require('http_ece') as { decrypt(buffer: Buffer, params: { version: string; privateKey: ECDH; authSecret: Buffer }): Buffer };

/** What a push service received for one device, decrypted with that device's keys. */
export interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  /** The encrypted body as sent. */
  raw: Buffer;
  /** The body decrypted with the device's private key and auth secret (aes128gcm, RFC 8291). */
  plaintext: string;
}

/** A browser's side of a push subscription: its keys stay here, the api gets what toJSON() gives. */
export interface TestDevice {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  deliveries: Delivery[];
  /** The status the push service answers for this device (201; 410 once the browser dropped it). */
  answer: number;
}

/**
 * A local push service (RFC 8030) over HTTPS with a self-signed certificate (the api trusts it
 * through PUSH_CA_FILE): it takes POST /push/:device, decrypts with the device's keys and keeps
 * what came, so a test reads exactly what a phone would get.
 */
export class PushReceiver {
  private readonly devices = new Map<string, TestDevice & { ecdh: ECDH; secret: Buffer }>();
  private readonly waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    readonly caFile: string,
    readonly origin: string,
  ) {}

  static async start(): Promise<PushReceiver> {
    const dir = mkdtempSync(join(tmpdir(), 'brygga-push-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore', input: '' },
    );
    return PushReceiver.listen(dir, key, cert);
  }

  private static async listen(dir: string, keyFile: string, certFile: string): Promise<PushReceiver> {
    const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new PushReceiver(server, dir, certFile, `https://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => receiver.receive(req, res));
    return receiver;
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const device = this.devices.get(/^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '');
      if (req.method !== 'POST' || !device) {
        res.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      if (device.answer >= 400) {
        res.writeHead(device.answer).end();
      } else {
        const plaintext = ece.decrypt(raw, { version: 'aes128gcm', privateKey: device.ecdh, authSecret: device.secret }).toString('utf8');
        device.deliveries.push({ headers: req.headers, raw, plaintext });
        res.writeHead(201, { location: `/message/${randomUUID()}` }).end();
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** A new device, as PushManager.subscribe would make it. */
  device(): TestDevice {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const secret = randomBytes(16);
    const id = randomUUID();
    const device = {
      id,
      endpoint: `${this.origin}/push/${id}`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: secret.toString('base64url') },
      deliveries: [],
      answer: 201,
      ecdh,
      secret,
    };
    this.devices.set(id, device);
    return device;
  }

  /** Resolves once the device has had `count` deliveries (or its push service has been asked that often). */
  async until(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // The api's keep-alive connections would hold close() open.
    this.server.closeAllConnections();
    await closed;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
