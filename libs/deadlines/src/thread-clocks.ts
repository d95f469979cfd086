import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK_KINDS, deriveClock, type ClockEvent, type ClockThread, type ThreadClock } from './clock';
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
  /** The thread's status, when the query read it (CLOCK_SELECT does): an ended thread has nothing pending. */
  thread_status?: string;
  events: { id: string; seq: number; kind: string; sentAt: string; payload: Record<string, unknown> | null; corrects: string | null }[];
}

/**
 * One thread's facts for the clock, and its events: the messages of the kinds the clock reads,
 * gathered per thread in the same query. `$1` is the thread ids or a subquery in their place.
 */
export const CLOCK_SELECT = (threads: string) => `
  SELECT t.id, t.status AS thread_status, t.created_at, t.admitted_at, to_char(t.planned_discharge_date, 'YYYY-MM-DD') AS planned_discharge_date,
         ARRAY(SELECT DISTINCT u.organisation_kind FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
                 WHERE tp.thread_id = t.id) AS kinds,
         COALESCE((SELECT json_agg(json_build_object('id', m.id, 'seq', m.seq, 'kind', m.kind, 'sentAt', m.created_at,
                                                     'payload', m.payload, 'corrects', m.corrects_message_id) ORDER BY m.seq)
                     FROM message m WHERE m.thread_id = t.id AND m.kind = ANY('{${CLOCK_KINDS.join(',')}}'::text[])), '[]') AS events
    FROM thread t WHERE t.id IN (${threads})`;

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

  /** In the caller's transaction, which has already checked access to these threads. */
  async forThreads(manager: EntityManager, threadIds: string[], now = this.clock.now()): Promise<Map<string, ThreadClock>> {
    if (!threadIds.length) return new Map();
    const rows: ClockRow[] = await manager.query(CLOCK_SELECT('SELECT unnest($1::uuid[])'), [threadIds]);
    return new Map(rows.map((row) => [row.id, this.derive(row, now)]));
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
