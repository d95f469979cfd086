import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type AuditKey, signText, verifyText } from './audit-key';

/**
 * A signed checkpoint of the access log's chain: "at `at`, the chain of database `db` reached row
 * `seq` with link `head`", signed by node `node` with the Ed25519 key `key` (AuditKey.id). Kept
 * outside the database (an append-only JSONL file, optionally a notary), so a database superuser
 * who deletes the newest rows, or rewrites the chain, contradicts a checkpoint.
 */
export interface Checkpoint {
  v: 1;
  db: string;
  seq: string;
  head: string;
  at: string;
  node: string;
  key: string;
  sig: string;
}

function signedText(c: Omit<Checkpoint, 'sig'>): string {
  return ['brygga-audit-checkpoint/v1', c.db, c.seq, c.head, c.at, c.node, c.key].join('\n');
}

export function signCheckpoint(key: AuditKey, fields: Omit<Checkpoint, 'v' | 'key' | 'sig'>): Checkpoint {
  const unsigned = { v: 1 as const, ...fields, key: key.id };
  return { ...unsigned, sig: signText(key, signedText(unsigned)) };
}

export function checkpointValid(key: AuditKey, c: Checkpoint): boolean {
  return c.key === key.id && verifyText(key, signedText(c), c.sig);
}

/**
 * Appends one line. O_APPEND with one write per line: lines of several processes sharing the file
 * never interleave; the file is created 0600.
 */
export function appendCheckpoint(file: string, checkpoint: Checkpoint): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
  } finally {
    closeSync(fd);
  }
}

/** The last line of the file, read from its tail (the file only grows). */
export function lastCheckpoint(file: string): Checkpoint | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 4096);
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size - length);
    const lines = tail.toString('utf8').trim().split('\n');
    return parseLine(lines[lines.length - 1]);
  } finally {
    closeSync(fd);
  }
}

function parseLine(line: string | undefined): Checkpoint | undefined {
  if (!line) return undefined;
  try {
    const c = JSON.parse(line) as Checkpoint;
    return c && c.v === 1 && /^\d+$/.test(c.seq) && typeof c.head === 'string' ? c : undefined;
  } catch {
    return undefined;
  }
}

export interface CheckpointFile {
  /** Lines signed by this key, for this database. */
  valid: Checkpoint[];
  /** Lines that claim this key but whose signature does not hold, or that do not parse. */
  forged: { line: number; seq?: string }[];
  /** Lines of another key or another database: not evidence here. */
  foreign: number;
}

export function readCheckpoints(file: string, key: AuditKey, db: string): CheckpointFile {
  const result: CheckpointFile = { valid: [], forged: [], foreign: 0 };
  if (!existsSync(file)) return result;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const c = parseLine(line);
      if (!c) result.forged.push({ line: i + 1 });
      else if (c.key !== key.id || c.db !== db) result.foreign += 1;
      else if (!checkpointValid(key, c)) result.forged.push({ line: i + 1, seq: c.seq });
      else result.valid.push(c);
    });
  return result;
}
