import { chainHash, contentHash, GENESIS_HASH, keyedChainHash, patientRef, type PatientIdentity } from './audit-chain';
import { checkRow, entryOf, isPlaced, placedContent, ROW_SELECT, type SealRow } from './audit-continuity';
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
 *   after a keyed one is refused outright;
 * - a patient re-pointed to another identity number without a recorded correction: the row's
 *   patientRef (keyed hash of the number at sealing) matches none the patient has had;
 * - a row with a number the sequence never handed out, or unchained behind the chain.
 */
export async function verifyChain(query: RowQuery, key: AuditKey, file: CheckpointFile): Promise<VerifyResult> {
  // Several checkpoints may name one row (a restore's record and a sealer's): each must hold.
  const checkpoints = new Map<string, typeof file.valid>();
  for (const c of file.valid) checkpoints.set(c.seq, [...(checkpoints.get(c.seq) ?? []), c]);
  const last = file.valid.reduce<(typeof file.valid)[number] | undefined>(
    (a, c) => (!a || BigInt(c.seq) > BigInt(a.seq) ? c : a),
    undefined,
  );
  const summary = { checked: file.valid.length, lastSeq: last?.seq ?? null, lastAt: last?.at ?? null, foreign: file.foreign };
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
      `SELECT c.seq::text AS link_seq, c.prev_seq::text AS prev_seq, c.prev_hash AS link_prev_hash, c.hash AS link_hash, c.key_id AS link_key_id,
              c.content_hash AS link_content_hash, c.patient_ref AS link_patient_ref, a.*, a.seq::text AS seq
         FROM audit_chain c LEFT JOIN audit_log a ON a.seq = c.seq
        WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
      [after, BATCH],
    )) as LinkRow[];
    const identities = await identitiesOf(query, key, rows);
    for (const row of rows) {
      const broken = (reason: string) => result({ seq: row.link_seq, reason });
      if (row.prev_seq !== prevSeq) return broken(`länken till föregående rad saknas (borttagen efter rad ${prevSeq ?? 'start'})`);
      if (!row.link_prev_hash.equals(prevHash)) return broken('länken till föregående rad stämmer inte');
      if (row.seq === undefined || row.seq === null) return broken(`rad ${row.link_seq} saknas (borttagen)`);
      let content: Buffer;
      if (isPlaced(row)) {
        // The database placed the row and the sealer hashed it: content and patientRef are on the link.
        if (!row.link_content_hash) return broken('länken saknar radens innehållshash');
        if (row.patient_ref && !row.patient_ref.equals(row.link_patient_ref ?? Buffer.alloc(0)))
          return broken('radens patientreferens har ändrats');
        content = placedContent(row, row.link_patient_ref);
        if (!content.equals(row.link_content_hash)) return broken('radens innehåll har ändrats');
        if (row.patient_id) {
          const known = identities.get(row.patient_id);
          if (!known) return broken('raden gäller en patient som inte finns (borttagen)');
          if (!row.link_patient_ref || !known.some((ref) => ref.equals(row.link_patient_ref!))) {
            return broken('patientens identitetsnummer har ändrats utan registrerad rättelse (raden gällde en annan identitet)');
          }
        }
      } else {
        content = row.content_hash!;
        if (!contentHash(entryOf(row)).equals(content)) return broken('radens innehåll har ändrats');
      }
      let expected: Buffer;
      if (row.link_key_id === null) {
        if (keyed) return broken('en länk utan nyckel efter nycklade länkar (kedjan har räknats om)');
        expected = chainHash(prevHash, content);
      } else if (row.link_key_id === key.id) {
        keyed = true;
        expected = keyedChainHash(key.chainKey, prevHash, content);
      } else {
        return broken(`länken är förseglad med en annan nyckel (${row.link_key_id})`);
      }
      if (!expected.equals(row.link_hash))
        return broken('radens kedjehash stämmer inte (raden eller en tidigare rad har ändrats, tagits bort eller räknats om)');
      const here = checkpoints.get(row.link_seq) ?? [];
      const differs = here.find((c) => c.head !== row.link_hash.toString('hex'));
      if (differs) return broken(`kedjan stämmer inte med kontrollpunkten från ${differs.at}`);
      if (here.length) seen.add(row.link_seq);
      prevSeq = row.link_seq;
      prevHash = row.link_hash;
      checked += 1;
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1].link_seq;
  }
  // A checkpointed row that the walk never met was removed (with its link), in the middle or at the end.
  const missing = file.valid.filter((c) => !seen.has(c.seq)).sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))[0];
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
  const [beyond] = (await query(
    `SELECT a.seq::text AS seq FROM audit_log a
      WHERE a.seq > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM audit_log_seq) ORDER BY a.seq LIMIT 1`,
    [],
  )) as { seq: string }[];
  if (beyond)
    return result({ seq: beyond.seq, reason: 'raden har ett nummer som databasen aldrig har delat ut (inlagd utanför ordningen)' });
  // Rows not sealed yet: one the sealer will refuse (backdated, dated ahead) is named now.
  let prevTime =
    ((await query('SELECT occurred_at FROM audit_log WHERE seq = $1', [prevSeq ?? '0'])) as { occurred_at: Date }[])[0]?.occurred_at ??
    null;
  const [{ now }] = (await query('SELECT now()', [])) as { now: Date }[];
  const waiting = (await query(`SELECT ${ROW_SELECT} FROM audit_log a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`, [
    prevSeq ?? '0',
    BATCH,
  ])) as SealRow[];
  for (const row of waiting) {
    const out = checkRow(row, prevTime, now);
    if (out?.time) return result({ seq: out.seq, reason: `raden kan inte förseglas: ${TIME_REASONS[out.time]}` });
    prevTime = row.occurred_at;
  }
  return result();
}

const TIME_REASONS = {
  future: 'dess tidpunkt ligger i framtiden',
  backdated: 'dess tidpunkt ligger mer än 15 minuter före raden den följer (bakåtdaterad)',
};

/**
 * Every identity each patient of these rows has had: the number now, and the old number of each
 * recorded correction (the patients' read face patients_identity_history), as patientRefs.
 */
async function identitiesOf(query: RowQuery, key: AuditKey, rows: LinkRow[]): Promise<Map<string, Buffer[]>> {
  const ids = [...new Set(rows.filter((r) => r.patient_id && isPlaced(r)).map((r) => r.patient_id!))];
  const refs = new Map<string, Buffer[]>();
  if (!ids.length) return refs;
  const found = (await query(
    `SELECT patient_id, identity_type AS type, identity_number AS number, reserve_issuer AS issuer
       FROM patients_identity_history WHERE patient_id = ANY($1::uuid[])`,
    [ids],
  )) as (PatientIdentity & { patient_id: string })[];
  for (const identity of found) {
    refs.set(identity.patient_id, [...(refs.get(identity.patient_id) ?? []), patientRef(key.identityKey, identity)]);
  }
  return refs;
}

interface LinkRow extends Omit<SealRow, 'identity_type' | 'identity_number' | 'reserve_issuer'> {
  link_seq: string;
  prev_seq: string | null;
  link_prev_hash: Buffer;
  link_hash: Buffer;
  link_key_id: string | null;
  link_content_hash: Buffer | null;
  link_patient_ref: Buffer | null;
}
