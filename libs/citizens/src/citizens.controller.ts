import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ForCitizens, notFound, type Actor, type AuthenticatedRequest } from '@brygga/common';
import { SessionService } from '@brygga/auth';
import { AuditService, PatientAccountDto } from '@brygga/audit';
import { accountCsv, accountHtml, PatientAccountService } from '@brygga/log-review';
import { UUID } from '@brygga/threads';
import { CitizenAccessService } from './citizen-access.service';
import { CitizenActionsService } from './citizen-actions.service';
import { CitizenPlansService } from './citizen-plans.service';
import { CitizenSafetyService } from './citizen-safety.service';
import {
  AccountExportQueryDto,
  AcknowledgeDto,
  WithdrawConsentDto,
  CallMeDto,
  CitizenAnswerDto,
  CitizenLogoutDto,
  CitizenMeDto,
  CitizenPlanDto,
  CitizenPlanListDto,
  ConsentDto,
  ConsentListDto,
  GiveConsentDto,
  RateSafetyDto,
} from './citizens.dto';
import { ConsentsService } from './consents.service';
import { CurrentCitizen } from './current-citizen';

const destroy = (req: Request): Promise<void> => new Promise((ok, fail) => req.session.destroy((e) => (e ? fail(e) : ok())));

const threadId = (id: string): string => {
  if (!UUID.test(id)) throw notFound('Planen');
  return id;
};

/**
 * "Min hemgång" for patients and närstående (BankID, /auth/login?idp=bankid&som=medborgare). Only
 * citizens' sessions reach these routes, and no staff route accepts theirs (the global guard).
 * Personnummer travel in request bodies, never in a URL.
 */
@Controller('api/medborgare')
export class CitizensController {
  constructor(
    private readonly access: CitizenAccessService,
    private readonly consents: ConsentsService,
    private readonly actions: CitizenActionsService,
    private readonly plans: CitizenPlansService,
    private readonly safety: CitizenSafetyService,
    private readonly account: PatientAccountService,
    private readonly audit: AuditService,
  ) {}

  @Get('jag')
  @ForCitizens('citizen.self')
  @ApiOkResponse({ type: CitizenMeDto })
  async me(@CurrentCitizen() citizen: Actor, @Req() req: AuthenticatedRequest): Promise<CitizenMeDto> {
    const self = await this.access.self(citizen);
    const readable = await this.access.readableThreads(citizen);
    const names = [...new Set(readable.filter((t) => t.role === 'narstaende').map((t) => t.patientGivenName ?? ''))];
    return { namn: citizen.displayName, csrfToken: req.session.csrfToken ?? '', arPatient: Boolean(self.patientId), narstaendeTill: names };
  }

  /** Every published plan the citizen may read, own first; an empty list when none is published. */
  @Get('planer')
  @ForCitizens('plan.read')
  @ApiOkResponse({ type: CitizenPlanListDto })
  async plansList(@CurrentCitizen() citizen: Actor): Promise<CitizenPlanListDto> {
    return { planer: await this.plans.list(citizen) };
  }

  @Get('planer/:threadId')
  @ForCitizens('plan.read')
  @ApiOkResponse({ type: CitizenPlanDto })
  plan(@CurrentCitizen() citizen: Actor, @Param('threadId') id: string): Promise<CitizenPlanDto> {
    return this.plans.one(citizen, threadId(id));
  }

  @Post('planer/:threadId/tagit-del')
  @ForCitizens('plan.respond')
  @ApiOkResponse({ type: CitizenAnswerDto })
  acknowledge(@CurrentCitizen() citizen: Actor, @Param('threadId') id: string, @Body() dto: AcknowledgeDto): Promise<CitizenAnswerDto> {
    return this.actions.acknowledge(citizen, threadId(id), dto);
  }

