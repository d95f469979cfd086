import type { ChecklistSnapshot, SnapshotItem } from '@brygga/checklists';
import { formatDate, formatDateTime } from './plan-format';

/**
 * "Min hemgång" derived from the thread: what a patient needs to know to go home, in plain words.
 * Only what is listed here ever reaches the page: no triage, no payment liability, no free text,
 * no names of staff other than the contacts. Pure: the sources are read by PlanService.
 */

export const PLAN_SECTION_KEYS = ['hemgang', 'resa', 'mottagande', 'ordnat', 'hjalp', 'sip', 'kontakter'] as const;
export type PlanSectionKey = (typeof PLAN_SECTION_KEYS)[number];

export interface PlanEntryContent {
  /** Stable within a section: "Nytt" compares entries by it. */
  key: string;
  label: string;
  text: string;
  /** A tick: arranged (true) or not yet (false); absent on a plain line. */
  done?: boolean;
  /** When the underlying fact last changed (ISO 8601); null when not known. */
  changedAt: string | null;
}

export interface PlanSectionContent {
  key: PlanSectionKey;
  title: string;
  entries: PlanEntryContent[];
}

/** What the plan is derived from, read from the thread's libraries. */
export interface PlanSources {
  thread: { plannedDischargeDate: string | null; dischargedAt: string | null; createdAt: string; wardName: string };
  /** The facts in force (libs/threads thread facts). */
  facts: { key: string; value: Record<string, unknown>; setAt: string }[];
  /** The latest message of each plan-relevant kind. */
  messages: { kind: string; payload: Record<string, unknown> | null; createdAt: string }[];
  checklist: ChecklistSnapshot;
  /** The current SIP plan's parts for the person (libs/sip-plan), when there is one. */
  sipPlan?: {
    mal: string[];
    insatser: { vad: string; enhetNamn: string; fran: string; hurOfta: string }[];
    uppfoljningsdatum: string;
    createdAt: string;
  } | null;
}

/** The message kinds the plan reads (latest of each). */
export const PLAN_MESSAGE_KINDS = ['planerad_utskrivning', 'utskrivningsmeddelande', 'hemgangsbeslut', 'sip_kallelse'] as const;

const NOT_YET = 'Inte bestämt ännu';

const DEVICES: [key: string, name: string][] = [
  ['rollator', 'Rollator'],
  ['rullstol', 'Rullstol'],
  ['hygienstol', 'Dusch- och toalettstol'],
  ['toalettforhojning', 'Toalettförhöjning'],
  ['sang', 'Säng och madrass'],
  ['lyft', 'Personlyft'],
];

