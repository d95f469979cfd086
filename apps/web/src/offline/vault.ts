/**
 * The phone's offline copy (docs/offline.md), encrypted at rest: every record is AES-GCM encrypted
 * with the session's key before it reaches IndexedDB. The key comes from the server
 * (GET /api/offline/key), lives in the server's session and, on the phone, only in this tab's
 * sessionStorage, and wrapped under the user's PIN if they chose one (PBKDF2, a handful of tries):
 * closing the app leaves ciphertext only the PIN opens, logging out deletes everything, and the copy itself is deleted at logout, after the shift length and on lost access.
 * localStorage keeps only who the copy belongs to and when it was made (no patient data).
 */
const DB_NAME = 'brygga-offline';
const STORE = 'vault';
const KEY_ITEM = 'brygga.offline.nyckel';
const META_ITEM = 'brygga.offline.meta';
/** The session's key wrapped under the user's PIN (PBKDF2 → AES-GCM): opens the copy after the app was closed. */
const PIN_ITEM = 'brygga.offline.pin';
const PIN_ITERATIONS = 600_000;
/** Wrong PINs in a row before the copy is deleted: a guesser at the phone gets a handful of tries, not a brute force. */
export const PIN_TRIES = 5;

interface Sealed {
  id: string;
  iv: Uint8Array;
  data: ArrayBuffer;
}

export interface VaultMeta {
  userId: string;
  /** When the copy was started: it is dropped shiftHours later. */
  createdAt: string;
  shiftHours: number;
  /** SHA-256 of the key (first 8 bytes): tells whether this session's key opens the copy, without the key. */
  keyFingerprint: string;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB'));
    });
  } finally {
    db.close();
  }
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export async function fingerprint(base64: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', base64ToBytes(base64)));
  return Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Keeps the session's key for this tab (never in localStorage or IndexedDB). */
export function rememberKey(base64: string): void {
  sessionStorage.setItem(KEY_ITEM, base64);
}

export function hasKey(): boolean {
  return sessionStorage.getItem(KEY_ITEM) !== null;
}

let imported: { raw: string; key: Promise<CryptoKey> } | undefined;

function cryptoKey(): Promise<CryptoKey> | null {
  const raw = sessionStorage.getItem(KEY_ITEM);
  if (!raw) return null;
  if (imported?.raw !== raw) {
    imported = { raw, key: crypto.subtle.importKey('raw', base64ToBytes(raw), 'AES-GCM', false, ['encrypt', 'decrypt']) };
  }
  return imported.key;
}

export function readMeta(): VaultMeta | null {
  try {
    const meta = JSON.parse(localStorage.getItem(META_ITEM) ?? 'null') as VaultMeta | null;
    return meta && typeof meta.userId === 'string' && typeof meta.createdAt === 'string' ? meta : null;
  } catch {
    return null;
  }
}

export function writeMeta(meta: VaultMeta): void {
  localStorage.setItem(META_ITEM, JSON.stringify(meta));
}

/** Past the shift length: the copy must go (checked online and offline). */
export function expired(meta: VaultMeta, now = Date.now()): boolean {
  return now - new Date(meta.createdAt).getTime() > meta.shiftHours * 3_600_000;
}

export async function put(id: string, value: unknown): Promise<void> {
  const key = cryptoKey();
  if (!key) throw new Error('Ingen nyckel för den sparade kopian.');
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key, new TextEncoder().encode(JSON.stringify(value)));
  await withStore('readwrite', (store) => store.put({ id, iv, data } satisfies Sealed));
}

/** The record, or null when absent or not readable with this session's key. */
export async function get<T>(id: string): Promise<T | null> {
  const key = cryptoKey();
  if (!key) return null;
  const sealed = await withStore<Sealed | undefined>('readonly', (store) => store.get(id) as IDBRequest<Sealed | undefined>);
  if (!sealed) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer> }, await key, sealed.data);
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  } catch {
    return null;
  }
}

export async function ids(prefix: string): Promise<string[]> {
  const all = await withStore<IDBValidKey[]>('readonly', (store) => store.getAllKeys());
  return all.map(String).filter((id) => id.startsWith(prefix));
}

export async function all<T>(prefix: string): Promise<T[]> {
  const found: T[] = [];
  for (const id of await ids(prefix)) {
    const value = await get<T>(id);
    if (value !== null) found.push(value);
  }
  return found;
}

export async function remove(id: string): Promise<void> {
  await withStore('readwrite', (store) => store.delete(id));
}

