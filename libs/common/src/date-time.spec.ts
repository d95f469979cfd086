import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsOffsetDateTime, isOffsetDateTime, OFFSET_DATE_TIME_MESSAGE } from './date-time';
import { validationErrorsToFields } from './http-exception.filter';

class Probe {
  @IsOffsetDateTime() at: string;
}

describe('the one date-time rule', () => {
  it.each([
    '2026-12-07T10:00:00+01:00',
    '2026-12-07T10:00Z',
    '2026-07-01T10:00:00.123Z',
    '2026-03-29T02:30:00+02:00',
    '2026-12-07T10:00:00-05:30',
  ])('takes %s (an offset)', (value) => expect(isOffsetDateTime(value)).toBe(true));

  it.each([
    '2026-12-07T10:00', // no offset: 10:00 where?
    '2026-12-07T10:00:00',
    '2026-12-07T10:00:00.000',
    '2026-12-07 10:00:00+01:00', // a space for the T
    '2026-12-07', // a date, not a date-time
    '2026-02-30T10:00:00Z', // no such day
    '2026-12-07T25:00:00Z',
    '2026-12-07T10:00:00+0100', // RFC 3339 wants the colon
    'i morgon',
    '',
  ])('refuses %j', (value) => expect(isOffsetDateTime(value)).toBe(false));

  it('refuses a non-string', () => {
    for (const value of [null, 1_765_000_000_000, {}, ['2026-12-07T10:00:00Z']]) expect(isOffsetDateTime(value)).toBe(false);
  });

  it('names the field in Swedish', () => {
    const errors = validateSync(plainToInstance(Probe, { at: '2026-12-07T10:00' }));
    expect(validationErrorsToFields(errors)).toEqual([{ field: 'at', message: OFFSET_DATE_TIME_MESSAGE }]);
    expect(OFFSET_DATE_TIME_MESSAGE).toMatch(/^måste vara en tidpunkt med tidszon/);
  });
});
