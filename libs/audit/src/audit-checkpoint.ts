import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type AuditKey, signText, verifyText } from './audit-key';

/**
 * A signed checkpoint of the access log's chain: "at `at`, the chain of installation `inst` reached
 * row `seq` with link `head`", signed by node `node` with the Ed25519 key `key` (AuditKey.id). Kept
 * outside the database (an append-only JSONL file, optionally a notary), so a database superuser
 * who deletes the newest rows, or rewrites the chain, contradicts a checkpoint.
 *
 * v2 names the installation's stable id (libs/database installation.ts), which a backup carries
 * into whatever database it is restored into; v1 named the database, and is still read for the
 * database of that name. `kind: 'restored'` records a restore (npm run audit:restored): "at `at`
 * the chain was restored to row `seq`". Checkpoints of the lost time after the backup (written
 * before the restore, beyond its row) no longer bind the chain; they stay in the file.
 */
export interface Checkpoint {
  v: 1 | 2;
  /** v1: the database's name. */
  db?: string;
  /** v2: the installation's id. */
  inst?: string;
  /** v2: `restored` for a restore's record; absent for the sealer's checkpoints. */
  kind?: 'restored';
  seq: string;
  head: string;
  at: string;
  node: string;
  key: string;
  sig: string;
}

type Fields = { inst: string; kind?: 'restored'; seq: string; head: string; at: string; node: string };

function signedText(c: Omit<Checkpoint, 'sig'>): string {
  return c.v === 1
    ? ['brygga-audit-checkpoint/v1', c.db, c.seq, c.head, c.at, c.node, c.key].join('\n')
    : ['brygga-audit-checkpoint/v2', c.inst, c.kind ?? 'sealed', c.seq, c.head, c.at, c.node, c.key].join('\n');
}

export function signCheckpoint(key: AuditKey, fields: Fields): Checkpoint {
  const { inst, kind, seq, head, at, node } = fields;
  const unsigned: Omit<Checkpoint, 'sig'> = { v: 2, inst, ...(kind ? { kind } : {}), seq, head, at, node, key: key.id };
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
    return c && (c.v === 1 || c.v === 2) && /^\d+$/.test(c.seq) && typeof c.head === 'string' ? c : undefined;
  } catch {
    return undefined;
  }
}

export interface CheckpointFile {
  /** Lines signed by this key, for this installation, that bind the chain (restores included). */
  valid: Checkpoint[];
  /** Lines that claim this key but whose signature does not hold, or that do not parse. */
  forged: { line: number; seq?: string }[];
  /** Lines of another key or another installation: not evidence here. */
  foreign: number;
  /** The restores recorded for this installation, oldest first. */
  restores: Checkpoint[];
  /** Checkpoints of the time a restore undid (written before it, beyond the row it restored to). */
  superseded: number;
}

/** Whose checkpoints count: this installation's (v2), and v1 lines of this database's name. */
export interface CheckpointOwner {
  installation: string;
  database: string;
}

export function readCheckpoints(file: string, key: AuditKey, owner: CheckpointOwner, extra: Checkpoint[] = []): CheckpointFile {
  const result: CheckpointFile = { valid: [], forged: [], foreign: 0, restores: [], superseded: 0 };
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  const mine: Checkpoint[] = [];
  [...lines, ...extra.map((c) => JSON.stringify(c))].forEach((line, i) => {
    if (!line.trim()) return;
    const c = parseLine(line);
    if (!c) result.forged.push({ line: i + 1 });
    else if (c.key !== key.id || (c.v === 2 ? c.inst !== owner.installation : c.db !== owner.database)) result.foreign += 1;
    else if (!checkpointValid(key, c)) result.forged.push({ line: i + 1, seq: c.seq });
    else mine.push(c);
  });
  result.restores = mine.filter((c) => c.kind === 'restored').sort((a, b) => a.at.localeCompare(b.at));
  for (const c of mine) {
    const undone = result.restores.some((r) => r !== c && c.at < r.at && BigInt(c.seq) > BigInt(r.seq));
    if (undone) result.superseded += 1;
    else result.valid.push(c);
  }
  return result;
}
