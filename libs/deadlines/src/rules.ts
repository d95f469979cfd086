import { readFileSync } from 'node:fs';
import gotland from '../rules/gotland.json';
import lag from '../rules/lag.json';
import stockholm from '../rules/stockholm.json';

export const DAY_TYPES = ['kalenderdagar', 'vardagar'] as const;
export type DayType = (typeof DAY_TYPES)[number];

/**
 * A region's rules for the discharge law's clock: what is agreement rather than law lives here,
 * in a file per region (libs/deadlines/rules/*.json), never in code.
 */
export interface DeadlineRules {
  region: string;
  namn: string;
  kommentar?: string;
  betalningsansvar: {
    /** Days after day 0 that are free; liability from the day after the last of them. */
    troskelDagar: number;
    dagtyp: DayType;
    /** A notice sent at or after this hour (local) makes the next day day 0; 24: never. */
    brytpunktTimme: number;
    /** Cost of one payment day (Socialstyrelsen's yearly rate), in kronor. */
    dygnskostnadKr: number;
  };
  frister: {
    /** Admission notice within this many hours of admission. */
    inskrivningsmeddelandeTimmar: number;
    /** SIP summons within this many days of the ready notice (end of that day). */
    sipKallelse: { dagar: number; dagtyp: DayType };
  };
  bevakning: {
    /** Warn this many hours before a deadline. */
    varnaTimmarFore: number;
    /** … and before the admission notice's (its whole span is a day). */
    inskrivningTimmarFore: number;
    /** Warn when a structured message is unread by a receiving unit after this many hours. */
    olastEfterTimmar: number;
  };
}

export const BUILT_IN_RULES: Readonly<Record<string, unknown>> = { gotland, lag, stockholm };

export class RulesError extends Error {}

type Problem = string;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every fault of a rules file, each naming its field, in Swedish. */
export function rulesProblems(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!isObject(raw)) return ['filen måste innehålla ett JSON-objekt'];
  const text = (path: string, value: unknown) => {
    if (typeof value !== 'string' || !value.trim()) problems.push(`${path} saknas (ska vara en text)`);
  };
  const count = (path: string, value: unknown, max: number, integer = true) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${path} saknas eller är inte ett tal`);
    else if (value < 0) problems.push(`${path} får inte vara negativt (är ${value})`);
    else if (integer && !Number.isInteger(value)) problems.push(`${path} måste vara ett heltal (är ${value})`);
    else if (value > max) problems.push(`${path} får vara högst ${max} (är ${value})`);
  };
  const dayType = (path: string, value: unknown) => {
    if (!(DAY_TYPES as readonly unknown[]).includes(value))
      problems.push(`${path} har okänd dagtyp ${JSON.stringify(value)} (tillåtna: ${DAY_TYPES.join(', ')})`);
  };
  const section = (path: string, value: unknown): Record<string, unknown> => {
    if (isObject(value)) return value;
    problems.push(`${path} saknas`);
    return {};
  };
  const known = (path: string, value: Record<string, unknown>, keys: string[]) => {
    for (const key of Object.keys(value)) if (!keys.includes(key)) problems.push(`${path ? `${path}.` : ''}${key} är okänt`);
  };
  known('', raw, ['region', 'namn', 'kommentar', 'betalningsansvar', 'frister', 'bevakning']);
  text('region', raw.region);
  text('namn', raw.namn);
  const pay = section('betalningsansvar', raw.betalningsansvar);
  known('betalningsansvar', pay, ['troskelDagar', 'dagtyp', 'brytpunktTimme', 'dygnskostnadKr']);
  count('betalningsansvar.troskelDagar', pay.troskelDagar, 60);
  dayType('betalningsansvar.dagtyp', pay.dagtyp);
  count('betalningsansvar.brytpunktTimme', pay.brytpunktTimme, 24);
  count('betalningsansvar.dygnskostnadKr', pay.dygnskostnadKr, 1_000_000, false);
  const deadlines = section('frister', raw.frister);
  known('frister', deadlines, ['inskrivningsmeddelandeTimmar', 'sipKallelse']);
  count('frister.inskrivningsmeddelandeTimmar', deadlines.inskrivningsmeddelandeTimmar, 24 * 30);
  const sip = section('frister.sipKallelse', deadlines.sipKallelse);
  known('frister.sipKallelse', sip, ['dagar', 'dagtyp']);
  count('frister.sipKallelse.dagar', sip.dagar, 60);
  dayType('frister.sipKallelse.dagtyp', sip.dagtyp);
  const watch = section('bevakning', raw.bevakning);
  known('bevakning', watch, ['varnaTimmarFore', 'inskrivningTimmarFore', 'olastEfterTimmar']);
  count('bevakning.varnaTimmarFore', watch.varnaTimmarFore, 24 * 14);
  count('bevakning.inskrivningTimmarFore', watch.inskrivningTimmarFore, 24 * 14);
  count('bevakning.olastEfterTimmar', watch.olastEfterTimmar, 24 * 14);
  return problems;
}

export function validateRules(raw: unknown, source: string): DeadlineRules {
  const problems = rulesProblems(raw);
  if (problems.length) throw new RulesError(`Regelfilen ${source} är felaktig: ${problems.join('; ')}.`);
  return raw as DeadlineRules;
}

/**
 * The rules in force: a file of one's own (BRYGGA_RULES_FILE), or a built-in region's
 * (BRYGGA_REGION, default gotland). Validated at start: a broken file stops the api.
 */
export function loadRules(options: { region: string; file?: string }): DeadlineRules {
  if (options.file) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(options.file, 'utf8'));
    } catch (error) {
      throw new RulesError(`Regelfilen ${options.file} kan inte läsas: ${(error as Error).message}`);
    }
    return validateRules(raw, options.file);
  }
  const builtIn = BUILT_IN_RULES[options.region];
  if (!builtIn)
    throw new RulesError(
      `BRYGGA_REGION: okänd region "${options.region}" (inbyggda: ${Object.keys(BUILT_IN_RULES).join(', ')}); ange en egen regelfil med BRYGGA_RULES_FILE.`,
    );
  return validateRules(builtIn, `${options.region}.json`);
}
