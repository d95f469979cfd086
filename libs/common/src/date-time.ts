import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { isISO8601, registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * The one date-time rule for REST and socket input (docs/api.md, "Dates and times"): a point in
 * time carries its offset (`Z` or `±hh:mm`, RFC 3339). "2026-12-07T10:00" names no moment (10:00
 * in Stockholm and 10:00 UTC are one or two hours apart), so it is refused with a 400 naming the
 * field rather than read in the server's zone. A calendar day (ÅÅÅÅ-MM-DD) is a date, not a
 * date-time, and is not concerned. FHIR input follows FHIR R4's own rule (libs/fhir).
 */
export const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The Swedish refusal, the same for every date-time field. */
export const OFFSET_DATE_TIME_MESSAGE = 'måste vara en tidpunkt med tidszon (ISO 8601, t.ex. 2026-11-23T10:00:00+01:00)';

/** Whether a value is a real date-time with an offset (a day that exists, hours and offset in range). */
export function isOffsetDateTime(value: unknown): value is string {
  return typeof value === 'string' && OFFSET_DATE_TIME.test(value) && isISO8601(value, { strict: true, strictSeparator: true });
}

/**
 * A DTO field holding a point in time: the one validator for it (see OFFSET_DATE_TIME), and its
 * schema in openapi.json: format date-time (RFC 3339, where the offset is required) and the
 * pattern; the field's own doc comment stays its description. `message` replaces the Swedish
 * refusal where a field needs its own.
 */
export function IsOffsetDateTime(options: ValidationOptions = {}): PropertyDecorator {
  const validator: PropertyDecorator = (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isOffsetDateTime',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: OFFSET_DATE_TIME_MESSAGE, ...options },
      validator: { validate: (value: unknown) => isOffsetDateTime(value) },
    });
  return applyDecorators(ApiProperty({ type: String, format: 'date-time', pattern: OFFSET_DATE_TIME.source }), validator);
}
