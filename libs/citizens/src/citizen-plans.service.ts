import { Injectable } from '@nestjs/common';
import { notFound, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { HomePhaseService } from '@brygga/home-phase';
import { PlanService } from '@brygga/plan';
import { DataSource } from 'typeorm';
import { CitizenAccessService, type ReadableThread } from './citizen-access.service';
import { safetyQuestion } from './citizen-safety-question';
import type { CitizenPlanDto } from './citizens.dto';

/**
 * The published plans a citizen may read: the patient's own, and those a patient shares with this
 * närstående. A plan never published is not shown (and answers 404 like one that does not exist);
 * every plan shown is an access-log row.
 */
@Injectable()
export class CitizenPlansService {
  constructor(
    private readonly access: CitizenAccessService,
    private readonly plans: PlanService,
    private readonly audit: AuditService,
    private readonly homePhase: HomePhaseService,
    private readonly dataSource: DataSource,
  ) {}

  async list(citizen: Actor): Promise<CitizenPlanDto[]> {
    const readable = await this.access.readableThreads(citizen);
    const patients = [...new Set(readable.map((t) => t.patientId))];
    const shown: CitizenPlanDto[] = [];
    const rows: ReadableThread[] = [];
    for (const patientId of patients) {
      for (const plan of await this.plans.publishedPlansForPatient(patientId)) {
        const threads = readable.filter((t) => t.threadId === plan.threadId);
        const thread = threads.find((t) => t.role === 'patient') ?? threads[0];
        if (!thread) continue;
        rows.push(thread);
        shown.push({
          roll: thread.role,
          patientFornamn: thread.role === 'narstaende' ? thread.patientGivenName : null,
          plan,
          trygghet: await safetyQuestion(this.homePhase, this.dataSource.manager, thread),
        });
      }
    }
    await this.audit.recordNow(rows.map((t) => this.access.record(citizen, t, 'citizen.plan')));
    return shown;
  }

  async one(citizen: Actor, threadId: string): Promise<CitizenPlanDto> {
    const thread = await this.publishedReadable(citizen, threadId, 'citizen.plan');
    const plan = await this.plans.planView(threadId);
    await this.audit.recordNow([this.access.record(citizen, thread, 'citizen.plan')]);
    const trygghet = await safetyQuestion(this.homePhase, this.dataSource.manager, thread);
    return { roll: thread.role, patientFornamn: thread.role === 'narstaende' ? thread.patientGivenName : null, plan, trygghet };
  }

  /** The thread, if the citizen may read it and its plan has been published; otherwise a logged 404. */
  async publishedReadable(citizen: Actor, threadId: string, action: 'citizen.plan' | 'citizen.respond'): Promise<ReadableThread> {
    const thread = await this.access.readable(citizen, threadId, action);
    if (!(await this.plans.planView(threadId)).published) {
      await this.audit.recordNow([{ ...this.access.record(citizen, thread, action), outcome: 'denied', details: { unpublished: true } }]);
      throw notFound('Planen');
    }
    return thread;
  }
}
