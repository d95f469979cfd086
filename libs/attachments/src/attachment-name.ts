import { invalid } from '@brygga/common';

/** Longer names are refused (a clear 400), not cut: a cut name may end up with another meaning. */
export const MAX_NAME_LENGTH = 255;

// Control characters (C0, DEL, C1) and the bidi controls that can make "gpj.exe" read as "exe.jpg".
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name a file is shown and downloaded with: the last path segment only (browsers and tools
 * send "C:\\fakepath\\x.pdf" or "../../x"), NFC, without control or bidi characters, trimmed.
 */
export function normaliseName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const name = base.normalize('NFC').replace(CONTROL, '').replace(BIDI, '').trim().replace(/^\.+/, '');
  if ([...name].length > MAX_NAME_LENGTH) throw invalid('file', `filnamnet är för långt (högst ${MAX_NAME_LENGTH} tecken)`);
  return name || 'bilaga';
}

/** Content-Disposition with an ASCII fallback and the real name per RFC 5987/6266. */
export function contentDisposition(name: string): string {
  const ascii =
    name
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\%;]/g, '_') || 'bilaga';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
