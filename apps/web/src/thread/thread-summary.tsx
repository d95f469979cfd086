import type { ReactNode } from 'react';
import { CLOCK_STATE } from '../clock/clock-format';
import { formatDate, formatDateTime } from '../format';
import type { Thread } from '../api/model';
import { FACT_KEYS } from './fact-forms';

/**
 * On a wide screen the thread's dates, facts and the law's clock fold into one line above the
 * conversation, so that the conversation keeps at least half of a 1366 × 768 window (issue 27);
 * the line opens to show them all. A clock past a deadline colours the line.
 */
export function ThreadSummary({ thread, children }: { thread: Thread; children: ReactNode }) {
  const clock = thread.clock;
  const facts = (thread.facts ?? []).length;
  const parts: string[] = [];
  if (thread.dates.plannedDischargeDate) parts.push(`Planerad utskrivning ${formatDate(thread.dates.plannedDischargeDate)}`);
  if (clock && clock.state !== 'ej_utskrivningsklar') {
    parts.push(
      clock.state === 'utskrivningsklar' && clock.betalningsansvarFrom
        ? `Lagens klocka: ${CLOCK_STATE[clock.state].toLowerCase()}, betalningsansvar från ${formatDateTime(clock.betalningsansvarFrom)}`
        : `Lagens klocka: ${CLOCK_STATE[clock.state].toLowerCase()}`,
    );
  }
  parts.push(`Uppgifter ${facts} av ${FACT_KEYS.length}`);
  return (
    <details className={`thread-summary${clock?.overdue ? ' thread-summary-overdue' : ''}`}>
      <summary>
        <span className="thread-summary-line">{parts.join(' · ')}</span>
        <span className="thread-summary-more" aria-hidden="true">
          Visa allt
        </span>
      </summary>
      <div className="thread-summary-body">{children}</div>
    </details>
  );
}
