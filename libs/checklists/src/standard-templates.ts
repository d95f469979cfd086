import type { OrgKind } from '@brygga/common';
import type { TemplateDefinition, TemplateItem } from './template-definition';

/**
 * The standard checklists, written from what the home-care providers and home health nurses in
 * the seeds say they need before the patient comes home: assistive devices in place, a medication
 * list drawn up and reviewed, and transport coordinated for a discharge early in the day.
 * Loaded as the standard version of each key at start (a new standard version when this file
 * changed); organisations' admins create their own versions, so this file is the starting point.
 */

const BEHOV = ['Behövs', 'Behövs inte', 'Finns redan i hemmet'];
const NEEDED = { in: ['Behövs'] };

interface Device {
  key: string;
  name: string;
  /** Who assesses the need (default: the ward's arbetsterapeut or fysioterapeut). */
  assessedBy?: OrgKind;
  /** Who prescribes and orders (or, for an alarm, grants and orders) it. */
  prescribedBy: OrgKind;
  /** Who confirms it is delivered and installed at home. */
  installedBy: OrgKind;
  prescribedLabel?: string;
  prescribedHelp?: string;
  installedLabel?: string;
}

function device(d: Device): TemplateItem[] {
  const key = (suffix: string) => `${d.key}_${suffix}`;
  return [
    {
      key: key('behov'),
      group: d.name,
      label: 'Behov',
      pending: `Behovet av ${d.name.toLowerCase().split(' (')[0]} är inte bedömt`,
      help: 'Välj ”Behövs inte” eller ”Finns redan i hemmet” så behövs inga fler steg för detta hjälpmedel.',
      responsible: d.assessedBy ?? 'slutenvard',
      required: true,
      valueType: 'choice',
      choices: BEHOV,
    },
    {
      key: key('forskriven_av'),
      group: d.name,
      label: d.prescribedLabel ?? 'Förskriven av',
      pending: `${d.name.split(' (')[0]} är inte förskriven`,
      help: d.prescribedHelp ?? 'Namn och yrke, t.ex. ”Anna Ek, arbetsterapeut avd 4”.',
      responsible: d.prescribedBy,
      required: true,
      valueType: 'text',
      when: { item: key('behov'), ...NEEDED },
    },
    {
      key: key('bestalld'),
      group: d.name,
      label: 'Beställd',
      pending: `${d.name.split(' (')[0]} är inte beställd`,
      help: 'Datum då beställningen gjordes.',
      responsible: d.prescribedBy,
      required: true,
      valueType: 'date',
      when: { item: key('behov'), ...NEEDED },
    },
    {
      key: key('levererad'),
      group: d.name,
      label: d.installedLabel ?? 'Levererad och installerad i hemmet',
      pending: `${d.name.split(' (')[0]} är inte levererad till hemmet`,
      readyFrom: true,
      help: 'När det finns på plats i hemmet och fungerar.',
      responsible: d.installedBy,
      required: true,
      valueType: 'datetime',
      when: { item: key('behov'), ...NEEDED },
    },
  ];
}

