import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict, DomainEvents, forbidden, type Actor, type ThreadEvent } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import { threadDatesOf } from '@brygga/threads';
import { CitizenAccessService } from './citizen-access.service';
import { CitizenPlansService } from './citizen-plans.service';
import { CitizenTimeline } from './citizen-timeline';
import { TIME_OF_DAY_LABELS, type AcknowledgeDto, type CallMeDto, type CitizenAnswerDto } from './citizens.dto';

/**
 * The patient's two answers in "Min hemgång", each a structured entry in the thread: "Jag har
 * tagit del" and "Jag vill bli uppringd" (a phone number and a time of day). Only the patient
 * answers; a närstående reads.
 */
@Injectable()
export class CitizenActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CitizenAccessService,
    private readonly plans: CitizenPlansService,
    private readonly timeline: CitizenTimeline,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  acknowledge(citizen: Actor, threadId: string, dto: AcknowledgeDto): Promise<CitizenAnswerDto> {
    const read = dto.version ? ` (version ${dto.version})` : '';
    return this.answer(
      citizen,
      threadId,
      'patient_tagit_del',
      `Patienten har tagit del av Min hemgång${read}.`,
      dto.version ? { version: dto.version } : {},
    );
  }

  callMe(citizen: Actor, threadId: string, dto: CallMeDto): Promise<CitizenAnswerDto> {
    const when = TIME_OF_DAY_LABELS[dto.tidPaDagen];
    return this.answer(
      citizen,
      threadId,
      'patient_vill_bli_uppringd',
      `Patienten vill bli uppringd på ${dto.telefon.trim()}, helst ${when}.`,
      {
        telefon: dto.telefon.trim(),
        tidPaDagen: dto.tidPaDagen,
      },
    );
  }

  private async answer(
    citizen: Actor,
    threadId: string,
    kind: 'patient_tagit_del' | 'patient_vill_bli_uppringd',
    body: string,
    payload: Record<string, unknown>,
  ): Promise<CitizenAnswerDto> {
    let events: ThreadEvent[] = [];
    const result = await inTransaction(this.dataSource, async (manager) => {
      const access = await this.plans.publishedReadable(citizen, threadId, 'citizen.respond');
      if (access.role !== 'patient') {
        await this.audit.recordNow([{ ...this.access.record(citizen, access, 'citizen.respond'), outcome: 'denied', details: { kind } }]);
        throw forbidden('Bara patienten själv kan svara i Min hemgång.');
      }
      const { status } = (await threadDatesOf(manager, threadId))!;
      if (status === 'avslutad') throw conflict('Ärendet är avslutat. Ring avdelningen eller kommunen om du har frågor.');
      events = await this.timeline.note(manager, [threadId], kind, body, payload);
      const message = events[0].data as { id: string; author: { unitName: string } };
      await this.audit.record(manager, [this.access.record(citizen, access, 'citizen.respond', { kind })]);
      return { messageId: message.id, till: message.author.unitName };
    });
    for (const event of events) this.events.publish(event);
    return result;
  }
}
