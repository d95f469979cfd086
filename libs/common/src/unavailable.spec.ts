import { isUnavailable } from './unavailable';

describe('telling an outage from a bug', () => {
  it('knows the ways node-postgres, pg-pool and TypeORM say the database went away', () => {
    const outages: unknown[] = [
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' }),
      // TypeORM's QueryFailedError carries the driver's error.
      Object.assign(new Error('query failed'), { driverError: { code: '57P01' } }),
    ];
    for (const error of outages) expect(isUnavailable(error)).toBe(true);
  });

  it('leaves real errors alone: they stay 4xx or 500', () => {
    const bugs: unknown[] = [
      Object.assign(new Error('duplicate key'), { code: '23505' }),
      Object.assign(new Error('invalid byte sequence'), { code: '22021' }),
      new TypeError('x is undefined'),
      'a string',
      undefined,
    ];
    for (const error of bugs) expect(isUnavailable(error)).toBe(false);
  });
});
