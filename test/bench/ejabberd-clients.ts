/**
 * The ejabberd reference's XMPP clients, in a process of their own (forked by ejabberd.ts): a lean
 * raw-socket client (plain TCP c2s, no TLS) that holds ROOMS × PER_ROOM
 * connections (SASL PLAIN as users of ejabberd's SQL user table), each joined to one multi-user chat room. Occupant 0 of each room also sends: the
 * closed-loop senders cycle over the occupant-0 connections of their rooms and wait for the room's
 * reflection of their own message (ejabberd reflects a groupchat message after mod_mam has stored
 * it: that is the acknowledgement). End to end: send → arrival at occupant 1 of the same room.
 * Every stanza received is counted by name (message, presence, iq …).
 */
import { connect, type Socket } from 'node:net';
import { summary } from './stats';

interface ConnectCommand {
  cmd: 'connect';
  port: number;
  host: string;
  muc: string;
  rooms: number;
  perRoom: number;
}
type Command =
  | ConnectCommand
  | { cmd: 'closed'; senders: number; seconds: number; prefix: string }
  | { cmd: 'rate'; rate: number; seconds: number; prefix: string }
  | { cmd: 'reset' }
  | { cmd: 'collect' }
  | { cmd: 'close' };

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

let stanzas = new Map<string, number>();
let disconnects = 0;
/** body → arrival time (performance.now()) at occupant 1 of the room. */
let arrivals = new Map<string, number>();

/** One XMPP client connection: splits the stream into top-level stanzas (depth 1 of the stream). */
class Xmpp {
  private pending = '';
  private pos = 0;
  private depth = 0;
  private start = 0;
  private waiters: { match: (s: string) => boolean; resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  /** Called with the body of each groupchat message received. */
  onBody?: (body: string) => void;
  readonly socket: Socket;
  closed = false;
  private last = '';

  constructor(port: number) {
    this.socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket.setEncoding('utf8');
    this.socket.on('data', (d: string) => this.data(d));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      if (!this.closed) disconnects++;
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error('connection closed'));
    });
  }

  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** The next stanza for which `match` holds (stanzas that nobody waits for are only counted). */
  waitFor(match: (s: string) => boolean, ms = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const w = { match, resolve, reject };
      this.waiters.push(w);
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          reject(new Error(`timeout waiting for a stanza; the last one received: ${this.last.slice(0, 300) || 'none'}`));
        }
      }, ms).unref();
    });
  }

  private data(chunk: string): void {
    this.pending += chunk;
    for (;;) {
      const lt = this.pending.indexOf('<', this.pos);
      if (lt < 0) break;
      const gt = this.pending.indexOf('>', lt);
      if (gt < 0) break;
      this.pos = gt + 1;
      const c = this.pending[lt + 1];
      if (c === '?' || c === '!') continue;
      if (c === '/') {
        this.depth--;
        if (this.depth === 1) this.stanza(this.pending.slice(this.start, gt + 1));
        if (this.depth <= 0) this.socket.end();
      } else if (this.pending.startsWith('<stream:stream', lt)) {
        this.depth = 1; // the stream's header (again after SASL)
      } else if (this.pending[gt - 1] === '/') {
        if (this.depth === 1) this.stanza(this.pending.slice(lt, gt + 1));
      } else {
        if (this.depth === 1) this.start = lt;
        this.depth++;
      }
      if (this.depth === 1) {
        this.pending = this.pending.slice(this.pos);
        this.pos = 0;
      }
    }
  }

  private stanza(s: string): void {
    this.last = s;
    const name = /^<([\w:]+)/.exec(s)?.[1] ?? '?';
    stanzas.set(name, (stanzas.get(name) ?? 0) + 1);
    if (name === 'message' && this.onBody) {
      const body = /<body>([^<]*)<\/body>/.exec(s)?.[1];
      if (body !== undefined) this.onBody(body);
    }
    const i = this.waiters.findIndex((w) => w.match(s));
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve(s);
  }
}

interface Occupant {
  xmpp: Xmpp;
  room: string;
}
/** rooms[r][k]: occupant k of room r. */
const rooms: Occupant[][] = [];
/** body → resolve of the sender waiting for its reflection. */
const acks = new Map<string, () => void>();

/** The user of occupant k of room r (ejabberd.ts inserts the same names). */
export const userName = (r: number, k: number) => `u${r}x${k}`;

function header(host: string): string {
  return `<?xml version='1.0'?><stream:stream to='${host}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
}

/** Logs in as `user` (SASL PLAIN, password `bench`: the users are rows in ejabberd's `users` table) and binds resource `r`. */
async function login(c: ConnectCommand, user: string): Promise<Xmpp> {
  const x = new Xmpp(c.port);
  await x.ready();
  let features = x.waitFor((s) => s.startsWith('<stream:features'));
  x.send(header(c.host));
  if (!(await features).includes('<mechanism>PLAIN</mechanism>')) throw new Error('the server does not offer SASL PLAIN');
  const success = x.waitFor((s) => s.startsWith('<success') || s.startsWith('<failure'));
  const credentials = Buffer.from(`\0${user}\0bench`).toString('base64');
  x.send(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${credentials}</auth>`);
  const answer = await success;
  if (!answer.startsWith('<success')) throw new Error(`SASL PLAIN failed for ${user}: ${answer}`);
  features = x.waitFor((s) => s.startsWith('<stream:features'));
  x.send(header(c.host));
  await features;
  const bound = x.waitFor((s) => s.startsWith('<iq') && s.includes("id='bind'"));
  x.send(`<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>`);
  if (!(await bound).includes("type='result'")) throw new Error('resource binding failed');
  return x;
}

