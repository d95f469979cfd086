import type { EntityManager } from 'typeorm';
import { prepared } from '@brygga/database';
import { Message, Thread } from './thread.entities';
import { mapMessage, MESSAGE_SELECT, type MessageDto, type MessageRow } from './thread.mapper';

/**
 * The SQL of the hot path (every thread access, every post), as named prepared statements on the
 * transaction's own connection: parsed and planned once per connection, no query building, and
 * as few round trips as the work allows. TypeORM stays for everything else.
 */

/** An earlier post with the same idempotency key by the same author in the thread: a retry. */
export type EarlierPost = Pick<Message, 'id' | 'seq' | 'kind' | 'authorUnitId' | 'requestHash'>;

export interface LoadedThread {
  thread: Thread;
  participantUnitIds: string[];
  /** Only from loadThreadForPost: the author's earlier post with the key (null or absent: none). */
  earlierPost?: EarlierPost | null;
}

export type NewMessage = Pick<
  Message,
  'kind' | 'body' | 'payload' | 'authorUserId' | 'authorUnitId' | 'correctsMessageId' | 'idempotencyKey' | 'requestHash'
> &
  Partial<Pick<Message, 'observedAt'>>;

let threadColumns: string | undefined;

/** Thread's columns, named as its properties, from TypeORM's metadata: a new column needs no change here. */
function columnsOf(manager: EntityManager): string {
  threadColumns ??= manager.connection
    .getMetadata(Thread)
    .columns.map((c) => `t.${c.databaseName}${c.type === 'date' ? '::text' : ''} AS "${c.propertyName}"`) // a date as 'YYYY-MM-DD', as TypeORM gives it
    .join(', ');
  return threadColumns;
}

/** The thread's columns and its participating units (alias t). */
const threadWithParticipants = (manager: EntityManager) => `${columnsOf(manager)},
         ARRAY(SELECT tp.unit_id FROM thread_participant tp WHERE tp.thread_id = t.id) AS "participantUnitIds"`;

const selectThread = (manager: EntityManager, extra = '') => `
  SELECT ${threadWithParticipants(manager)}${extra}
    FROM thread t WHERE t.id = $1`;

/**
 * Within a FOR UPDATE statement the subquery sees the statement's snapshot, taken before the lock
 * wait: a retry that waited for its still-running original does not see it here, and its insert
 * then fails on message_idempotency, which makes the transaction run again (and find it).
 */
const earlierPost = (author: string, key: string) => `,
         (SELECT row_to_json(e) FROM (SELECT id, seq, kind, author_unit_id AS "authorUnitId", request_hash AS "requestHash"
            FROM message WHERE thread_id = t.id AND author_user_id = ${author} AND idempotency_key = ${key}) e) AS "earlierPost"`;

type ThreadRow = Thread & { participantUnitIds: string[]; earlierPost?: EarlierPost | null };

function split({ participantUnitIds, earlierPost, ...columns }: ThreadRow): LoadedThread {
  return { thread: Object.assign(new Thread(), columns), participantUnitIds, earlierPost };
}

/** A thread with its participating units; row-locked to the end of the transaction when `lock`. */
export async function loadThread(manager: EntityManager, threadId: string, lock: boolean): Promise<LoadedThread | undefined> {
  const name = lock ? 'thread-load-lock' : 'thread-load';
  const [row] = await prepared<ThreadRow>(manager, name, `${selectThread(manager)}${lock ? ' FOR UPDATE OF t' : ''}`, [threadId]);
  return row && split(row);
}

/** For a post: the locked thread, and in the same round trip the author's earlier post with this key (null: none). */
export async function loadThreadForPost(
  manager: EntityManager,
  threadId: string,
  authorUserId: string,
  idempotencyKey: string,
): Promise<LoadedThread | undefined> {
  const [row] = await prepared<ThreadRow>(
    manager,
    'thread-load-post',
    `${selectThread(manager, earlierPost('$2', '$3'))} FOR UPDATE OF t`,
    [threadId, authorUserId, idempotencyKey],
  );
  return row && split(row);
}

/** A post of a batch: its thread, author and idempotency key. */
export interface BatchPostKey {
  threadId: string;
  authorUserId: string;
  idempotencyKey: string;
}

