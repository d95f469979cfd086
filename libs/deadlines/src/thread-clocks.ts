import { Inject, Injectable } from '@nestjs/common';
import { deriveClock, type ClockEvent, type ClockThread, type ThreadClock } from './clock';
import type { DeadlineRules } from './rules';

export const DEADLINE_RULES = Symbol('DEADLINE_RULES');

/** The time, injected: tests and the warnings job can be given another. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

export interface ClockRow {
  id: string;
  created_at: Date;
  admitted_at: Date | null;
  planned_discharge_date: string | null;
  kinds: string[];
  /** The thread's status, when the query read it (CLOCK_SELECT in libs/threads does): an ended thread has nothing pending. */
  thread_status?: string;
  events: { id: string; seq: number; kind: string; sentAt: string; payload: Record<string, unknown> | null; corrects: string | null }[];
}

export function clockInput(row: ClockRow): { thread: ClockThread; events: ClockEvent[] } {
  return {
    thread: {
      createdAt: row.created_at,
      admittedAt: row.admitted_at,
      plannedDischargeDate: row.planned_discharge_date,
      participantKinds: row.kinds,
    },
    events: row.events.map((e) => ({
      id: e.id,
      seq: e.seq,
      kind: e.kind,
      sentAt: new Date(e.sentAt),
      payload: e.payload,
      correctsMessageId: e.corrects,
    })),
  };
}

/** Reads threads' events and derives their clocks (the thread view, the inbox, the warnings). */
@Injectable()
export class ThreadClocks {
  constructor(
    @Inject(DEADLINE_RULES) readonly rules: DeadlineRules,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  derive(row: ClockRow, now = this.clock.now()): ThreadClock {
    const { thread, events } = clockInput(row);
    const clock = deriveClock(thread, events, this.rules, now);
    return row.thread_status === 'makulerad' || row.thread_status === 'avslutad' ? ended(clock) : clock;
  }
}

/**
 * An avslutat or makulerat thread owes nothing: no deadline is coming or overdue (what was met,
 * in time or late, stays). Without this a makulerat thread showed a pending deadline, counted as
 * försenad in the inbox and sorted first by deadline.
 */
function ended(clock: ThreadClock): ThreadClock {
  return {
    ...clock,
    deadlines: clock.deadlines.filter((d) => d.state === 'uppfylld' || d.state === 'uppfylld_sent'),
    nextDeadline: null,
    overdue: false,
  };
}