/** Joins room `r` as occupant `k`; the first occupant creates the room (persistent and archived by the server's default room options) and unlocks it as an instant room. */
async function join(c: ConnectCommand, r: number, k: number): Promise<Occupant> {
  const xmpp = await login(c, userName(r, k));
  const room = `room${r}@${c.muc}`;
  const self = xmpp.waitFor((s) => s.startsWith('<presence') && s.includes(`from='${room}/o${k}'`) && s.includes("code='110'"));
  xmpp.send(`<presence to='${room}/o${k}'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>`);
  const presence = await self;
  if (presence.includes("type='error'")) throw new Error(`join refused: ${presence}`);
  if (presence.includes("code='201'")) {
    const configured = xmpp.waitFor((s) => s.startsWith('<iq') && s.includes("id='instant'"));
    xmpp.send(
      `<iq type='set' to='${room}' id='instant'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>`,
    );
    const answer = await configured;
    if (!answer.includes("type='result'")) throw new Error(`instant room refused: ${answer}`);
  }
  return { xmpp, room };
}

function watch(o: Occupant, k: number): void {
  o.xmpp.onBody = (body) => {
    if (k === 0) {
      const ack = acks.get(body);
      if (ack) {
        acks.delete(body);
        ack();
      }
    }
    if (k === 1 && !arrivals.has(body)) arrivals.set(body, now());
  };
}

/** Sends a groupchat message from occupant 0 of room r; resolves on its reflection. */
function post(r: number, body: string): Promise<void> {
  const o = rooms[r][0];
  return new Promise((resolve, reject) => {
    if (o.xmpp.closed) return reject(new Error('closed'));
    acks.set(body, resolve);
    o.xmpp.send(`<message to='${o.room}' type='groupchat' id='${body}'><body>${escape(body)}</body></message>`);
  });
}

let counter = 0;

async function closed(senders: number, seconds: number, prefix: string) {
  const until = now() + seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: senders }, async (_, s) => {
      // Sender s posts in the rooms r with r % senders === s, in turn.
      const mine = rooms.map((_, r) => r).filter((r) => r % senders === s);
      let i = 0;
      while (now() < until && mine.length) {
        const start = now();
        const body = `${prefix}-${s}-${counter++}`;
        try {
          await Promise.race([post(mine[i++ % mine.length], body), sleep(30_000).then(() => Promise.reject(new Error('timeout')))]);
          latencies.push(now() - start);
        } catch {
          acks.delete(body);
          errors++;
        }
      }
    }),
  );
  return { messages: latencies.length, errors, perSecond: latencies.length / seconds, latency: summary(latencies) };
}

async function rate(perSecond: number, seconds: number, prefix: string) {
  const total = Math.round(perSecond * seconds);
  const sent: [string, number][] = [];
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  const began = now();
  for (let i = 0; i < total; i++) {
    const wait = began + (i * 1000) / perSecond - now();
    if (wait > 1) await sleep(wait);
    const body = `${prefix}-${i}`;
    const start = now();
    sent.push([body, start]);
    pending.push(
      post(i % rooms.length, body).then(
        () => void latencies.push(now() - start),
        () => void errors++,
      ),
    );
  }
  await Promise.race([Promise.all(pending), sleep(30_000)]);
  await sleep(200);
  const e2e = sent.map(([body, at]) => (arrivals.has(body) ? arrivals.get(body)! - at : NaN)).filter(Number.isFinite);
  return {
    sent: sent.length,
    errors,
    seconds: (now() - began) / 1000,
    acknowledged: latencies.length,
    notDelivered: sent.length - e2e.length,
    latency: summary(latencies),
    endToEnd: summary(e2e),
  };
}

async function onCommand(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'connect': {
      const started = Date.now();
      let failed = 0;
      const errors: string[] = [];
      const batch = 100;
      // Occupant 0 of every room first (it creates the room), then the others, 100 at a time.
      for (let k = 0; k < command.perRoom; k++) {
        for (let r0 = 0; r0 < command.rooms; r0 += batch) {
          await Promise.all(
            Array.from({ length: Math.min(batch, command.rooms - r0) }, async (_, j) => {
              const r = r0 + j;
              try {
                const o = await join(command, r, k);
                watch(o, k);
                (rooms[r] ??= [])[k] = o;
              } catch (error) {
                failed++;
                if (errors.length < 3) {
                  errors.push(String(error));
                  process.stderr.write(`join room ${r} as occupant ${k} failed: ${String(error)}\n`);
                }
              }
            }),
          );
        }
      }
      return { connected: rooms.flat().length, failed, errors, ms: Date.now() - started };
    }
    case 'closed':
      return closed(command.senders, command.seconds, command.prefix);
    case 'rate':
      return rate(command.rate, command.seconds, command.prefix);
    case 'reset':
      stanzas = new Map();
      arrivals = new Map();
      disconnects = 0;
      return {};
    case 'collect':
      return { stanzas: Object.fromEntries(stanzas), disconnects, open: rooms.flat().filter((o) => !o.xmpp.closed).length };
    case 'close':
      for (const o of rooms.flat()) {
        o.xmpp.closed = true;
        o.xmpp.send('</stream:stream>');
        o.xmpp.socket.end();
      }
      rooms.splice(0);
      return {};
  }
}

process.on('message', (command: Command & { id: number }) => {
  onCommand(command).then(
    (result) => process.send!({ id: command.id, result }),
    (error: unknown) => process.send!({ id: command.id, error: String(error) }),
  );
});
