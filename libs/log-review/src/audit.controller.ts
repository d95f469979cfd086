import { Readable } from 'node:stream';
import { Body, Controller, Get, Header, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated, CurrentActor, invalid, organisationsWith, type Actor } from '@brygga/common';
import { formatIdentityNumber, normaliseIdentityNumber } from '@brygga/patients';
import { ApiOkResponse } from '@nestjs/swagger';
import {
  AuditExtractDto,
  AuditPageDto,
  AuditQueryDto,
  AuditSearchDto,
  AuditService,
  type PatientIdentity,
  type ReviewRow,
  type VerifyResult,
} from '@brygga/audit';
import { extractFrame, extractLines } from './audit-extract';
import { AuditReviewService, type ReviewFilter } from './audit-review.service';

/**
 * The extract reads the log a page at a time, to the end: a loggutdrag lists every access, or none.
 * Each page finds all of the patient's rows again (their row numbers from the indexes, then the page
 * below the cursor), so that cost is paid once per page: with pages of 5,000, 199,000 lines took 60 s
 * (40 pages of ~1 s each before a line was read); with 50,000, 9 s. Not one statement: at ~50 µs a
 * line the cap alone would come near the statement timeout (DB_STATEMENT_TIMEOUT_MS, 15 s).
 */
const EXTRACT_PAGE = 50_000;
/** Beyond this many lines the reviewer is asked for a shorter period (the page would be unusable), never given a part. */
const EXTRACT_MAX = 200_000;

const identityNumberOf = (input: string): string | null =>
  normaliseIdentityNumber(input, 'personnummer') ?? normaliseIdentityNumber(input, 'samordningsnummer');

/** A personnummer and a samordningsnummer share one reference (they never collide): the type does not matter here. */
const searched = (number: string): PatientIdentity => ({ type: 'personnummer', number, issuer: '' });

/** Log review: the reviewer's organisation's log, searched, paged, extracted per patient, verified. */
@Controller('api/audit')
@Authenticated({ capability: 'audit.review' })
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly review: AuditReviewService,
  ) {}

  /** By internal ids (safe in a URL); search by personnummer or name with POST /api/audit/search. */
  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto) {
    return this.search(actor, query);
  }

  @Post('search')
  @ApiOkResponse({ type: AuditPageDto })
  @HttpCode(200)
  search(@CurrentActor() actor: Actor, @Body() body: AuditSearchDto) {
    return this.page(actor, {
      ...body,
      from: body.from ? new Date(body.from) : undefined,
      to: body.to ? new Date(body.to) : undefined,
      after: body.before,
      limit: body.limit ?? 100,
    });
  }

  /** Loggutdrag: every access to one patient's data in the reviewer's scope, as CSV or a printable page. */
  @Post('extract')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'Loggutdraget: CSV (format csv) eller en utskrivbar sida (format html).',
    content: { 'text/csv': { schema: { type: 'string' } }, 'text/html': { schema: { type: 'string' } } },
  })
  @Header('Cache-Control', 'no-store')
  async extract(
    @CurrentActor() actor: Actor,
    @Body() body: AuditExtractDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const number = identityNumberOf(body.identityNumber);
    if (!number) throw invalid('identityNumber', 'är inte ett giltigt personnummer eller samordningsnummer');
    const filter: ReviewFilter = {
      identityNumber: number,
      from: body.from ? new Date(body.from) : undefined,
      to: body.to ? new Date(body.to) : undefined,
      limit: EXTRACT_PAGE,
    };
    // Every line, page after page (a covered access is one line: a long thread's pushes alone can
    // be tens of thousands); it stopped at the first 10,000 without a word before 2026-12-07. Each
    // page is rendered at once and its rows dropped: at the cap (200,000 lines; the text is ~37 MB
    // as CSV, ~49 MB as HTML), keeping the rows as objects to the end and joining one string grew
    // the node's RSS by 270-410 MiB, rendering per page by 65-130 (GC forced every 100 ms).
    const lines: Buffer[] = [];
    let count = 0;
    let patient: ReviewRow['patient'] = null;
    for (let after: string | undefined; ;) {
      const page = await this.review.search({ ...filter, after }, organisationsWith(actor, 'audit.review'));
      count += page.length;
      if (count > EXTRACT_MAX) {
        throw invalid('from', `ger fler än ${EXTRACT_MAX.toLocaleString('sv-SE')} rader i loggutdraget; välj en kortare period`);
      }
      patient ??= page.find((r) => r.patient)?.patient ?? null;
      lines.push(Buffer.from(extractLines(body.format, page)));
      if (page.length < EXTRACT_PAGE) break;
      after = page[page.length - 1].line;
    }
    // Producing an extract is itself a read of the patient's log: logged like any other, under the
    // number asked for (found or not: the row does not say whether such a patient exists).
    await this.audit.recordNow([
      {
        actor,
        action: 'audit.extract',
        outcome: 'allowed',
        searchedIdentity: searched(number),
        details: { rows: count, format: body.format, from: body.from ?? null, to: body.to ?? null },
      },
    ]);
    const { before, after } = extractFrame(body.format, {
      patient: { identityNumber: patient?.identityNumber ?? formatIdentityNumber('personnummer', number), name: patient?.name ?? null },
      from: filter.from?.toISOString() ?? null,
      to: filter.to?.toISOString() ?? null,
      madeBy: actor.displayName,
      madeAt: new Date().toISOString(),
      count,
    });
    if (body.format === 'csv') {
      res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="loggutdrag.csv"');
    } else {
      res.type('text/html; charset=utf-8').setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    }
    // Sent as the pieces are, without joining them into one more copy of the whole.
    const parts = [Buffer.from(before), ...lines, Buffer.from(after)];
    return new StreamableFile(Readable.from(parts), { length: parts.reduce((n, p) => n + p.length, 0) });
  }

  @Get('verify')
  async verify(@CurrentActor() actor: Actor): Promise<VerifyResult> {
    const result = await this.audit.verify();
    await this.audit.recordNow([{ actor, action: 'audit.verify', outcome: 'allowed', details: { ok: result.ok } }]);
    return result;
  }

  private async page(actor: Actor, filter: ReviewFilter) {
    const rows = await this.review.search(filter, organisationsWith(actor, 'audit.review'));
    const number = filter.identityNumber ? identityNumberOf(filter.identityNumber) : null;
    // Reading the log discloses who saw which patient: that read is logged too, and a search by
    // number under the number searched for (so it shows in that patient's extract, found or not).
    await this.audit.recordNow([
      {
        actor,
        action: 'audit.list',
        outcome: 'allowed',
        patientId: filter.patientId ?? null,
        ...(number ? { searchedIdentity: searched(number) } : {}),
        threadId: filter.threadId ?? null,
        details: { rows: rows.length, byIdentityNumber: Boolean(filter.identityNumber), byPerson: Boolean(filter.person) },
      },
    ]);
    return { entries: rows, nextBefore: rows.length === filter.limit ? rows[rows.length - 1].line : null };
  }
}
