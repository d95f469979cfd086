import type { AuditEntry, AuditOutcome } from './audit.entity';
import { chainHash, contentHash, GENESIS_HASH, keyedChainHash } from './audit-chain';
import type { CheckpointFile } from './audit-checkpoint';
import type { AuditKey } from './audit-key';

import type { VerifyResult } from './audit.dto';

export { VerifyResult } from './audit.dto';

/** Rows as the database driver returns them (TypeORM's query() or pg's rows). */
export type RowQuery = (sql: string, params: unknown[]) => Promise<unknown[]>;

const BATCH = 5000;

/**
 * Walks the chain in seq order and holds it against the key and the signed checkpoints; names
 * the first row that does not hold. Read-only: the api seals first, the command-line tool does not.
 *
 * What each check catches (docs/access-log.md):
 * - a row changed: its content hash; a row and its content hash changed: its keyed link;
 * - a row removed, links recomputed: the keyed link after the gap (the key is not in the database);
 * - the newest rows removed with their links: a checkpoint beyond the chain's end;
 * - the whole chain rebuilt as unkeyed links: the checkpoints no longer match; an unkeyed link
 *   after a keyed one is refused outright.
 */
export async function verifyChain(query: RowQuery, key: AuditKey, file: CheckpointFile): Promise<VerifyResult> {
  const checkpoints = new Map(file.valid.map((c) => [c.seq, c]));
  const last = file.valid.reduce<(typeof file.valid)[number] | undefined>(
    (a, c) => (!a || BigInt(c.seq) > BigInt(a.seq) ? c : a),
    undefined,
  );
  const summary = { checked: checkpoints.size, lastSeq: last?.seq ?? null, lastAt: last?.at ?? null, foreign: file.foreign };
  let prevSeq: string | null = null;
  let prevHash: Buffer = GENESIS_HASH;
  let keyed = false;
  let checked = 0;
  const result = (firstBroken?: VerifyResult['firstBroken']): VerifyResult => ({
    ok: !firstBroken,
    checkedRows: checked,
    lastSeq: prevSeq,
    ...(firstBroken ? { firstBroken } : {}),
    checkpoints: summary,
  });
  if (file.forged.length) {
    const f = file.forged[0];
    return result({ seq: f.seq ?? '0', reason: `kontrollpunkten på rad ${f.line} i kontrollpunktsfilen har ingen giltig signatur` });
  }
  const seen = new Set<string>();
  let after = '0';
  for (;;) {
    const rows = (await query(
      `SELECT c.seq::text AS link_seq, c.prev_seq::text AS prev_seq, c.prev_hash AS link_prev_hash, c.hash AS link_hash, c.key_id AS link_key_id, a.*
         FROM audit_chain c LEFT JOIN audit_log a ON a.seq = c.seq
        WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
      [after, BATCH],
    )) as LinkRow[];
    for (const row of rows) {
      const broken = (reason: string) => result({ seq: row.link_seq, reason });
      if (row.prev_seq !== prevSeq) return broken(`länken till föregående rad saknas (borttagen efter rad ${prevSeq ?? 'start'})`);
      if (!row.link_prev_hash.equals(prevHash)) return broken('länken till föregående rad stämmer inte');
      if (row.seq === undefined || row.seq === null) return broken(`rad ${row.link_seq} saknas (borttagen)`);
      const entry = toEntry(row);
      if (!contentHash(entry).equals(entry.contentHash)) return broken('radens innehåll har ändrats');
      let expected: Buffer;
      if (row.link_key_id === null) {
        if (keyed) return broken('en länk utan nyckel efter nycklade länkar (kedjan har räknats om)');
        expected = chainHash(prevHash, entry.contentHash);
      } else if (row.link_key_id === key.id) {
        keyed = true;
        expected = keyedChainHash(key.chainKey, prevHash, entry.contentHash);
      } else {
        return broken(`länken är förseglad med en annan nyckel (${row.link_key_id})`);
      }
      if (!expected.equals(row.link_hash))
        return broken('radens kedjehash stämmer inte (raden eller en tidigare rad har ändrats, tagits bort eller räknats om)');
      const checkpoint = checkpoints.get(row.link_seq);
      if (checkpoint && checkpoint.head !== row.link_hash.toString('hex')) {
        return broken(`kedjan stämmer inte med kontrollpunkten från ${checkpoint.at}`);
      }
      if (checkpoint) seen.add(row.link_seq);
      prevSeq = row.link_seq;
      prevHash = row.link_hash;
      checked += 1;
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1].link_seq;
  }
  // A checkpointed row that the walk never met was removed (with its link), in the middle or at the end.
  const missing = [...checkpoints.values()].filter((c) => !seen.has(c.seq)).sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))[0];
  if (missing) {
    return result({
      seq: missing.seq,
      reason: `rad ${missing.seq} saknas: kedjan slutar vid rad ${prevSeq ?? 'start'}, men kontrollpunkten från ${missing.at} visar att den nådde rad ${missing.seq}`,
    });
  }
  const [stray] = (await query(
    `SELECT a.seq::text AS seq FROM audit_log a LEFT JOIN audit_chain c ON c.seq = a.seq
      WHERE c.seq IS NULL AND a.seq <= $1 ORDER BY a.seq LIMIT 1`,
    [prevSeq ?? '0'],
  )) as { seq: string }[];
  if (stray) return result({ seq: stray.seq, reason: 'raden finns inte i kedjan (tillagd i efterhand)' });
  return result();
}

interface LinkRow {
  link_seq: string;
  prev_seq: string | null;
  link_prev_hash: Buffer;
  link_hash: Buffer;
  link_key_id: string | null;
  seq: string | null;
  occurred_at: Date;
  user_id: string | null;
  user_name: string | null;
  unit_id: string | null;
  role: string | null;
  patient_id: string | null;
  thread_id: string | null;
  action: string;
  outcome: AuditOutcome;
  client_address: string | null;
  details: AuditEntry['details'];
  organisation_ids: string[] | null;
  content_hash: Buffer;
}

function toEntry(row: LinkRow): AuditEntry {
  return {
    seq: String(row.seq),
    occurredAt: row.occurred_at,
    userId: row.user_id,
    userName: row.user_name,
    unitId: row.unit_id,
    role: row.role,
    patientId: row.patient_id,
    threadId: row.thread_id,
    action: row.action,
    outcome: row.outcome,
    clientAddress: row.client_address,
    details: row.details,
    organisationIds: row.organisation_ids,
    contentHash: row.content_hash,
  };
}