const hjalpmedel: TemplateDefinition = {
  key: 'hjalpmedel',
  name: 'Hjälpmedel',
  description:
    'Hjälpmedel som måste finnas på plats i hemmet innan patienten kommer hem. Ange behov för varje hjälpmedel; för dem som behövs följer förskrivning, beställning och leverans.',
  items: [
    ...device({
      key: 'rollator',
      name: 'Rollator',
      prescribedBy: 'slutenvard',
      installedBy: 'hemsjukvard',
      installedLabel: 'Levererad till hemmet',
    }),
    ...device({
      key: 'rullstol',
      name: 'Rullstol',
      prescribedBy: 'slutenvard',
      installedBy: 'hemsjukvard',
      installedLabel: 'Levererad till hemmet',
    }),
    ...device({ key: 'hygienstol', name: 'Hygienstol (dusch- och toalettstol)', prescribedBy: 'hemsjukvard', installedBy: 'hemsjukvard' }),
    ...device({ key: 'toalettforhojning', name: 'Toalettförhöjning', prescribedBy: 'hemsjukvard', installedBy: 'hemsjukvard' }),
    ...device({
      key: 'sang',
      name: 'Säng och madrass (vårdsäng, tryckavlastande madrass)',
      prescribedBy: 'hemsjukvard',
      installedBy: 'hemsjukvard',
    }),
    ...device({ key: 'lyft', name: 'Personlyft', prescribedBy: 'hemsjukvard', installedBy: 'hemsjukvard' }),
    ...device({
      key: 'trygghetslarm',
      name: 'Trygghetslarm',
      assessedBy: 'sof',
      prescribedBy: 'sof',
      prescribedLabel: 'Beviljat av',
      prescribedHelp: 'Handläggare och datum för biståndsbeslutet.',
      installedBy: 'hemtjanst',
      installedLabel: 'Installerat och provlarmat i hemmet',
    }),
    {
      key: 'nyckel_behov',
      group: 'Nyckel eller nyckelfri låsning',
      label: 'Behov',
      pending: 'Behovet av nyckel eller nyckelfri låsning är inte bedömt',
      help: 'Behöver hemtjänsten eller hemsjukvården kunna gå in i hemmet?',
      responsible: 'hemtjanst',
      required: true,
      valueType: 'choice',
      choices: BEHOV,
    },
    {
      key: 'nyckel_ordnad',
      pending: 'Nyckel eller nyckelfri låsning är inte ordnad',
      group: 'Nyckel eller nyckelfri låsning',
      label: 'Nyckel överlämnad eller nyckelfri låsning installerad',
      responsible: 'hemtjanst',
      required: true,
      valueType: 'datetime',
      when: { item: 'nyckel_behov', ...NEEDED },
    },
    {
      key: 'ovriga',
      group: 'Övrigt',
      label: 'Övriga hjälpmedel och anpassningar',
      help: 'T.ex. griptång, strumppådragare, bostadsanpassning som är på gång.',
      responsible: 'slutenvard',
      required: false,
      valueType: 'text',
    },
  ],
};

const lakemedelslista: TemplateDefinition = {
  key: 'lakemedelslista',
  name: 'Läkemedelslista',
  description: 'Läkemedelslistan från avdelningen, hemsjukvårdens genomgång och hur läkemedlen ges de första dagarna hemma.',
  items: [
    {
      key: 'lista_upprattad',
      pending: 'Läkemedelslistan är inte upprättad',
      label: 'Läkemedelslista upprättad av avdelningen',
      help: 'Aktuell lista med ändringar under vårdtiden, signerad av läkare.',
      responsible: 'slutenvard',
      required: true,
      valueType: 'boolean',
    },
    {
      key: 'lista_skickad',
      pending: 'Läkemedelslistan är inte skickad till hemsjukvården',
      label: 'Läkemedelslistan skickad till hemsjukvården',
      responsible: 'slutenvard',
      required: true,
      valueType: 'datetime',
    },
    {
      key: 'lista_granskad',
      pending: 'Läkemedelslistan är inte granskad av hemsjukvården',
      label: 'Läkemedelslistan granskad av hemsjukvården',
      help: 'Sjuksköterskan har gått igenom listan. Ställ frågor i ärendets tråd.',
      responsible: 'hemsjukvard',
      required: true,
      valueType: 'boolean',
    },
    {
      key: 'hantering',
      pending: 'Läkemedelshanteringen i hemmet är inte bestämd',
      label: 'Läkemedelshantering i hemmet',
      responsible: 'hemsjukvard',
      required: true,
      valueType: 'choice',
      choices: ['ApoDos', 'Dosett', 'Patienten sköter själv'],
    },
    {
      key: 'apodos_bestalld',
      label: 'ApoDos beställd (första leveransdag)',
      pending: 'ApoDos är inte beställd',
      readyFrom: true,
      help: 'Beställs av läkaren på avdelningen i samband med utskrivningen.',
      responsible: 'slutenvard',
      required: true,
      valueType: 'date',
      when: { item: 'hantering', in: ['ApoDos'] },
    },
    {
      key: 'dosett_iordningstalld',
      pending: 'Dosetten är inte iordningställd',
      label: 'Dosett iordningställd',
      responsible: 'hemsjukvard',
      required: true,
      valueType: 'boolean',
      when: { item: 'hantering', in: ['Dosett'] },
    },
    {
      key: 'doser_forsta_dagarna',
      pending: 'Läkemedel för de första dagarna är inte ordnade',
      label: 'Läkemedel för de första dagarna',
      help: 'Läkemedlen ska räcka tills ApoDos eller dosett är igång.',
      responsible: 'slutenvard',
      required: true,
      valueType: 'choice',
      choices: ['Skickas med hem från avdelningen', 'Finns redan i hemmet', 'Hämtas på apotek av närstående'],
    },
    {
      key: 'forsta_kvallsdos',
      pending: 'Vem som ger första kvällsdosen är inte bestämt',
      label: 'Ger första kvällsdosen',
      responsible: 'hemsjukvard',
      required: true,
      valueType: 'choice',
      choices: ['Hemsjukvården', 'Hemtjänsten (delegering)', 'Patienten själv', 'Närstående', 'Ges på avdelningen före hemgång'],
    },
    {
      key: 'ovrigt',
      label: 'Övrigt om läkemedel',
      responsible: 'slutenvard',
      required: false,
      valueType: 'text',
    },
  ],
};

