import { IsISO8601, IsOptional, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: 'måste vara ett datum (ÅÅÅÅ-MM-DD)' };

/** GET /api/statistics and /api/statistics/export. */
export class StatisticsQueryDto {
  /** First day of the period (admission date, Swedish time); default 30 days back. */
  @IsOptional() @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) from?: string;
  /** Last day of the period, inclusive; default today. */
  @IsOptional() @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) to?: string;
}
