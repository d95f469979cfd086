import { formatDateTime } from '../format';
import { CLOCK_STATE, deadlineText, formatKronor, type ThreadClock } from './clock-format';

/**
 * The discharge law's clock in the thread header: ready since when, from when the municipality
 * pays, how many days so far, whether an avbrott pauses it, and the deadlines. Derived by the
 * server (libs/deadlines) from the timeline; `notes` say what in the timeline was set aside.
 */
export function ThreadClockPanel({ clock }: { clock?: ThreadClock }) {
  if (!clock) return null;
  return (
    <section className={`clock-panel${clock.overdue ? ' clock-overdue' : ''}`} aria-labelledby="clock-title">
      <h2 id="clock-title" className="clock-title">
        Lagens klocka <span className="clock-state">{CLOCK_STATE[clock.state]}</span>
      </h2>
      <dl className="clock-facts">
        <div>
          <dt>Utskrivningsklar sedan</dt>
          <dd>{formatDateTime(clock.utskrivningsklarSince)}</dd>
        </div>
        <div>
          <dt>Betalningsansvar från</dt>
          <dd>{formatDateTime(clock.betalningsansvarFrom)}</dd>
        </div>
        <div>
          <dt>Betalningsdagar hittills</dt>
          <dd>
            {clock.paymentDays} {clock.paymentDays > 0 && <span className="muted">({formatKronor(clock.cost)})</span>}
          </dd>
        </div>
        <div>
          <dt>Avbrott</dt>
          <dd>
            {clock.pausedByAvbrott
              ? `Pausad sedan ${formatDateTime(clock.pausedByAvbrott.since)}${clock.pausedByAvbrott.orsak ? ` – ${clock.pausedByAvbrott.orsak}` : ''}`
              : clock.avbrottCount
                ? `${clock.avbrottCount} tidigare`
                : 'Inga'}
          </dd>
        </div>
      </dl>
      <ul className="clock-deadlines">
        {clock.deadlines.map((d) => (
          <li key={d.key} className={`deadline deadline-${d.state}`}>
            {deadlineText(d, clock.state)}{' '}
            {d.state === 'uppfylld' || d.state === 'uppfylld_sent' ? formatDateTime(d.metAt) : formatDateTime(d.dueAt)}
          </li>
        ))}
      </ul>
      {clock.notes.length > 0 && (
        <ul className="clock-notes" aria-label="Så räknas klockan">
          {clock.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
