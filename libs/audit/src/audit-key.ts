import { createHash, createHmac, createPrivateKey, createPublicKey, KeyObject, randomBytes, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Injection token for the AuditKey of this node. */
export const AUDIT_KEY = Symbol('AUDIT_KEY');

/**
 * The access log's secret, kept outside the database: a database superuser can rewrite every row
 * and link but cannot compute a keyed link or sign a checkpoint. One 32-byte seed in a file
 * (mode 0600) gives both the chain's HMAC key and the Ed25519 key that signs checkpoints.
 * Every api node on one database needs the same file (a shared secret, like SESSION_SECRET).
 */
export interface AuditKey {
  /** Short public id (sha256 of the public key): stored on every link it sealed. */
  id: string;
  chainKey: Buffer;
  /**
   * Keys the patient reference on each sealed row (patientRef): a keyed hash of the identity number
   * the row was about, so a row stays tied to the identity as it was even if the patient record is
   * re-pointed, and a search by personnummer finds rows without the number being stored in them.
   */
  identityKey: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

// An Ed25519 private key in PKCS#8 DER is this fixed prefix followed by the 32-byte seed.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function auditKeyFromSeed(seed: Buffer): AuditKey {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const id = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
  return {
    id,
    chainKey: createHmac('sha256', seed).update('brygga-audit-chain/v1').digest(),
    identityKey: createHmac('sha256', seed).update('brygga-audit-identity/v1').digest(),
    privateKey,
    publicKey,
  };
}

/** Reads the key file, creating it (0600, exclusive) on first start; tightens a loose mode. */
export function loadAuditKey(file: string): AuditKey {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error; // another node made it first
    }
  }
  if (statSync(file).mode & 0o077) chmodSync(file, 0o600);
  const seed = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (seed.length !== 32) throw new Error(`The access-log key file ${file} must hold 64 hex digits`);
  return auditKeyFromSeed(seed);
}

export function signText(key: AuditKey, text: string): string {
  return sign(null, Buffer.from(text), key.privateKey).toString('base64');
}

export function verifyText(key: AuditKey, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text), key.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
