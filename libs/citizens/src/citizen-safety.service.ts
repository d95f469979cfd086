import { HttpException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict, DomainError, DomainEvents, forbidden, type Actor, type ThreadEvent } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import { threadDatesOf } from '@brygga/threads';
import { HomePhaseService } from '@brygga/home-phase';
import { CitizenAccessService, type ReadableThread } from './citizen-access.service';
import { CitizenPlansService } from './citizen-plans.service';
import { CitizenTimeline } from './citizen-timeline';
import type { CitizenAnswerDto, RateSafetyDto } from './citizens.dto';

/**
 * The patient rates their own upplevd trygghet (0–10) in Min hemgång while a Trygg hemgång period
 * runs: a "matning" entry in the thread, skattad av patienten, kept by libs/home-phase (the table's
 * owner) by the same rules as staff's measurements. Only the patient rates; a närstående reads.
 */
@Injectable()
export class CitizenSafetyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CitizenAccessService,
    private readonly plans: CitizenPlansService,
    private readonly homePhase: HomePhaseService,
    private readonly timeline: CitizenTimeline,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async rate(citizen: Actor, threadId: string, dto: RateSafetyDto): Promise<CitizenAnswerDto> {
    let events: ThreadEvent[] = [];
    let access: ReadableThread | undefined;
    try {
      const result = await inTransaction(this.dataSource, async (manager) => {
        access = await this.plans.publishedReadable(citizen, threadId, 'citizen.respond');
        if (access.role !== 'patient') throw forbidden('Bara patienten själv kan svara i Min hemgång.');
        const { status } = (await threadDatesOf(manager, threadId))!;
        if (status === 'avslutad') throw conflict('Ärendet är avslutat. Ring avdelningen eller kommunen om du har frågor.');
        const measuredAt = dto.observedAt ?? new Date().toISOString();
        const when = dto.moment === 'start' ? 'periodens start' : 'periodens slut';
        events = await this.timeline.note(
          manager,
          [threadId],
          'matning',
          `Upplevd trygghet ${dto.varde} av 10 vid ${when}, skattad av patienten i Min hemgång.`,
          { moment: dto.moment, matdAt: measuredAt, trygghet: dto.varde, skattadAv: 'patienten' },
        );
        const message = events[0].data as { id: string; author: { unitName: string } };
        await this.homePhase.recordPatientSafety(manager, threadId, message.id, {
          moment: dto.moment,
          measuredAt,
          safety: dto.varde,
        });
        await this.audit.record(manager, [this.access.record(citizen, access, 'citizen.respond', { kind: 'matning', moment: dto.moment })]);
        return { messageId: message.id, till: message.author.unitName };
      });
      for (const event of events) this.events.publish(event);
      return result;
    } catch (error) {
      // A refusal after the access check is logged here (the access check logs its own 404).
      if (access && (error instanceof DomainError || error instanceof HttpException)) {
        await this.audit.recordNow([
          { ...this.access.record(citizen, access, 'citizen.respond'), outcome: 'denied', details: { kind: 'matning' } },
        ]);
      }
      throw error;
    }
  }
}