/**
 * For a batch of posts, at most one per thread: the threads this transaction can lock at once, in
 * id order (no deadlock between batches), each with the author's earlier post under the key. A
 * thread another transaction holds is skipped, never waited for (SKIP LOCKED): its post goes alone.
 * The thread's columns are those of the row as locked (a row updated meanwhile: its new version).
 */
export async function lockThreadsForPosts(manager: EntityManager, posts: BatchPostKey[]): Promise<Map<string, LoadedThread>> {
  const text = `
    SELECT ${threadWithParticipants(manager)}${earlierPost('p.author', 'p.key')}
      FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS p(thread_id, author, key)
      JOIN thread t ON t.id = p.thread_id
     ORDER BY t.id
       FOR UPDATE OF t SKIP LOCKED`;
  const rows = await prepared<ThreadRow>(manager, 'thread-lock-batch', text, [
    posts.map((p) => p.threadId),
    posts.map((p) => p.authorUserId),
    posts.map((p) => p.idempotencyKey),
  ]);
  return new Map(rows.map((row) => [row.id, split(row)]));
}

const APPEND = `
  WITH s AS (UPDATE thread SET last_seq = last_seq + 1, updated_at = now() WHERE id = $1 RETURNING last_seq),
       m AS (INSERT INTO message (thread_id, seq, kind, body, payload, author_user_id, author_unit_id, corrects_message_id, idempotency_key, request_hash, observed_at)
             SELECT $1, s.last_seq, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10 FROM s RETURNING *)
  ${MESSAGE_SELECT.replace('FROM message m', 'FROM m')}`;

/**
 * Appends one message to the timeline: the next number, the insert and the row as clients see it
 * in one round trip. The caller's transaction must hold the thread row lock.
 */
export async function appendMessage(manager: EntityManager, threadId: string, message: NewMessage): Promise<MessageDto> {
  const [row] = await prepared<MessageRow>(manager, 'message-append', APPEND, appendValues(threadId, message));
  return mapMessage(row);
}

const APPEND_MANY = `
  WITH p AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::timestamptz[])
               AS p(thread_id, kind, body, payload, author_user_id, author_unit_id, corrects_message_id, idempotency_key, request_hash, observed_at)),
       s AS (UPDATE thread t SET last_seq = t.last_seq + 1, updated_at = now() FROM p WHERE t.id = p.thread_id RETURNING t.id, t.last_seq),
       m AS (INSERT INTO message (thread_id, seq, kind, body, payload, author_user_id, author_unit_id, corrects_message_id, idempotency_key, request_hash, observed_at)
             SELECT p.thread_id, s.last_seq, p.kind, p.body, p.payload, p.author_user_id, p.author_unit_id, p.corrects_message_id, p.idempotency_key, p.request_hash, p.observed_at
               FROM p JOIN s ON s.id = p.thread_id RETURNING *)
  ${MESSAGE_SELECT.replace('FROM message m', 'FROM m')}`;

/**
 * Appends one message to each of several threads in one round trip (a batch of posts), each the
 * thread's next number; the messages, by thread. At most one message per thread: two would share
 * the thread's one update. The caller's transaction must hold the threads' row locks.
 */
export async function appendMessages(
  manager: EntityManager,
  messages: { threadId: string; message: NewMessage }[],
): Promise<Map<string, MessageDto>> {
  if (new Set(messages.map((m) => m.threadId)).size !== messages.length) throw new Error('appendMessages: one message per thread');
  const perRow = messages.map((m) => appendValues(m.threadId, m.message));
  const columns = perRow[0].map((_, column) => perRow.map((row) => row[column]));
  const rows = await prepared<MessageRow>(manager, 'message-append-many', APPEND_MANY, columns);
  return new Map(rows.map((row) => [row.thread_id, mapMessage(row)]));
}

function appendValues(threadId: string, message: NewMessage): unknown[] {
  return [
    threadId,
    message.kind,
    message.body,
    message.payload === null ? null : JSON.stringify(message.payload),
    message.authorUserId,
    message.authorUnitId,
    message.correctsMessageId,
    message.idempotencyKey,
    message.requestHash,
    message.observedAt ?? null,
  ];
}

/** Any unique violation on message_idempotency: the transaction ran beside its own original. */
export function isRetryOfRunningPost(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driver?.code === '23505' && driver.constraint === 'message_idempotency';
}
