/**
 * The benchmark's load generator, in a process of its own (forked by run.ts): posts to an api
 * node (closed loop or at a fixed rate) over HTTP or over a socket of the poster's session
 * (`message:post`, acknowledged after the commit), and the two reference transactions on `pg`
 * with named prepared statements, at the same concurrency as the posting load.
 */
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { summary } from './stats';

export interface Poster {
  userId: string;
  unitId: string;
  sid: string;
  cookie: string;
  csrf: string;
  /** Threads this poster's ward owns that have a client listening. */
  threads: string[];
}

interface Common {
  url: string;
  posters: Poster[];
  /** How a post travels: a REST request, or `message:post` on the poster's socket (origin: its Origin header). */
  via?: 'http' | 'socket';
  origin?: string;
}
type Command =
  | ({ cmd: 'closed'; senders: number; seconds: number } & Common)
  | ({ cmd: 'rate'; rate: number; seconds: number; prefix: string } & Common)
  | { cmd: 'reference'; kind: ReferenceKind; databaseUrl: string; senders: number; seconds: number; posters: Poster[]; batch?: number };

/**
 * minimal: the least a durable post can be; same: Brygga's statements for one post; batched: the same work for `batch`
 * posts per transaction, each statement once for all of them (what group commit could reach on PostgreSQL's side);
 * batched-covering: the same with one access-log row for the batch naming every post (as the push log's rows do).
 */
export type ReferenceKind = 'minimal' | 'same' | 'batched' | 'batched-covering';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let counter = 0;
/** Failed posts by status (0: no answer or a transport error), per command. */
let failures: Record<string, number> = {};
const failed = (status: number) => void (failures[status] = (failures[status] ?? 0) + 1);

