import type { MessageKindName } from '@brygga/contracts';
import { form, type FieldDef, type KindDef } from './kind-form';

/**
 * The home phase's kinds (after discharge): mottagen hemma, avvikelser, the Trygg hemgång period,
 * its measurements and hours. The server's rules: libs/threads/src/home-phase-kinds.ts and libs/home-phase.
 */
export const AVVIKELSE_KATEGORI: [string, string][] = [
  ['lakemedel_saknas', 'Läkemedel saknas'],
  ['hjalpmedel_saknas', 'Hjälpmedel saknas'],
  ['insats_uteblev', 'Insats uteblev'],
  ['annat', 'Annat'],
];
const MOMENT: [string, string][] = [
  ['start', 'Periodens start'],
  ['slut', 'Periodens slut'],
];
const ADL: [string, string][] = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((l) => [l, `${l}`]);
const SKATTAD_AV: [string, string][] = [
  ['patienten', 'Patienten själv'],
  ['personal_med_patienten', 'Personal tillsammans med patienten'],
];
const TIDPUNKT: [string, string][] = [
  ['fore_inskrivning', 'Före inskrivningen'],
  ['efter_perioden', 'Direkt efter perioden'],
  ['efter_90_dagar', '90 dagar efter utskrivningen'],
];

export const HOME_KINDS: KindDef[] = [
  form({
    kind: 'mottagen_hemma',
    title: 'Mottagen hemma',
    fields: [
      {
        name: 'mottagenAt',
        label: 'Mottagen hemma',
        type: 'datetime',
        required: true,
        hint: 'När ni såg patienten hemma (inte när ni skriver det).',
      },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'avvikelse',
    title: 'Avvikelse',
    fields: [
      { name: 'kategori', label: 'Vad gäller det?', type: 'select', required: true, options: AVVIKELSE_KATEGORI },
      { name: 'beskrivning', label: 'Beskrivning', type: 'textarea', required: true, maxLength: 2000 },
      { name: 'ansvarigEnhet', label: 'Ansvarig enhet', type: 'unit', required: true, hint: 'Enheten som ska åtgärda och svara.' },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'trygg_hemgang_start',
    title: 'Trygg hemgång startar',
    fields: [
      { name: 'startdatum', label: 'Startdatum', type: 'date', required: true },
      { name: 'planeratSlut', label: 'Planerat slut', type: 'date', required: true },
      { name: 'barandeEnhet', label: 'Bärande enhet', type: 'unit', required: true },
      { name: 'mal', label: 'Mål (personens egna ord)', type: 'lines', hint: 'Ett mål per rad.' },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'matning',
    title: 'Mätning',
    fields: [
      { name: 'moment', label: 'När', type: 'select', required: true, options: MOMENT },
      { name: 'matdAt', label: 'Mätt', type: 'datetime', required: true },
      { name: 'trygghet', label: 'Upplevd trygghet (0–10)', type: 'number', max: 10 },
      { name: 'adl', label: 'ADL enligt Katz (A–G)', type: 'select', options: ADL },
      { name: 'skattadAv', label: 'Trygghet skattad av', type: 'select', options: SKATTAD_AV },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'levererade_timmar',
    title: 'Levererade timmar',
    fields: [
      { name: 'veckaFran', label: 'Veckan från', type: 'date', required: true },
      { name: 'timmar', label: 'Levererade timmar', type: 'number', required: true, max: 168 },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'hemtjanstimmar',
    title: 'Hemtjänsttimmar per vecka',
    fields: [
      { name: 'tidpunkt', label: 'Tidpunkt', type: 'select', required: true, options: TIDPUNKT },
      { name: 'timmarPerVecka', label: 'Timmar per vecka', type: 'number', required: true, max: 168 },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'langsiktigt_beslut',
    title: 'Långsiktigt beslut',
    fields: [
      { name: 'beslutsdatum', label: 'Beslutsdatum', type: 'date', required: true },
      { name: 'timmarPerVecka', label: 'Timmar per vecka', type: 'number', required: true, max: 168 },
      { name: 'insatser', label: 'Insatser', type: 'lines', hint: 'En per rad.' },
    ],
    bodyLabel: 'Kommentar',
  }),
  form({
    kind: 'overlamning',
    title: 'Överlämning till ordinarie insatser',
    fields: [
      { name: 'overlamnadDatum', label: 'Överlämnad', type: 'date', required: true },
      { name: 'till', label: 'Till', type: 'text', required: true, maxLength: 200, hint: 'T.ex. ”Ordinarie hemtjänst”.' },
    ],
    bodyLabel: 'Kommentar',
  }),
];

/** Shown in the timeline, answered from the home-phase panel. */
export const HOME_DISPLAY: Partial<Record<MessageKindName, { title: string; fields?: FieldDef[] }>> = {
  avvikelse_svar: { title: 'Svar på avvikelse', fields: [{ name: 'svar', label: 'Svar', type: 'textarea' }] },
  sip_plan_version: { title: 'SIP-plan sparad' },
  sip_plan_accepterad: { title: 'SIP-plan accepterad' },
  sip_plan_anteckning: { title: 'SIP-plan följd upp' },
};
