import { Controller, Get, Query } from '@nestjs/common';
import { Authenticated, CurrentActor, type Actor, type Role } from '@brygga/common';
import { AuditQueryDto, mapAuditEntry } from './audit.dto';
import { AuditService, VerifyResult } from './audit.service';

const REVIEWERS: readonly Role[] = ['logggranskare', 'admin'];

@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Authenticated({ roles: REVIEWERS })
  async list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto) {
    const filter = {
      patientId: query.patientId,
      userId: query.userId,
      threadId: query.threadId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      beforeSeq: query.before,
      limit: query.limit ?? 100,
    };
    const rows = await this.audit.list(filter);
    // Reading the log discloses who saw which patient: that read is logged too.
    await this.audit.recordNow([
      { actor, action: 'audit.list', outcome: 'allowed', patientId: filter.patientId, threadId: filter.threadId, details: { rows: rows.length } },
    ]);
    return { entries: rows.map(mapAuditEntry), nextBefore: rows.length === filter.limit ? rows[rows.length - 1].seq : null };
  }

  @Get('verify')
  @Authenticated({ roles: REVIEWERS })
  async verify(@CurrentActor() actor: Actor): Promise<VerifyResult> {
    const result = await this.audit.verify();
    await this.audit.recordNow([{ actor, action: 'audit.verify', outcome: 'allowed', details: { ok: result.ok } }]);
    return result;
  }
}
