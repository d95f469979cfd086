import type { Deadline, ThreadClock } from '../api/model';

export type { Deadline, ThreadClock };

export const CLOCK_STATE: Record<ThreadClock['state'], string> = {
  ej_utskrivningsklar: 'Ej utskrivningsklar',
  utskrivningsklar: 'Klockan går',
  avbrott: 'Pausad av avbrott',
  utskriven: 'Utskriven',
};

/** "2 dygn 5 tim", "7 tim": how far past a deadline is. */
export function formatHours(hours: number): string {
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (!days) return `${rest} tim`;
  return rest ? `${days} dygn ${rest} tim` : `${days} dygn`;
}

/** A deadline in words; `clockState` lets the payment deadline read right during an avbrott (not "i tid"). */
export function deadlineText(d: Deadline, clockState?: ThreadClock['state']): string {
  if (d.key === 'betalningsansvar' && clockState === 'avbrott') {
    if (d.state === 'uppfylld') return `${d.label}: har inte inträtt (pausat av avbrott)`;
    if (d.state === 'uppfylld_sent') return `${d.label}: pausat av avbrott`;
  }
  switch (d.state) {
    case 'forsenad':
      return d.key === 'betalningsansvar'
        ? `${d.label} har inträtt (${formatHours(d.hoursOverdue ?? 0)} sedan)`
        : `${d.label} försenad ${formatHours(d.hoursOverdue ?? 0)}`;
    case 'kommande':
      return d.key === 'betalningsansvar' ? `${d.label} inträder` : `${d.label} senast`;
    case 'uppfylld':
      return `${d.label}: i tid`;
    case 'uppfylld_sent':
      return `${d.label}: för sent`;
  }
}

/** "2 d 5 tim", "7 tim": formatHours for a narrow column. */
export function formatHoursShort(hours: number): string {
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (!days) return `${rest} tim`;
  return rest ? `${days} d ${rest} tim` : `${days} d`;
}

/**
 * The inbox's words for the next deadline (its column is headed "Nästa frist", and it must show in
 * full on one line at 1366 px): the same states as deadlineText, fewer words; the date beside it.
 */
export function deadlineShort(d: Deadline, clockState?: ThreadClock['state']): string {
  if (d.key === 'betalningsansvar' && clockState === 'avbrott' && d.state !== 'kommande' && d.state !== 'forsenad')
    return `${d.label} pausat av avbrott`;
  switch (d.state) {
    case 'forsenad':
      return d.key === 'betalningsansvar'
        ? `${d.label} har inträtt ${formatHoursShort(d.hoursOverdue ?? 0)}`
        : `${d.label} försenad ${formatHoursShort(d.hoursOverdue ?? 0)}`;
    case 'kommande':
      return d.key === 'betalningsansvar' ? `${d.label} inträder` : `${d.label} senast`;
    case 'uppfylld':
      return `${d.label}: i tid`;
    case 'uppfylld_sent':
      return `${d.label}: för sent`;
  }
}

const kronor = new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK', maximumFractionDigits: 0 });
export const formatKronor = (n: number) => kronor.format(n);
