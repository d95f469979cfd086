import { formatDate, formatDateTime, fromLocalInput, isValidDate, toLocalInput } from '../format';
import type { OrgKind, ThreadStatus } from '../api/model';
import type { MessageKindName } from '@brygga/contracts';
import { HOME_DISPLAY, HOME_KINDS } from './home-kinds';
import { form, type FieldDef, type KindDef } from './kind-form';

/**
 * The structured message kinds as people see and write them: forms built on the contract
 * (@brygga/contracts message-kinds.ts, which the server's rules and validation implement).
 */
export type { FieldDef, FieldType, KindDef } from './kind-form';

const PER: [string, string][] = [
  ['dag', 'per dag'],
  ['vecka', 'per vecka'],
  ['manad', 'per månad'],
  ['period', 'pott för perioden'],
];

/** A unit's answer to a SIP summons, as people read it. */
export const SIP_SVAR: [string, string][] = [
  ['accepterar', 'Accepterar'],
  ['avbojer', 'Avböjer'],
  ['foreslar_annan_tid', 'Föreslår annan tid'],
];

export const COMPOSABLE: KindDef[] = [
  form({ kind: 'fritext', title: 'Meddelande', fields: [], bodyLabel: 'Meddelande' }),
  form({
    kind: 'inskrivningsmeddelande',
    title: 'Inskrivningsmeddelande',
    fields: [
      { name: 'inskrivenAt', label: 'Inskriven', type: 'datetime', required: true },
      { name: 'forvantatUtskrivningsdatum', label: 'Förväntat utskrivningsdatum', type: 'date' },
      { name: 'bedomtBehov', label: 'Bedömt behov efter utskrivning', type: 'textarea', required: true, maxLength: 4000 },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'planerad_utskrivning',
    title: 'Planerad utskrivning',
    fields: [{ name: 'planeradUtskrivning', label: 'Planerat utskrivningsdatum', type: 'date', required: true }],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'utskrivningsklar',
    title: 'Utskrivningsklar',
    fields: [
      {
        name: 'utskrivningsklarAt',
        label: 'Utskrivningsklar från',
        type: 'datetime',
        required: true,
        hint: 'Läkarens bedömning att patienten inte längre behöver slutenvård.',
      },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'avbrott',
    title: 'Avbrott i utskrivningen',
    fields: [
      { name: 'avbrottAt', label: 'Tidpunkt', type: 'datetime', required: true },
      { name: 'orsak', label: 'Orsak', type: 'textarea', required: true, maxLength: 1000 },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'permission',
    title: 'Permission',
    fields: [{ name: 'permissionFran', label: 'Permission från', type: 'datetime', required: true }],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'permission_slut',
    title: 'Tillbaka från permission',
    fields: [{ name: 'aterkomstAt', label: 'Tillbaka', type: 'datetime', required: true }],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'dodsfall',
    title: 'Dödsfall',
    fields: [{ name: 'avlidenAt', label: 'Tidpunkt för dödsfallet', type: 'datetime', required: true }],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'utskrivningsmeddelande',
    title: 'Utskrivningsmeddelande',
    fields: [
      { name: 'utskrivenAt', label: 'Utskriven', type: 'datetime', required: true },
      { name: 'lakemedelslistaBifogad', label: 'Läkemedelslista bifogad', type: 'checkbox' },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'sip_kallelse',
    title: 'Kallelse till SIP-möte',
    fields: [
      { name: 'motesTid', label: 'Mötestid', type: 'datetime', required: true },
      {
        name: 'plats',
        label: 'Plats',
        type: 'text',
        required: true,
        maxLength: 200,
        hint: 'T.ex. ”Avd 4, samtalsrummet” eller ”Videomöte”.',
      },
      { name: 'deltagare', label: 'Deltagare', type: 'lines', hint: 'En per rad.' },
      {
        name: 'inbjudnaEnheter',
        label: 'Kallade enheter',
        type: 'units',
        required: true,
        hint: 'De kallade enheterna svarar på kallelsen i Brygga.',
      },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'hemgangsbeslut',
    title: 'Hemgångsbeslut',
    fields: [
      { name: 'beviljadeTimmar', label: 'Beviljade timmar', type: 'number', required: true, max: 2000 },
      { name: 'per', label: 'Per', type: 'select', required: true, options: PER },
      { name: 'giltigtFran', label: 'Gäller från', type: 'date', required: true },
      { name: 'giltigtTill', label: 'Gäller till', type: 'date', hint: 'Krävs för en pott timmar för perioden.' },
      { name: 'insatser', label: 'Insatser', type: 'lines', hint: 'En per rad, t.ex. ”Hjälp med dusch”.' },
    ],
    bodyLabel: 'Kommentar',
  }),
  ...HOME_KINDS,
];

/** Display-only kinds: readiness and the timeline events of checklists and hemgångsklar. */
const DISPLAY: Partial<Record<MessageKindName, { title: string; fields?: FieldDef[] }>> = {
  redo: { title: 'Redo att ta emot patienten', fields: [{ name: 'redoFran', label: 'Redo från', type: 'datetime' }] },
  redo_aterkallad: { title: 'Återkallat: inte längre redo', fields: [{ name: 'orsak', label: 'Orsak', type: 'textarea' }] },
  checklista_tillagd: { title: 'Checklista tillagd' },
  checklista_andrad: { title: 'Checklista ändrad' },
  hemgangsklar: { title: 'Hemgångsklar' },
  sip_svar: {
    title: 'Svar på SIP-kallelse',
    fields: [
      { name: 'svar', label: 'Svar', type: 'select', options: SIP_SVAR },
      { name: 'foreslagenTid', label: 'Föreslagen tid', type: 'datetime' },
      { name: 'orsak', label: 'Orsak', type: 'textarea' },
    ],
  },
  kvittens: { title: 'Kvittens', fields: [{ name: 'kommentar', label: 'Kommentar', type: 'textarea' }] },
  deltagare_tillagd: { title: 'Deltagare tillagd' },
  deltagare_borttagen: { title: 'Deltagare borttagen' },
  agare_bytt: { title: 'Ärendet överlämnat' },
  arende_avslutat: { title: 'Ärendet avslutat' },
  arende_makulerat: { title: 'Ärendet makulerat' },
  uppgift_andrad: { title: 'Uppgift ändrad' },
  plan_publicerad: { title: 'Min hemgång publicerad' },
  bevakning: { title: 'Bevakning' },
  ...HOME_DISPLAY,
};

export function kindTitle(kind: string): string {
  return COMPOSABLE.find((k) => k.kind === kind)?.title ?? DISPLAY[kind as MessageKindName]?.title ?? kind;
}

export function kindFields(kind: string): FieldDef[] {
  return COMPOSABLE.find((k) => k.kind === kind)?.fields ?? DISPLAY[kind as MessageKindName]?.fields ?? [];
}

/** Kinds written on the user's behalf by the system: nobody needs to know who has read them. */
export const NO_RECEIPTS = new Set(['checklista_tillagd', 'checklista_andrad', 'hemgangsklar', 'bevakning']);

/** A payload as the composer's draft (to correct a message): the inverse of buildPayload. */
export function draftFromPayload(def: KindDef, payload: Record<string, unknown> | null, body: string | null): Draft {
  const draft: Draft = { body: body ?? '' };
  for (const f of def.fields) {
    const v = payload?.[f.name];
    if (f.type === 'checkbox') draft[f.name] = v === true;
    else if (v === undefined || v === null) draft[f.name] = '';
    else if (f.type === 'datetime' && typeof v === 'string') draft[f.name] = toLocalInput(v);
    else if (f.type === 'units' && Array.isArray(v)) draft[f.name] = v.map(String).join(',');
    else if (f.type === 'lines' && Array.isArray(v)) draft[f.name] = v.map(String).join('\n');
    else draft[f.name] = String(v);
  }
  return draft;
}

/** A payload value as people read it; arbitrary text stays text (React escapes it). */
export function formatField(field: FieldDef, value: unknown): string {
  if (value === undefined || value === null || value === '') return '–';
  switch (field.type) {
    case 'datetime':
      return typeof value === 'string' ? formatDateTime(value) : String(value);
    case 'date':
      return typeof value === 'string' ? formatDate(value) : String(value);
    case 'checkbox':
      return value === true ? 'Ja' : 'Nej';
    case 'select':
      return field.options?.find(([v]) => v === value)?.[1] ?? String(value);
    case 'lines':
      return Array.isArray(value) ? value.map(String).join(', ') : String(value);
    case 'units':
      return Array.isArray(value) ? `${value.length} ${value.length === 1 ? 'enhet' : 'enheter'}` : String(value);
    case 'unit':
      return 'se Hemgång';
    case 'number':
    case 'text':
    case 'textarea':
      return String(value);
  }
}

export type Draft = Record<string, string | boolean>;

/** Checks a draft as the server will, in Swedish; returns the payload to send, or the errors per field. */
export function buildPayload(
  def: KindDef,
  draft: Draft,
): { payload?: Record<string, unknown>; body?: string; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const payload: Record<string, unknown> = {};
  for (const f of def.fields) {
    const raw = draft[f.name];
    if (f.type === 'checkbox') {
      if (raw === true) payload[f.name] = true;
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (!value) {
      if (f.required)
        errors[f.name] = f.type === 'select' ? 'Välj ett alternativ.' : f.type === 'units' ? 'Välj minst en enhet.' : 'Fyll i fältet.';
      continue;
    }
    switch (f.type) {
      case 'datetime': {
        const iso = fromLocalInput(value);
        if (!iso) errors[f.name] = 'Ange datum och klockslag, t.ex. 2026-11-24 10:00.';
        else payload[f.name] = iso;
        break;
      }
      case 'date':
        if (!isValidDate(value)) errors[f.name] = 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).';
        else payload[f.name] = value;
        break;
      case 'number': {
        const n = Number(value.replace(',', '.'));
        if (!Number.isFinite(n) || n < 0 || (f.max !== undefined && n > f.max))
          errors[f.name] = `Ange ett tal mellan 0 och ${f.max ?? '∞'}.`;
        else payload[f.name] = n;
        break;
      }
      case 'units':
        payload[f.name] = value.split(',').filter(Boolean);
        break;
      case 'lines':
        payload[f.name] = value
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        break;
      case 'text':
      case 'textarea':
      case 'select':
      case 'unit':
        if (f.maxLength && value.length > f.maxLength) errors[f.name] = `Högst ${f.maxLength} tecken.`;
        else payload[f.name] = value;
        break;
    }
  }
  // Dates that must follow each other.
  if (def.kind === 'hemgangsbeslut' && payload.per === 'period' && !payload.giltigtTill && !errors.giltigtTill) {
    errors.giltigtTill = 'Ange till vilket datum potten gäller.';
  }
  if (
    def.kind === 'hemgangsbeslut' &&
    typeof payload.giltigtTill === 'string' &&
    typeof payload.giltigtFran === 'string' &&
    payload.giltigtTill < payload.giltigtFran
  ) {
    errors.giltigtTill = 'Slutdatumet kan inte vara före startdatumet.';
  }
  const body = typeof draft.body === 'string' ? draft.body.trim() : '';
  if (def.bodyRequired && !body) errors.body = 'Skriv ett meddelande.';
  if (body.length > 10_000) errors.body = 'Högst 10 000 tecken.';
  return { payload: def.fields.length ? payload : undefined, body: body || undefined, errors };
}

function allowed(def: KindDef, isOwner: boolean, orgKinds: Set<OrgKind>): boolean {
  if (def.postedBy === 'any') return true;
  if (def.postedBy === 'owner') return isOwner;
  return def.postedBy.some((k) => orgKinds.has(k));
}

/** The kinds offered to me now: by who I am in the thread and by its state (nothing once closed). */
export function offeredKinds(isOwner: boolean, orgKinds: Set<OrgKind>, status: ThreadStatus): KindDef[] {
  if (status === 'avslutad' || status === 'makulerad') return [];
  return COMPOSABLE.filter(
    (k) =>
      allowed(k, isOwner, orgKinds) &&
      !(k.beforeDischargeOnly && status === 'utskriven') &&
      !(k.afterDischargeOnly && status !== 'utskriven'),
  );
}