/** Everything gone: records, meta, and this tab's key. */
export async function wipe(): Promise<void> {
  localStorage.removeItem(META_ITEM);
  localStorage.removeItem(PIN_ITEM);
  pinKey = undefined;
  sessionStorage.removeItem(KEY_ITEM);
  imported = undefined;
  await withStore('readwrite', (store) => store.clear());
}

/** Only the ciphertext would go: for logout, where the key must not be kept either. */
export function forgetKey(): void {
  sessionStorage.removeItem(KEY_ITEM);
  imported = undefined;
}

/**
 * A new session's key (after logging in again, e.g. when the session ended while without
 * coverage): what the old key still opens is sealed again under the new one, so nothing queued is lost.
 */
export async function rekey(newBase64: string): Promise<void> {
  const records: [string, unknown][] = [];
  for (const id of await ids('')) {
    const value = await get<unknown>(id);
    if (value !== null) records.push([id, value]);
  }
  rememberKey(newBase64);
  await withStore('readwrite', (store) => store.clear());
  for (const [id, value] of records) await put(id, value);
  // The PIN wrapped the old key: wrap the new one if this page still holds the PIN's key, else the PIN is asked for again.
  if (pinKey && readPin()) await wrapUnder(pinKey.key, pinKey.salt, newBase64);
  else localStorage.removeItem(PIN_ITEM);
}

interface PinWrap {
  salt: string;
  iv: string;
  wrapped: string;
  iterations: number;
  failures: number;
}

/** The PIN's derived key, kept in this page only (never stored): lets a new session's key be wrapped again. */
let pinKey: { key: CryptoKey; salt: string } | undefined;

const bytesToBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function readPin(): PinWrap | null {
  try {
    const pin = JSON.parse(localStorage.getItem(PIN_ITEM) ?? 'null') as PinWrap | null;
    return pin && typeof pin.wrapped === 'string' ? pin : null;
  } catch {
    return null;
  }
}

export function hasPin(): boolean {
  return readPin() !== null;
}

async function derive(pin: string, salt: string, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: base64ToBytes(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function wrapUnder(key: CryptoKey, salt: string, rawBase64: string): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, base64ToBytes(rawBase64)));
  localStorage.setItem(
    PIN_ITEM,
    JSON.stringify({
      salt,
      iv: bytesToBase64(iv),
      wrapped: bytesToBase64(wrapped),
      iterations: PIN_ITERATIONS,
      failures: 0,
    } satisfies PinWrap),
  );
}

/** Wraps this session's key under the PIN, so the copy can be opened offline after the app was closed. */
export async function setPin(pin: string): Promise<void> {
  const raw = sessionStorage.getItem(KEY_ITEM);
  if (!raw) throw new Error('Ingen nyckel för den sparade kopian.');
  const salt = bytesToBase64(crypto.getRandomValues(new Uint8Array(16)));
  const key = await derive(pin, salt, PIN_ITERATIONS);
  await wrapUnder(key, salt, raw);
  pinKey = { key, salt };
}

/**
 * Opens the copy with the PIN: the unwrapped key goes to this tab's storage, as after a login.
 * 'fel': wrong PIN (tries left); 'raderad': too many wrong PINs, the copy is deleted.
 */
export async function unlock(pin: string): Promise<{ outcome: 'ok' } | { outcome: 'fel'; left: number } | { outcome: 'raderad' }> {
  const wrap = readPin();
  if (!wrap) return { outcome: 'raderad' };
  const key = await derive(pin, wrap.salt, wrap.iterations);
  try {
    const raw = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: base64ToBytes(wrap.iv) }, key, base64ToBytes(wrap.wrapped));
    localStorage.setItem(PIN_ITEM, JSON.stringify({ ...wrap, failures: 0 }));
    rememberKey(bytesToBase64(new Uint8Array(raw)));
    pinKey = { key, salt: wrap.salt };
    return { outcome: 'ok' };
  } catch {
    const failures = wrap.failures + 1;
    if (failures >= PIN_TRIES) {
      await wipe();
      return { outcome: 'raderad' };
    }
    localStorage.setItem(PIN_ITEM, JSON.stringify({ ...wrap, failures }));
    return { outcome: 'fel', left: PIN_TRIES - failures };
  }
}

/** A copy is on the phone, within its shift, locked behind a PIN this tab has not entered yet. */
export function locked(): boolean {
  const meta = readMeta();
  return meta !== null && !expired(meta) && !hasKey() && hasPin();
}
