/**
 * Swedish personal identity numbers as people type them: 10 or 12 digits, with or without
 * '-' or '+'. Checks the date and the check digit (Luhn) while typing; the server checks again.
 */
export type IdentityCheck =
  | { state: 'empty' }
  | { state: 'incomplete'; message: string }
  | { state: 'invalid'; message: string }
  | { state: 'valid'; kind: 'personnummer' | 'samordningsnummer'; normalised: string; display: string };

function luhn(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

export function checkIdentityNumber(input: string, today = new Date()): IdentityCheck {
  const raw = input.trim();
  if (!raw) return { state: 'empty' };
  if (/[^\d\s+-]/.test(raw)) return { state: 'invalid', message: 'Får bara innehålla siffror och bindestreck, t.ex. 19121212-1212.' };
  const plus = raw.includes('+');
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 10) return { state: 'incomplete', message: 'Skriv 12 siffror: ÅÅÅÅMMDD-NNNN.' };
  if (digits.length === 11 || digits.length > 12) return { state: 'invalid', message: 'Ett personnummer har 10 eller 12 siffror.' };
  let full: string;
  if (digits.length === 12) {
    full = digits;
  } else {
    const yy = Number(digits.slice(0, 2));
    const thisYear = today.getFullYear();
    let century = Math.floor(thisYear / 100) * 100;
    if (century + yy > thisYear) century -= 100;
    if (plus) century -= 100;
    full = `${century + yy}${digits.slice(2)}`;
  }
  const year = Number(full.slice(0, 4));
  const month = Number(full.slice(4, 6));
  let day = Number(full.slice(6, 8));
  const coordination = day > 60;
  if (coordination) day -= 60;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth)
    return { state: 'invalid', message: 'Datumdelen är inte ett giltigt datum.' };
  if (year < 1850 || new Date(Date.UTC(year, month - 1, day)) > today)
    return { state: 'invalid', message: 'Födelsedatumet kan inte ligga i framtiden.' };
  if (!luhn(full.slice(2))) return { state: 'invalid', message: 'Kontrollsiffran stämmer inte. Kontrollera numret.' };
  const display = `${full.slice(0, 8)}-${full.slice(8)}`;
  return { state: 'valid', kind: coordination ? 'samordningsnummer' : 'personnummer', normalised: full, display };
}
