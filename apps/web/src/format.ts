import type { ItemState, OrgKind, Role, ThreadStatus, Triage } from './api/model';

/** Everything people read, in Swedish and in Stockholm time. */
const TZ = 'Europe/Stockholm';
const dateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const longDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '–';
}

export function formatTime(iso: string): string {
  return timeOnly.format(new Date(iso));
}

/** Today: "10:42"; another day: "2026-11-22 10:42". */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return dateOnly.format(d) === dateOnly.format(new Date()) ? timeOnly.format(d) : dateTime.format(d);
}

/** A calendar date (YYYY-MM-DD) as people read it: "2026-11-24 (tis 24 nov.)". */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '–';
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? date : `${date} (${longDate.format(d)})`;
}

/** "Anna Andersson" → "Anna A." */
export function shortName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.length > 1 ? `${parts.slice(0, -1).join(' ')} ${parts[parts.length - 1][0]}.` : name;
}

export const TRIAGE: Record<Triage, { label: string; description: string }> = {
  gron: { label: 'Grön', description: 'Grönt spår: enkel hemgång' },
  gul: { label: 'Gul', description: 'Gult spår: behöver planering' },
  rod: { label: 'Röd', description: 'Rött spår: omfattande behov' },
};

export const STATUS: Record<ThreadStatus, string> = {
  inskriven: 'Inskriven',
  planering: 'Planering',
  utskrivningsklar: 'Utskrivningsklar',
  avbrott: 'Avbrott',
  utskriven: 'Hemma',
  avslutad: 'Avslutad',
  makulerad: 'Makulerad',
};

export const ORG_KIND: Record<OrgKind, string> = {
  slutenvard: 'Slutenvård',
  sof: 'Socialförvaltningen',
  hemsjukvard: 'Hemsjukvård',
  hemtjanst: 'Hemtjänst',
  primarvard: 'Primärvård',
};

export const ROLE: Record<Role, string> = {
  koordinator: 'vårdkoordinator',
  handlaggare: 'biståndshandläggare',
  sjukskoterska: 'sjuksköterska',
  utforare: 'utförare',
  lakare: 'läkare',
  logggranskare: 'logggranskare',
  admin: 'administratör',
  enhetschef: 'enhetschef',
};

export const ITEM_STATE: Record<ItemState, string> = {
  ej_paborjad: 'Ej påbörjad',
  pagar: 'Pågår',
  klar: 'Klar',
  ej_aktuell: 'Ej aktuell',
};

/** `<input type="datetime-local">` value for a moment, in the browser's time zone. */
export function toLocalInput(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value as an ISO moment (with Z), or null when it is not a valid moment. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function todayDate(): string {
  return toLocalInput(new Date()).slice(0, 10);
}

export function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const dayTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TZ,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** "fre 27 nov 10:30": a moment near in time, as people say it. */
export function formatDayTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return dayTime
    .formatToParts(new Date(iso))
    .map((p) => (p.type === 'month' || p.type === 'weekday' ? p.value.replace(/\.$/, '') : p.value))
    .join('');
}

const shortDayTime = new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const shortDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', day: 'numeric', month: 'short' });

/** "27 nov 10:30": a moment near in time where a table column has little room (the inbox). */
export function formatShortDayTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return shortDayTime
    .formatToParts(new Date(iso))
    .map((p) => (p.type === 'month' ? p.value.replace(/\.$/, '') : p.value))
    .join('');
}

/** "27 nov" for a date (YYYY-MM-DD) in a narrow column. */
export function formatShortDate(date: string | null | undefined): string {
  if (!date) return '–';
  return shortDay
    .formatToParts(new Date(`${date}T00:00:00Z`))
    .map((p) => (p.type === 'month' ? p.value.replace(/\.$/, '') : p.value))
    .join('');
}

/** "Kallelse till SIP-möte" → "kallelse till SIP-möte" (inside a sentence; abbreviations stay). */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
