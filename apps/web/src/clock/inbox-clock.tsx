import { SelectField } from '../components/ui';
import { formatDateTime, formatShortDayTime } from '../format';
import { deadlineText, type ThreadClock } from './clock-format';

export interface ClockQuery {
  filter?: 'utskrivningsklar_ej_hemgangsklar' | 'forsenad';
  sort?: 'aktivitet' | 'frist';
}

/** The inbox's filter and order on the clock (done by the server: GET /api/threads?filter&sort). */
export function ClockFilters({ value, onChange }: { value: ClockQuery; onChange: (q: ClockQuery) => void }) {
  return (
    <>
      <SelectField
        label="Bevakning"
        value={value.filter ?? ''}
        onChange={(e) => onChange({ ...value, filter: (e.target.value || undefined) as ClockQuery['filter'] })}
      >
        <option value="">Alla ärenden</option>
        <option value="utskrivningsklar_ej_hemgangsklar">Utskrivningsklar, ej hemgångsklar</option>
        <option value="forsenad">Försenad</option>
      </SelectField>
      <SelectField
        label="Ordning"
        value={value.sort ?? 'aktivitet'}
        onChange={(e) => onChange({ ...value, sort: e.target.value as ClockQuery['sort'] })}
      >
        <option value="aktivitet">Senast aktiva först</option>
        <option value="frist">Närmaste frist först</option>
      </SelectField>
    </>
  );
}

/**
 * The next deadline and how far past it is; a discharge day on a weekend or holiday is flagged.
 * `compact` (the laptop's inbox table): fewer words and a short date, so it fits its column whole
 * on one line; the holiday then stands in the planned-date column (InboxHoliday).
 */
export function NextDeadlineCell({ clock, compact = false }: { clock?: ThreadClock; compact?: boolean }) {
  const next = clock?.nextDeadline;
  const day = clock?.dischargeDay;
  return (
    <>
      {next ? (
        <span className={`deadline deadline-${next.state}`}>
          {deadlineText(next, clock?.state, compact)}
          <span className="deadline-when">
            {next.state === 'kommande' ? (compact ? formatShortDayTime(next.dueAt) : formatDateTime(next.dueAt)) : ''}
          </span>
        </span>
      ) : (
        <span className="muted">–</span>
      )}
      {!compact && day?.nonWorking && <span className="tag tag-holiday">Utskrivningsdag: {day.nonWorking}</span>}
    </>
  );
}

/** A discharge day that is not a working day, beside the planned date in the inbox table ("Annandag jul"). */
export function InboxHoliday({ clock }: { clock?: ThreadClock }) {
  const reason = clock?.dischargeDay?.nonWorking;
  return reason ? <span className="tag tag-holiday">{reason}</span> : null;
}
