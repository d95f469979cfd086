import { randomBytes } from 'node:crypto';
import { GENESIS_HASH, keyedChainHash } from './audit-chain';
import { checkHead, checkRow, MAX_TRANSACTION_AGE_MS, sealRow, type HeadRow, type SealRow } from './audit-continuity';
import { auditKeyFromSeed } from './audit-key';

const key = auditKeyFromSeed(randomBytes(32));
const now = new Date('2026-12-06T12:00:00.000Z');

function row(seq: string, at: Date, extra: Partial<SealRow> = {}): SealRow {
  return {
    seq,
    occurred_at: at,
    user_id: null,
    user_name: 'Karin',
    unit_id: null,
    organisation_id: null,
    role: 'koordinator',
    patient_id: '7e4f0508-74b7-4985-8381-1c7140a3fce7',
    thread_id: null,
    action: 'thread.read',
    outcome: 'allowed',
    client_address: null,
    details: null,
    organisation_ids: null,
    patient_ref: null,
    content_hash: null,
    identity_type: 'personnummer',
    identity_number: '190006129803',
    reserve_issuer: '',
    ...extra,
  };
}

/** The head as the sealer reads it, from a row it sealed itself. */
function head(r: SealRow): HeadRow {
  const { content, chained, ref } = sealRow(key, r);
  return {
    ...r,
    row_seq: r.seq,
    prev_seq: null,
    prev_hash: GENESIS_HASH,
    hash: keyedChainHash(key.chainKey, GENESIS_HASH, chained),
    key_id: key.id,
    link_content_hash: content,
    link_patient_ref: ref,
    below_seq: null,
    below_hash: null,
  };
}

describe('the sealer’s continuity rules', () => {
  it('links a row placed by the database, up to 15 minutes before the row it follows (a long transaction)', () => {
    const prev = new Date(now.getTime() - 1000);
    expect(checkRow(row('2', new Date(prev.getTime() - MAX_TRANSACTION_AGE_MS + 1)), prev, now)).toBeNull();
  });

  it('refuses a backdated row and a row dated ahead', () => {
    expect(checkRow(row('2', new Date(now.getTime() - 14 * 86_400_000)), now, now)).toMatchObject({ seq: '2', time: 'backdated' });
    expect(checkRow(row('2', new Date(now.getTime() + 3_600_000)), null, now)).toMatchObject({ seq: '2', time: 'future' });
  });

  it('ties a row to the patient as identified at sealing (a keyed hash of the number)', () => {
    const sealed = sealRow(key, row('1', now));
    const other = sealRow(key, row('1', now, { identity_number: '190704019801' }));
    expect(sealed.ref).toHaveLength(32);
    expect(sealed.ref!.equals(other.ref!)).toBe(false);
    expect(sealed.content!.equals(other.content!)).toBe(false);
  });

  it('extends a sound head, and refuses one whose row, link or patient reference was forged', () => {
    const sound = head(row('1', now));
    expect(checkHead(key, sound)).toBeNull();
    expect(checkHead(key, { ...sound, hash: randomBytes(32) })).toMatchObject({ seq: '1', reason: expect.stringMatching(/does not hold/) });
    expect(checkHead(key, { ...sound, user_name: 'Per' })).toMatchObject({ reason: expect.stringMatching(/content differs/) });
    expect(checkHead(key, { ...sound, row_seq: null })).toMatchObject({ reason: expect.stringMatching(/no row/) });
    expect(checkHead(key, { ...sound, link_patient_ref: randomBytes(32) })).toMatchObject({
      reason: expect.stringMatching(/content differs/),
    });
    expect(checkHead(key, { ...sound, below_seq: '0' })).toMatchObject({ reason: expect.stringMatching(/does not follow/) });
  });
});