function post(url: string, poster: Poster, threadId: string, body: string): Promise<number> {
  const data = JSON.stringify({ kind: 'fritext', body, idempotencyKey: body });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/threads/${threadId}/messages`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          'x-csrf-token': poster.csrf,
          cookie: poster.cookie,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** One socket per poster and node, opened on first use (a client holds its socket for the session). */
const sockets = new Map<string, Promise<Socket>>();
function socketOf(url: string, origin: string, poster: Poster): Promise<Socket> {
  const key = `${url} ${poster.userId}`;
  let socket = sockets.get(key);
  if (!socket) {
    socket = new Promise((resolve, reject) => {
      const s = io(url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { cookie: poster.cookie, origin },
      });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
    sockets.set(key, socket);
  }
  return socket;
}

/** A post over the poster's socket: 201 for a new message (as REST answers), else the error's status. */
async function postOverSocket(url: string, origin: string, poster: Poster, threadId: string, body: string): Promise<number> {
  const socket = await socketOf(url, origin, poster);
  const reply = (await socket.timeout(60_000).emitWithAck('message:post', { threadId, kind: 'fritext', body, idempotencyKey: body })) as
    { ok: true; data: { replayed: boolean } } | { ok: false; error: { statusCode: number } };
  return reply.ok ? (reply.data.replayed ? 200 : 201) : reply.error.statusCode;
}

const send = (c: Common, poster: Poster, threadId: string, body: string): Promise<number> =>
  c.via === 'socket' ? postOverSocket(c.url, c.origin ?? c.url, poster, threadId, body) : post(c.url, poster, threadId, body);

/** SENDERS senders, each posting again as soon as its post is answered. */
async function closed(c: Extract<Command, { cmd: 'closed' }>) {
  const until = now() + c.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: c.senders }, async (_, s) => {
      const poster = c.posters[s % c.posters.length];
      let i = s;
      while (now() < until) {
        const start = now();
        const status = await send(c, poster, poster.threads[i++ % poster.threads.length], `sus-${process.pid}-${counter++}`).catch(() => 0);
        if (status === 201) latencies.push(now() - start);
        else {
          errors++;
          failed(status);
        }
      }
    }),
  );
  return { posts: latencies.length, errors, perSecond: latencies.length / c.seconds, latency: summary(latencies) };
}

/** Posts at a fixed rate (open loop), round robin over the posters and their threads. */
async function rate(c: Extract<Command, { cmd: 'rate' }>) {
  const total = Math.round(c.rate * c.seconds);
  const sent: [string, number][] = [];
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const began = now();
  for (let i = 0; i < total; i++) {
    const wait = began + (i * 1000) / c.rate - now();
    if (wait > 1) await sleep(wait);
    const poster = c.posters[i % c.posters.length];
    const threadId = poster.threads[Math.floor(i / c.posters.length) % poster.threads.length];
    const body = `${c.prefix}-${i}`;
    const start = now();
    sent.push([body, start]);
    pending.push(
      send(c, poster, threadId, body).then(
        (status) => (status === 201 ? void latencies.push(now() - start) : (errors++, failed(status))),
        () => (errors++, failed(0)),
      ),
    );
  }
  await Promise.all(pending);
  return { sent, errors, seconds: (now() - began) / 1000, latency: summary(latencies) };
}

/* ---- reference transactions, on tables of their own (bench_thread, bench_message, bench_audit) ---- */

const q = (name: string, text: string) => (values: unknown[]) => ({ name, text, values });

/** The minimal durable post: the thread's next number with the message, its access-log row, commit. */
const MIN_APPEND = q(
  'min-append',
  `WITH s AS (UPDATE bench_thread SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
   INSERT INTO bench_message (thread_id, seq, kind, body, author_user_id, author_unit_id, idempotency_key, request_hash)
   SELECT $1, s.last_seq, 'fritext', $2, $3, $4, $2, 'ref' FROM s`,
);
const MIN_AUDIT = q(
  'min-audit',
  `INSERT INTO bench_audit (seq, occurred_at, user_id, unit_id, thread_id, action, outcome, content_hash)
   VALUES (nextval('bench_audit_seq'), now(), $1, $2, $3, 'message.create', 'allowed', $4)`,
);

/**
 * What Brygga sends for one fritext post: the session and the actor come from the node's cache
 * (read once per sender here), then BEGIN, the thread locked with the idempotency lookup in the
 * same statement, the append with the access-log number, the access-log row, COMMIT. Not the
 * push log, the chain sealer or the NOTIFY.
 */
const ACTOR = q(
  'same-actor',
  `SELECT au.id AS user_id, au.given_name || ' ' || au.family_name AS name, u.id AS unit_id, u.name AS unit_name,
          o.id AS organisation_id, o.name AS organisation_name, o.kind, m.role
     FROM app_user au LEFT JOIN membership m ON m.user_id = au.id LEFT JOIN unit u ON u.id = m.unit_id
     LEFT JOIN organisation o ON o.id = u.organisation_id
    WHERE au.id = ANY($1::uuid[]) ORDER BY u.name, m.role`,
);
const THREAD = q(
  'same-thread',
  `SELECT t.*, ARRAY(SELECT tp.unit_id FROM thread_participant tp WHERE tp.thread_id = t.id) AS participant_unit_ids,
          (SELECT row_to_json(e) FROM (SELECT id, seq, kind, author_unit_id, request_hash FROM bench_message
             WHERE thread_id = t.id AND author_user_id = $2 AND idempotency_key = $3) e) AS earlier_post
     FROM bench_thread t WHERE t.id = $1 FOR UPDATE OF t`,
);
/** The appended message (alias m) as clients get it, with its author's name and unit (joined as au, un). */
const MESSAGE_AS_SHOWN = `m.id, m.thread_id, m.seq, m.kind, m.body, m.payload, m.author_user_id,
          au.given_name || ' ' || au.family_name AS author_name, m.author_unit_id, un.name AS author_unit_name,
          m.corrects_message_id, m.created_at,
          (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.created_at, a.id), '[]')
             FROM attachment a WHERE a.message_id = m.id) AS attachments,
          (SELECT json_agg(json_build_object('unitId', o.receiver_unit_id, 'status', o.status) ORDER BY o.created_at)
             FROM fhir_outbox o WHERE o.message_id = m.id) AS deliveries`;
const APPEND = q(
  'same-append',
  `WITH s AS (UPDATE bench_thread SET last_seq = last_seq + 1, updated_at = now() WHERE id = $1 RETURNING last_seq),
        m AS (INSERT INTO bench_message (thread_id, seq, kind, body, payload, author_user_id, author_unit_id, corrects_message_id, idempotency_key, request_hash)
              SELECT $1, s.last_seq, $2, $3, $4::jsonb, $5, $6, $7, $8, $9 FROM s RETURNING *)
   SELECT (SELECT nextval('bench_audit_seq')::text FROM (SELECT pg_advisory_xact_lock_shared($10)) AS chain_lock) AS audit_seq,
          ${MESSAGE_AS_SHOWN}
     FROM m JOIN app_user au ON au.id = m.author_user_id JOIN unit un ON un.id = m.author_unit_id`,
);
const AUDIT = q(
  'same-audit',
  `INSERT INTO bench_audit (seq, occurred_at, user_id, user_name, unit_id, role, patient_id, thread_id, action, outcome, client_address, details, organisation_ids, content_hash)
   SELECT s, $2::timestamptz, u, un, ut, r, p, t, a, o, ca, d, og::uuid[], h
     FROM unnest($1::bigint[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::bytea[])
       AS x(s, u, un, ut, r, p, t, a, o, ca, d, og, h)`,
);

/**
 * The same work for several posts in one transaction (group commit, not built in Brygga): the threads locked in id
 * order with each post's idempotency lookup, one append for all (consecutive numbers per thread), one access-log row
 * per post in one insert, one COMMIT.
 */
const THREADS = q(
  'batched-threads',
  `SELECT t.*, ARRAY(SELECT tp.unit_id FROM thread_participant tp WHERE tp.thread_id = t.id) AS participant_unit_ids,
          (SELECT json_agg(e) FROM (SELECT m.id, m.seq, m.kind, m.author_unit_id, m.request_hash FROM bench_message m
             JOIN unnest($1::uuid[], $3::text[]) AS k(thread_id, key) ON m.thread_id = k.thread_id AND m.idempotency_key = k.key
            WHERE m.thread_id = t.id AND m.author_user_id = $2) e) AS earlier_posts
     FROM bench_thread t WHERE t.id = ANY($1::uuid[]) ORDER BY t.id FOR UPDATE OF t`,
);
const APPEND_MANY = q(
  'batched-append',
  `WITH x AS (SELECT *, row_number() OVER (PARTITION BY thread_id ORDER BY n) AS k
                FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS x(thread_id, key, hash, n)),
        s AS (UPDATE bench_thread t SET last_seq = t.last_seq + c.posts, updated_at = now()
                FROM (SELECT thread_id, count(*) AS posts FROM x GROUP BY thread_id) c WHERE t.id = c.thread_id
              RETURNING t.id, t.last_seq - c.posts AS base),
        m AS (INSERT INTO bench_message (thread_id, seq, kind, body, payload, author_user_id, author_unit_id, idempotency_key, request_hash)
              SELECT x.thread_id, s.base + x.k, 'fritext', x.key, NULL, $4, $5, x.key, x.hash FROM x JOIN s ON s.id = x.thread_id
              ORDER BY x.n RETURNING *)
   SELECT nextval('bench_audit_seq')::text AS audit_seq,
          ${MESSAGE_AS_SHOWN}
     FROM (SELECT pg_advisory_xact_lock_shared($6)) AS chain_lock, m
     JOIN app_user au ON au.id = m.author_user_id JOIN unit un ON un.id = m.author_unit_id ORDER BY m.thread_id, m.seq`,
);

async function reference(c: Extract<Command, { cmd: 'reference' }>) {
  const until = now() + c.seconds * 1000;
  let done = 0;
  const latencies: number[] = [];
  const batch = c.kind.startsWith('batched') ? Math.max(1, c.batch ?? 5) : 1;
  await Promise.all(
    // As many posts in flight as the other kinds: senders / batch connections, each with a batch at a time.
    Array.from({ length: Math.ceil(c.senders / batch) }, async (_, s) => {
      const client = new Client({ connectionString: c.databaseUrl, application_name: 'bench-reference' });
      await client.connect();
      const poster = c.posters[s % c.posters.length];
      let actor: { name: string; role: string; organisation_id: string } | undefined;
      let i = s;
      try {
        while (now() < until) {
          const threadId = poster.threads[i++ % poster.threads.length];
          const key = `ref-${c.kind}-${process.pid}-${counter++}`;
          const start = now();
          if (c.kind.startsWith('batched')) {
            const row = (actor ??= (await client.query(ACTOR([[poster.userId]]))).rows[0] as typeof actor)!;
            const threads = Array.from({ length: batch }, (_, b) => poster.threads[(i + b) % poster.threads.length]).sort();
            i += batch;
            const keys = threads.map((_, b) => `${key}-${b}`);
            await client.query('BEGIN');
            const locked = await client.query<{ id: string; patient_id: string }>(THREADS([threads, poster.userId, keys]));
            const patients = new Map(locked.rows.map((t) => [t.id, t.patient_id]));
            const hashes = keys.map((k) =>
              createHash('sha256')
                .update(JSON.stringify({ kind: 'fritext', body: k }))
                .digest('hex'),
            );
            const appended = await client.query<{ audit_seq: string; thread_id: string; seq: number }>(
              APPEND_MANY([threads, keys, hashes, poster.userId, poster.unitId, 7261099]),
            );
            const details = appended.rows.map((m) => JSON.stringify({ seq: m.seq, kind: 'fritext', correlationId: key }));
            // One row naming every post, each entry with its own reader, unit, thread, patient and details.
            const covering = JSON.stringify({
              covers: appended.rows.map((m) => ({
                t: m.thread_id,
                p: patients.get(m.thread_id),
                u: poster.userId,
                n: row.name,
                unit: poster.unitId,
                o: row.organisation_id,
                r: row.role,
                og: [row.organisation_id],
                ca: '127.0.0.1',
                d: { seq: m.seq, kind: 'fritext', correlationId: key },
              })),
              covered: [...new Set([poster.userId, ...appended.rows.flatMap((m) => [m.thread_id, patients.get(m.thread_id)])])],
            });
            const rows = c.kind === 'batched-covering' ? appended.rows.slice(0, 1) : appended.rows;
            const each = <T>(value: T) => rows.map(() => value);
            await client.query(
              AUDIT([
                rows.map((m) => m.audit_seq),
                new Date(),
                each(poster.userId),
                each(row.name),
                each(poster.unitId),
                each(row.role),
                c.kind === 'batched-covering' ? [null] : rows.map((m) => patients.get(m.thread_id)),
                c.kind === 'batched-covering' ? [null] : rows.map((m) => m.thread_id),
                each('message.create'),
                each('allowed'),
                each('127.0.0.1'),
                c.kind === 'batched-covering' ? [covering] : details,
                each(`{${row.organisation_id}}`),
                (c.kind === 'batched-covering' ? [covering] : details).map((d) => createHash('sha256').update(d).digest()),
              ]),
            );
            await client.query('COMMIT');
          } else if (c.kind === 'minimal') {
            await client.query('BEGIN');
            await client.query(MIN_APPEND([threadId, key, poster.userId, poster.unitId]));
            await client.query(MIN_AUDIT([poster.userId, poster.unitId, threadId, createHash('sha256').update(key).digest()]));
            await client.query('COMMIT');
          } else {
            const row = (actor ??= (await client.query(ACTOR([[poster.userId]]))).rows[0] as {
              name: string;
              role: string;
              organisation_id: string;
            });
            await client.query('BEGIN');
            const thread = await client.query(THREAD([threadId, poster.userId, key]));
            const body = JSON.stringify({ kind: 'fritext', body: key });
            const appended = await client.query<{ audit_seq: string }>(
              APPEND([
                threadId,
                'fritext',
                key,
                null,
                poster.userId,
                poster.unitId,
                null,
                key,
                createHash('sha256').update(body).digest('hex'),
                7261099,
              ]),
            );
            const details = { seq: 1, kind: 'fritext', correlationId: key };
            await client.query(
              AUDIT([
                [appended.rows[0].audit_seq],
                new Date(),
                [poster.userId],
                [row.name],
                [poster.unitId],
                [row.role],
                [(thread.rows[0] as { patient_id: string }).patient_id],
                [threadId],
                ['message.create'],
                ['allowed'],
                ['127.0.0.1'],
                [JSON.stringify(details)],
                [`{${row.organisation_id}}`],
                [createHash('sha256').update(JSON.stringify(details)).digest()],
              ]),
            );
            await client.query('COMMIT');
          }
          latencies.push(now() - start);
          done += batch;
        }
      } finally {
        await client.end();
      }
    }),
  );
  // For `batched`, transactions counts posts (batch per transaction); the latency is each transaction's.
  return { transactions: done, perSecond: done / c.seconds, latency: summary(latencies) };
}

process.on('message', (command: Command & { id: number }) => {
  failures = {};
  const work = command.cmd === 'closed' ? closed(command) : command.cmd === 'rate' ? rate(command) : reference(command);
  work.then(
    (result) => process.send!({ id: command.id, result: { ...result, failures } }),
    (error: unknown) => process.send!({ id: command.id, error: String(error) }),
  );
});
