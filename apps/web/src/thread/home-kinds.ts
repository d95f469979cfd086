import type { FieldDef, KindDef } from './kinds';

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
  {
    kind: 'mottagen_hemma',
    title: 'Mottagen hemma',
    postedBy: ['hemtjanst', 'hemsjukvard'],
    afterDischargeOnly: true,
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
  },
  {
    kind: 'avvikelse',
    title: 'Avvikelse',
    postedBy: 'any',
    afterDischargeOnly: true,
    fields: [
      { name: 'kategori', label: 'Vad gäller det?', type: 'select', required: true, options: AVVIKELSE_KATEGORI },
      { name: 'beskrivning', label: 'Beskrivning', type: 'textarea', required: true, maxLength: 2000 },
      { name: 'ansvarigEnhet', label: 'Ansvarig enhet', type: 'unit', required: true, hint: 'Enheten som ska åtgärda och svara.' },
    ],
    bodyLabel: 'Kommentar',
  },
  {
    kind: 'trygg_hemgang_start',
    title: 'Trygg hemgång startar',
    postedBy: ['sof', 'hemtjanst', 'hemsjukvard'],
    fields: [
      { name: 'startdatum', label: 'Startdatum', type: 'date', required: true },
      { name: 'planeratSlut', label: 'Planerat slut', type: 'date', required: true },
      { name: 'barandeEnhet', label: 'Bärande enhet', type: 'unit', required: true },
      { name: 'mal', label: 'Mål (personens egna ord)', type: 'lines', hint: 'Ett mål per rad.' },
    ],
    bodyLabel: 'Kommentar',
  },
  {
    kind: 'matning',
    title: 'Mätning',
    postedBy: ['sof', 'hemtjanst', 'hemsjukvard'],
    fields: [
      { name: 'moment', label: 'När', type: 'select', required: true, options: MOMENT },
      { name: 'matdAt', label: 'Mätt', type: 'datetime', required: true },
      { name: 'trygghet', label: 'Upplevd trygghet (0–10)', type: 'number', max: 10 },
      { name: 'adl', label: 'ADL enligt Katz (A–G)', type: 'select', options: ADL },
      { name: 'skattadAv', label: 'Trygghet skattad av', type: 'select', options: SKATTAD_AV },
    ],
    bodyLabel: 'Kommentar',
  },
  {
    kind: 'levererade_timmar',
    title: 'Levererade timmar',
    postedBy: ['hemtjanst'],
    afterDischargeOnly: true,
    fields: [
      { name: 'veckaFran', label: 'Veckan från', type: 'date', required: true },
      { name: 'timmar', label: 'Levererade timmar', type: 'number', required: true, max: 168 },
    ],
    bodyLabel: 'Kommentar',
  },
  {
    kind: 'hemtjanstimmar',
    title: 'Hemtjänsttimmar per vecka',
    postedBy: ['sof', 'hemtjanst'],
    fields: [
      { name: 'tidpunkt', label: 'Tidpunkt', type: 'select', required: true, options: TIDPUNKT },
      { name: 'timmarPerVecka', label: 'Timmar per vecka', type: 'number', required: true, max: 168 },
    ],
    bodyLabel: 'Kommentar',
  },
  {
    kind: 'langsiktigt_beslut',
    title: 'Långsiktigt beslut',
    postedBy: ['sof'],
    fields: [
      { name: 'beslutsdatum', label: 'Beslutsdatum', type: 'date', required: true },
      { name: 'timmarPerVecka', label: 'Timmar per vecka', type: 'number', required: true, max: 168 },
      { name: 'insatser', label: 'Insatser', type: 'lines', hint: 'En per rad.' },
    ],
    bodyLabel: 'Kommentar',
  },
  {
    kind: 'overlamning',
    title: 'Överlämning till ordinarie insatser',
    postedBy: ['sof', 'hemtjanst', 'hemsjukvard'],
    afterDischargeOnly: true,
    fields: [
      { name: 'overlamnadDatum', label: 'Överlämnad', type: 'date', required: true },
      { name: 'till', label: 'Till', type: 'text', required: true, maxLength: 200, hint: 'T.ex. ”Ordinarie hemtjänst”.' },
    ],
    bodyLabel: 'Kommentar',
  },
];

/** Shown in the timeline, answered from the home-phase panel. */
export const HOME_DISPLAY: Record<string, { title: string; fields?: FieldDef[] }> = {
  avvikelse_svar: { title: 'Svar på avvikelse', fields: [{ name: 'svar', label: 'Svar', type: 'textarea' }] },
  sip_plan_version: { title: 'SIP-plan sparad' },
  sip_plan_accepterad: { title: 'SIP-plan accepterad' },
  sip_plan_anteckning: { title: 'SIP-plan följd upp' },
};