const PER: Record<string, string> = { dag: 'per dag', vecka: 'i veckan', manad: 'i månaden' };

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function derivePlan(sources: PlanSources): PlanSectionContent[] {
  const item = (templateKey: string, key: string): SnapshotItem | undefined =>
    sources.checklist.items.find((i) => i.templateKey === templateKey && i.key === key && i.state !== 'ej_aktuell');
  const message = (kind: string) => sources.messages.find((m) => m.kind === kind);
  const fact = (key: string) => sources.facts.find((f) => f.key === key);
  const set = (i: SnapshotItem | undefined): boolean => !!i && i.value !== null && i.value !== false && i.value !== '';
  const itemText = (i: SnapshotItem | undefined): string | null => str(i?.value);
  const changed = (...items: (SnapshotItem | undefined)[]): string | null =>
    items.map((i) => i?.updatedAt ?? null).reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);

  // Hemgång: the date, and the time the patient is fetched.
  const hemgang: PlanEntryContent[] = [];
  const discharged = message('utskrivningsmeddelande');
  if (sources.thread.dischargedAt) {
    hemgang.push({
      key: 'datum',
      label: 'Du skrevs ut',
      text: formatDateTime(sources.thread.dischargedAt),
      changedAt: discharged?.createdAt ?? null,
    });
  } else {
    const planned = sources.thread.plannedDischargeDate;
    hemgang.push({
      key: 'datum',
      label: 'Planerad hemgång',
      text: planned ? formatDate(planned) : NOT_YET,
      changedAt: planned ? (message('planerad_utskrivning')?.createdAt ?? sources.thread.createdAt) : null,
    });
  }
  const pickup = item('fardtjanst', 'upphamtning');
  if (itemText(pickup))
    hemgang.push({ key: 'hamtas', label: 'Du hämtas', text: formatDateTime(itemText(pickup)!), changedAt: changed(pickup) });

  // Resa hem.
  const resa: PlanEntryContent[] = [];
  const transport = item('fardtjanst', 'transportsatt');
  if (transport) resa.push({ key: 'transport', label: 'Resa hem', text: itemText(transport) ?? NOT_YET, changedAt: changed(transport) });
  const booked = item('fardtjanst', 'bokad');
  if (booked)
    resa.push({
      key: 'bokad',
      label: 'Resan är bokad',
      text: set(booked) ? 'Ja' : 'Inte ännu',
      done: set(booked),
      changedAt: changed(booked),
    });
  const from = item('fardtjanst', 'fran');
  if (itemText(from)) resa.push({ key: 'fran', label: 'Du hämtas vid', text: itemText(from)!, changedAt: changed(from) });
  const to = item('fardtjanst', 'till');
  if (itemText(to)) resa.push({ key: 'till', label: 'Resan går till', text: itemText(to)!, changedAt: changed(to) });
  for (const [key, label] of [
    ['rullstol', 'Rullstol under resan'],
    ['ledsagare', 'Ledsagare följer med'],
  ] as const) {
    const i = item('fardtjanst', key);
    if (i?.value === true) resa.push({ key, label, text: 'Ja', changedAt: changed(i) });
  }

  // Vem tar emot dig: who receives the patient, and from when each receiving unit is ready.
  const mottagande: PlanEntryContent[] = [];
  const receiver = item('fardtjanst', 'mottagande');
  if (itemText(receiver))
    mottagande.push({ key: 'mottagande', label: 'Tar emot dig hemma', text: itemText(receiver)!, changedAt: changed(receiver) });
  for (const unit of sources.checklist.receiving) {
    mottagande.push({
      key: `redo:${unit.unitId}`,
      label: unit.name,
      text: unit.redoFran ? `Redo att ta emot dig från ${formatDateTime(unit.redoFran)}` : 'Har ännu inte bekräftat när de kan ta emot dig',
      done: unit.redoFran !== null,
      changedAt: unit.since,
    });
  }

  // Det här är ordnat: plain ticks.
  const ordnat: PlanEntryContent[] = [];
  const need = (prefix: string, name: string, doneKey: string, doneText: string, notYet: string) => {
    const behov = item('hjalpmedel', `${prefix}_behov`);
    const done = item('hjalpmedel', doneKey);
    if (behov?.value === 'Behövs')
      ordnat.push({ key: prefix, label: name, text: set(done) ? doneText : notYet, done: set(done), changedAt: changed(behov, done) });
    else if (behov?.value === 'Finns redan i hemmet')
      ordnat.push({ key: prefix, label: name, text: 'Finns redan i hemmet', done: true, changedAt: changed(behov) });
  };
  for (const [key, name] of DEVICES) need(key, name, `${key}_levererad`, 'Levererad till hemmet', 'Inte levererad ännu');
  need('trygghetslarm', 'Trygghetslarm', 'trygghetslarm_levererad', 'Installerat och provlarmat', 'Inte installerat ännu');
  need('nyckel', 'Nyckel eller nyckelfri låsning', 'nyckel_ordnad', 'Ordnad', 'Inte ordnad ännu');
  const list = item('lakemedelslista', 'lista_upprattad');
  if (list)
    ordnat.push({
      key: 'lakemedelslista',
      label: 'Läkemedelslista',
      text: set(list) ? 'Upprättad av avdelningen' : 'Inte klar ännu',
      done: set(list),
      changedAt: changed(list),
    });
  const handling = item('lakemedelslista', 'hantering');
  if (handling?.value === 'Dosett') {
    const dosett = item('lakemedelslista', 'dosett_iordningstalld');
    ordnat.push({
      key: 'dosett',
      label: 'Dosett',
      text: set(dosett) ? 'Iordningställd' : 'Inte iordningställd ännu',
      done: set(dosett),
      changedAt: changed(handling, dosett),
    });
  } else if (handling?.value === 'ApoDos') {
    const apodos = item('lakemedelslista', 'apodos_bestalld');
    ordnat.push({
      key: 'dosett',
      label: 'ApoDos (läkemedel i påsar)',
      text: itemText(apodos) ? `Beställd, första leverans ${formatDate(itemText(apodos)!)}` : 'Inte beställd ännu',
      done: set(apodos),
      changedAt: changed(handling, apodos),
    });
  } else if (handling?.value === 'Patienten sköter själv') {
    ordnat.push({ key: 'dosett', label: 'Dina läkemedel', text: 'Du sköter dem själv', changedAt: changed(handling) });
  }
  const firstDays = item('lakemedelslista', 'doser_forsta_dagarna');
  if (itemText(firstDays))
    ordnat.push({
      key: 'forsta_dagarna',
      label: 'Läkemedel för de första dagarna',
      text: itemText(firstDays)!,
      changedAt: changed(firstDays),
    });
  const evening = item('lakemedelslista', 'forsta_kvallsdos');
  if (itemText(evening))
    ordnat.push({ key: 'kvallsdos', label: 'Första kvällsdosen hemma ges av', text: itemText(evening)!, changedAt: changed(evening) });

  // Hjälp du har beviljats (hemgångsbeslut).
  const hjalp: PlanEntryContent[] = [];
  const decision = message('hemgangsbeslut');
  if (decision?.payload) {
    const p = decision.payload as {
      beviljadeTimmar?: number;
      per?: string;
      giltigtFran?: string;
      giltigtTill?: string;
      insatser?: string[];
    };
    const hours = `${String(p.beviljadeTimmar ?? 0).replace('.', ',')} timmar`;
    const from = p.giltigtFran ? formatDate(p.giltigtFran) : '';
    const until = p.giltigtTill ? ` till ${formatDate(p.giltigtTill)}` : '';
    const text =
      p.per === 'period'
        ? `${hours} att använda efter behov från ${from}${until}`
        : `${hours} ${PER[p.per ?? ''] ?? ''} från ${from}${until}`.replace(/\s+/g, ' ');
    hjalp.push({ key: 'beslut', label: 'Hemtjänst', text, changedAt: decision.createdAt });
    if (p.insatser?.length)
      hjalp.push({ key: 'insatser', label: 'Du får hjälp med', text: p.insatser.join(', '), changedAt: decision.createdAt });
  }

  // SIP-möte.
  const sip: PlanEntryContent[] = [];
  const summons = message('sip_kallelse');
  if (summons?.payload) {
    const p = summons.payload as { motesTid?: string; plats?: string };
    sip.push({
      key: 'mote',
      label: 'Möte om din samordnade plan (SIP)',
      text: [p.motesTid ? formatDateTime(p.motesTid) : null, str(p.plats)].filter(Boolean).join(', '),
      changedAt: summons.createdAt,
    });
  }
  // The SIP plan's parts for the person: their own goals, the insatser, the next meeting.
  const sipPlan = sources.sipPlan;
  if (sipPlan) {
    sip.push({ key: 'mal', label: 'Dina mål', text: sipPlan.mal.join('; '), changedAt: sipPlan.createdAt });
    sipPlan.insatser.forEach((i, n) =>
      sip.push({
        key: `insats-${n + 1}`,
        label: i.vad,
        text: [i.enhetNamn, `från ${formatDate(i.fran)}`, i.hurOfta].filter(Boolean).join(', '),
        changedAt: sipPlan.createdAt,
      }),
    );
    sip.push({
      key: 'nasta_mote',
      label: 'Nästa möte (uppföljning)',
      text: formatDate(sipPlan.uppfoljningsdatum),
      changedAt: sipPlan.createdAt,
    });
  }

  // Kontakter: the ward's phone, the responsible handläggare, the fast vårdkontakt.
  const kontakter: PlanEntryContent[] = [];
  const phone = fact('avdelningens_telefon');
  kontakter.push({
    key: 'avdelningen',
    label: `Avdelningen: ${sources.thread.wardName}`,
    text: str(phone?.value.telefon) ?? 'Telefonnummer inte angivet ännu',
    changedAt: phone?.setAt ?? null,
  });
  const officer = fact('ansvarig_handlaggare');
  kontakter.push({
    key: 'handlaggare',
    label: 'Ansvarig handläggare',
    text: officer ? [str(officer.value.namn), str(officer.value.telefon)].filter(Boolean).join(', ') : 'Inte angiven ännu',
    changedAt: officer?.setAt ?? null,
  });
  const contact = fact('fast_vardkontakt');
  kontakter.push({
    key: 'fast_vardkontakt',
    label: 'Fast vårdkontakt',
    text: contact
      ? [str(contact.value.namn), str(contact.value.enhet), str(contact.value.telefon)].filter(Boolean).join(', ')
      : 'Inte angiven ännu',
    changedAt: contact?.setAt ?? null,
  });

  return [
    { key: 'hemgang', title: 'Hemgång', entries: hemgang },
    { key: 'resa', title: 'Resan hem', entries: resa },
    { key: 'mottagande', title: 'Vem tar emot dig', entries: mottagande },
    { key: 'ordnat', title: 'Det här är ordnat', entries: ordnat },
    { key: 'hjalp', title: 'Hjälp du har beviljats', entries: hjalp },
    { key: 'sip', title: 'SIP-möte', entries: sip },
    { key: 'kontakter', title: 'Att ringa', entries: kontakter },
  ];
}

