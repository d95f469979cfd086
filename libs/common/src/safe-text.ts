import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength, registerDecorator, type ValidationArguments } from 'class-validator';
import { invalid } from './errors';

/**
 * The one text sanitizer: what Brygga refuses or strips in free text, and why (docs/api.md: "Input
 * that is refused"). Every text input goes through it: DTO fields by @SafeText/@SafeName, text that
 * arrives otherwise (FHIR messages, a patient's name from another system) by cleanText().
 * - control characters (C0, DEL, C1): NUL breaks PostgreSQL, the rest hides or reorders text
 *   on screen; free text keeps newline and tab (a CR LF pair becomes a newline);
 * - bidi controls (embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069, and the marks
 *   U+200E, U+200F, U+061C): they make "Ordination: \u202Egm 005" display as "500 mg". Refused;
 * - other invisible format characters (zero-width space, joiners, word joiner, soft hyphen, BOM,
 *   tag characters: Unicode category Cf): they hide text from search and make two names that look
 *   alike differ. Stripped;
 * - in one-line fields (names, labels, places) also newline, tab and U+2028/U+2029.
 * Text is trimmed before its length is checked, so "   " is empty.
 */
const CONTROL_FREE_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const CONTROL_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** Format characters (Cf) that are not bidi controls: invisible, removed. */
const INVISIBLE = /(?![\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069])\p{Cf}/gu;

/** Why a text is refused, in Swedish, or null when it is fine. */
export function unsafeTextReason(text: string, multiline: boolean): string | null {
  if (BIDI.test(text)) return 'innehåller tecken som vänder textens riktning (bidi), vilket inte är tillåtet';
  if ((multiline ? CONTROL_FREE_TEXT : CONTROL_ONE_LINE).test(text)) {
    return multiline
      ? 'innehåller styrtecken som inte är tillåtna'
      : 'innehåller radbrytningar, tabbar eller andra styrtecken som inte är tillåtna';
  }
  return null;
}

/** Strips invisible format characters, trims, and in free text turns CR LF (and a lone CR) into a newline; other values pass unchanged. */
export function normaliseText(value: unknown, multiline: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => normaliseText(v, multiline));
  if (typeof value !== 'string') return value;
  const visible = value.replace(INVISIBLE, '');
  return (multiline ? visible.replace(/\r\n?/g, '\n') : visible).trim();
}

/**
 * For text that does not arrive through a DTO (FHIR, another system): the same rules in one call.
 * Returns the cleaned text, or throws a Swedish 400 naming `field`.
 */
export function cleanText(value: string, field: string, multiline = false): string {
  const text = normaliseText(value, multiline) as string;
  const reason = unsafeTextReason(text, multiline);
  if (reason) throw invalid(field, reason);
  return text;
}

function SafeCharacters(multiline: boolean, each: boolean): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'safeText',
      target: object.constructor,
      propertyName: propertyName as string,
      options: {
        each,
        message: (args: ValidationArguments) => {
          const values: unknown[] = Array.isArray(args.value) ? args.value : [args.value];
          for (const v of values) {
            const reason = typeof v === 'string' ? unsafeTextReason(v, multiline) : null;
            if (reason) return reason;
          }
          return 'innehåller tecken som inte är tillåtna';
        },
      },
      validator: { validate: (value: unknown) => typeof value !== 'string' || unsafeTextReason(value, multiline) === null },
    });
}

export interface SafeTextOptions {
  /** Longest allowed text, after trimming. */
  max: number;
  /** Shortest allowed text after trimming (default 1: not empty, not only spaces). */
  min?: number;
  /** Free text: newline and tab allowed. */
  multiline?: boolean;
  /** The property is a list of texts. */
  each?: boolean;
}

/** A text field: trimmed, checked for refused characters, then for length. Messages in Swedish. */
export function SafeText({ max, min = 1, multiline = false, each = false }: SafeTextOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => normaliseText(value, multiline)),
    IsString({ each }),
    SafeCharacters(multiline, each),
    MaxLength(max, { each, message: `får vara högst ${max} tecken` }),
    ...(min > 0 ? [MinLength(min, { each, message: min === 1 ? 'får inte vara tomt' : `måste vara minst ${min} tecken` })] : []),
  ) as PropertyDecorator;
}

/** A name, label or place: one line, 1–max characters. */
export const SafeName = (max = 100, options: { each?: boolean } = {}): PropertyDecorator => SafeText({ max, ...options });