  @Post('planer/:threadId/bli-uppringd')
  @ForCitizens('plan.respond')
  @ApiOkResponse({ type: CitizenAnswerDto })
  callMe(@CurrentCitizen() citizen: Actor, @Param('threadId') id: string, @Body() dto: CallMeDto): Promise<CitizenAnswerDto> {
    return this.actions.callMe(citizen, threadId(id), dto);
  }

  /** The patient's own upplevd trygghet (0–10) while a Trygg hemgång period runs; once per moment. */
  @Post('planer/:threadId/trygghet')
  @ForCitizens('safety.rate')
  @ApiOkResponse({ type: CitizenAnswerDto })
  rateSafety(@CurrentCitizen() citizen: Actor, @Param('threadId') id: string, @Body() dto: RateSafetyDto): Promise<CitizenAnswerDto> {
    return this.safety.rate(citizen, threadId(id), dto);
  }

  @Get('narstaende')
  @ForCitizens('consent.manage')
  @ApiOkResponse({ type: ConsentListDto })
  async listConsents(@CurrentCitizen() citizen: Actor): Promise<ConsentListDto> {
    return { samtycken: await this.consents.list(citizen) };
  }

  @Post('narstaende')
  @ForCitizens('consent.manage')
  @ApiOkResponse({ type: ConsentDto })
  giveConsent(@CurrentCitizen() citizen: Actor, @Body() dto: GiveConsentDto): Promise<ConsentDto> {
    return this.consents.give(citizen, dto);
  }

  @Post('narstaende/:consentId/aterkalla')
  @ForCitizens('consent.manage')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsentDto })
  withdrawConsent(
    @CurrentCitizen() citizen: Actor,
    @Param('consentId') consentId: string,
    @Body() dto: WithdrawConsentDto,
  ): Promise<ConsentDto> {
    if (!UUID.test(consentId)) throw notFound('Samtycket');
    return this.consents.withdraw(citizen, consentId, dto.orsak);
  }

  /** "Vem har tittat på mina uppgifter": every access to the patient's data, per unit and day. */
  @Get('atkomst')
  @ForCitizens('account.read')
  @ApiOkResponse({ type: PatientAccountDto })
  async accessAccount(@CurrentCitizen() citizen: Actor): Promise<PatientAccountDto> {
    const self = await this.access.self(citizen);
    if (!self.patientId) return { groups: [], total: 0, truncated: false };
    // The reading is itself an access: logged first, so the account shows it too.
    await this.audit.recordNow([this.access.record(citizen, { role: 'patient', patientId: self.patientId }, 'account.read')]);
    return this.account.account(self.patientId, self.personnummer);
  }

  @Get('atkomst/export')
  @ForCitizens('account.read')
  @Header('Cache-Control', 'no-store')
  async exportAccount(
    @CurrentCitizen() citizen: Actor,
    @Query() query: AccountExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const self = await this.access.self(citizen);
    if (self.patientId) {
      await this.audit.recordNow([
        this.access.record(citizen, { role: 'patient', patientId: self.patientId }, 'account.export', { format: query.format }),
      ]);
    }
    const { entries } = self.patientId ? await this.account.entries(self.patientId, self.personnummer) : { entries: [] };
    if (query.format === 'csv') {
      res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="vem-har-tittat.csv"');
      return accountCsv(entries);
    }
    res.type('text/html; charset=utf-8').setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return accountHtml(entries, new Date());
  }
}

/** A citizen's logout: this session ends on every node (it lives in the database). */
@Controller('auth/medborgare')
export class CitizenAuthController {
  constructor(
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  @Post('logout')
  @ForCitizens('citizen.self')
  @HttpCode(200)
  @ApiOkResponse({ type: CitizenLogoutDto })
  async logout(
    @CurrentCitizen() citizen: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CitizenLogoutDto> {
    const sid = req.sessionID;
    await destroy(req);
    this.sessions.ended$.next(sid);
    await this.audit.recordNow([{ actor: citizen, role: 'medborgare', action: 'auth.logout', outcome: 'allowed' }]);
    res.clearCookie(this.sessions.cookieName, { path: '/' });
    return { loggedOut: true };
  }
}
