import Personnummer from 'personnummer';

export type IdentityType = 'personnummer' | 'samordningsnummer' | 'reservnummer';

/**
 * Parses a personnummer or samordningsnummer in any common form (10 or 12 digits, with or
 * without '-' or '+') and returns the normalised 12-digit form, or null when the checksum,
 * the date or the kind is wrong. A samordningsnummer has 60 added to the day.
 */
export function normaliseIdentityNumber(input: string, kind: 'personnummer' | 'samordningsnummer'): string | null {
  if (typeof input !== 'string' || !/^(\d{6}|\d{8})[-+]?\d{4}$/.test(input.trim())) return null;
  try {
    const parsed = Personnummer.parse(input.trim(), { allowCoordinationNumber: true, allowInterimNumber: false });
    if (parsed.isCoordinationNumber() !== (kind === 'samordningsnummer')) return null;
    return parsed.format(true);
  } catch {
    return null;
  }
}

/** For lists and notices: the birth date stays, the last four digits do not. */
export function maskIdentityNumber(normalised: string): string {
  return `${normalised.slice(0, 8)}-****`;
}

export function formatIdentityNumber(type: IdentityType, value: string): string {
  return type === 'reservnummer' ? value : `${value.slice(0, 8)}-${value.slice(8)}`;
}
