import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Prefix of the access tokens Brygga issues itself, so the resolver tells them from an issuer's JWTs without a lookup. */
export const BRYGGA_TOKEN_PREFIX = 'bst_';

/** A system client's secret: 256 random bits, shown once. */
export function newSystemSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** scrypt (Node's own, memory-hard) with a salt of its own: `scrypt$<salt>$<hash>`. */
export async function hashSystemSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function systemSecretMatches(secret: string, stored: string | null | undefined): Promise<boolean> {
  const [kind, salt, hash] = (stored ?? '').split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const given = await scryptAsync(secret, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(given, expected);
}

/** An access token of Brygga's own: random, kept only as its SHA-256 (a stolen table holds no usable token). */
export function newSystemAccessToken(): string {
  return `${BRYGGA_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function systemTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