const BOOKED_TRANSPORT = { item: 'transportsatt', in: ['Färdtjänst', 'Sjukresa', 'Liggande transport'] };

const fardtjanst: TemplateDefinition = {
  key: 'fardtjanst',
  name: 'Resa hem',
  description:
    'Resan hem: sjukresa, färdtjänst, liggande transport eller med närstående. Planera hemgången tidigt på dagen, gärna före lunch, så att mottagandet hemma hinner ordnas.',
  items: [
    {
      key: 'transportsatt',
      label: 'Transport hem',
      pending: 'Transportsättet är inte valt',
      responsible: 'slutenvard',
      required: true,
      valueType: 'choice',
      choices: ['Färdtjänst', 'Sjukresa', 'Liggande transport', 'Närstående hämtar'],
    },
    {
      key: 'bokad',
      label: 'Resan bokad',
      pending: 'Resan är inte bokad',
      responsible: 'slutenvard',
      required: true,
      valueType: 'boolean',
      when: BOOKED_TRANSPORT,
    },
    {
      key: 'upphamtning',
      label: 'Upphämtning (datum och tid)',
      pending: 'Tid för upphämtning saknas',
      readyFrom: true,
      help: 'Före lunch om möjligt.',
      responsible: 'slutenvard',
      required: true,
      valueType: 'datetime',
      notInPast: true,
    },
    {
      key: 'fran',
      label: 'Från (avdelning och ingång)',
      pending: 'Var patienten hämtas är inte angivet',
      responsible: 'slutenvard',
      required: true,
      valueType: 'text',
    },
    {
      key: 'till',
      label: 'Till',
      pending: 'Resmålet är inte valt',
      help: 'Skriv inte adressen i ärendet: den finns i bokningen och kan vara skyddad.',
      responsible: 'slutenvard',
      required: true,
      valueType: 'choice',
      choices: ['Hemmet', 'Korttidsboende', 'Annan adress (anges vid bokningen)'],
    },
    {
      key: 'rullstol',
      label: 'Rullstol under resan',
      pending: 'Rullstol under resan är inte angivet',
      responsible: 'slutenvard',
      required: true,
      valueType: 'boolean',
      when: BOOKED_TRANSPORT,
    },
    {
      key: 'ledsagare',
      label: 'Ledsagare följer med',
      pending: 'Ledsagare är inte angivet',
      responsible: 'slutenvard',
      required: true,
      valueType: 'boolean',
      when: BOOKED_TRANSPORT,
    },
    {
      key: 'mottagande',
      label: 'Tar emot patienten i hemmet',
      pending: 'Vem som tar emot patienten hemma är inte bestämt',
      responsible: 'hemtjanst',
      required: true,
      valueType: 'choice',
      choices: ['Hemtjänsten', 'Hemsjukvården', 'Närstående', 'Ingen – patienten klarar sig själv'],
    },
  ],
};

export const STANDARD_TEMPLATES: readonly TemplateDefinition[] = [hjalpmedel, lakemedelslista, fardtjanst];
