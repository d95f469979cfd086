import type { EntityManager } from 'typeorm';
import { addDays, swedishDate, type HomePhaseService } from '@brygga/home-phase';
import type { ReadableThread } from './citizen-access.service';
import type { CitizenSafetyQuestionDto } from './citizens.dto';

/** The end question opens this many days before the period's planned end (the start one at once). */
const END_QUESTION_DAYS = 3;

/** What Min hemgång asks the patient now about upplevd trygghet; null for a närstående or when no period runs. */
export async function safetyQuestion(
  homePhase: HomePhaseService,
  manager: EntityManager,
  thread: ReadableThread,
): Promise<CitizenSafetyQuestionDto | null> {
  if (thread.role !== 'patient') return null;
  const state = await homePhase.safetyQuestion(manager, thread.threadId);
  if (!state.running) return null;
  const endOpens = state.plannedEndDate ? addDays(state.plannedEndDate, -END_QUESTION_DAYS) : null;
  const today = swedishDate(new Date());
  const moment = !state.measured.includes('start')
    ? 'start'
    : !state.measured.includes('slut') && endOpens !== null && today >= endOpens
      ? 'slut'
      : null;
  return { moment, besvarade: state.measured as ('start' | 'slut')[] };
}