export interface MarkedEntry extends PlanEntryContent {
  /** Changed since the last publication: when (ISO 8601); null when unchanged or never published. */
  nytt: string | null;
}

export interface MarkedSection extends Omit<PlanSectionContent, 'entries'> {
  entries: MarkedEntry[];
}

const same = (a: PlanEntryContent, b: PlanEntryContent): boolean => a.label === b.label && a.text === b.text && a.done === b.done;

/**
 * Marks what differs from the published version as "Nytt", with the date of the change (the
 * change's own time when it is after the publication, else `fallback`: the thread's last change).
 * An entry that was published and is gone stays on the page as "Gäller inte längre".
 */
export function markNytt(
  current: PlanSectionContent[],
  published: { content: PlanSectionContent[]; publishedAt: string } | null,
  fallback: string,
): MarkedSection[] {
  return current.map((section) => {
    const before = published?.content.find((s) => s.key === section.key)?.entries ?? null;
    const when = (e: PlanEntryContent): string =>
      e.changedAt && published && e.changedAt > published.publishedAt ? e.changedAt : fallback;
    const entries: MarkedEntry[] = section.entries.map((e) => {
      const was = before?.find((b) => b.key === e.key);
      return { ...e, nytt: published && (!was || !same(was, e)) ? when(e) : null };
    });
    for (const gone of before?.filter((b) => !section.entries.some((e) => e.key === b.key)) ?? [])
      entries.push({ key: gone.key, label: gone.label, text: 'Gäller inte längre', changedAt: null, nytt: fallback });
    return { ...section, entries };
  });
}
