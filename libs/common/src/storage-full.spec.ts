import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { toErrorBody } from './http-exception.filter';
import { isDiskFull, storageFull } from './storage-full';

/** What node-postgres raises when PostgreSQL cannot extend a table on a full disk. */
function diskFull(): Error {
  const driverError = Object.assign(new Error('could not extend file "base/16384/16385": No space left on device'), { code: '53100' });
  return new QueryFailedError('INSERT INTO message …', [], driverError);
}

describe('a full disk under the database', () => {
  afterEach(() => storageFull.recovered());

  it('is recognised by SQLSTATE 53100 or by the message of a failed file write', () => {
    expect(isDiskFull(diskFull())).toBe(true);
    expect(
      isDiskFull(Object.assign(new Error('could not write to file "pg_wal/xlogtemp.123": No space left on device'), { code: '58030' })),
    ).toBe(true);
    expect(isDiskFull(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
  });

  it('answers 503 (never 500) and marks the storage full until the probe says it is back', () => {
    const logger = new Logger('test');
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    expect(storageFull.full).toBe(false);
    expect(toErrorBody(diskFull(), logger)).toMatchObject({ statusCode: 503, error: 'unavailable' });
    expect(storageFull.full).toBe(true);
    storageFull.recovered();
    expect(storageFull.full).toBe(false);
  });
});
