import type { Deadline, ThreadClock } from '../api/model';

export type { Deadline, ThreadClock };

export const CLOCK_STATE: Record<ThreadClock['state'], string> = {
  ej_utskrivningsklar: 'Ej utskrivningsklar',
  utskrivningsklar: 'Klockan går',
  avbrott: 'Pausad av avbrott',
  utskriven: 'Utskriven',
};

/** "2 dygn 5 tim", "7 tim": how far past a deadline is ("2 d 5 tim" for a narrow column). */
export function formatHours(hours: number, short = false): string {
  const day = short ? 'd' : 'dygn';
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (!days) return `${rest} tim`;
  return rest ? `${days} ${day} ${rest} tim` : `${days} ${day}`;
}

/**
 * A deadline in words; `clockState` lets the payment deadline read right during an avbrott (not "i
 * tid"). `short` is the inbox's column ("Nästa frist", whole on one line at 1366 px): fewer words.
 */
export function deadlineText(d: Deadline, clockState?: ThreadClock['state'], short = false): string {
  if (d.key === 'betalningsansvar' && clockState === 'avbrott' && (d.state === 'uppfylld' || d.state === 'uppfylld_sent')) {
    if (short) return `${d.label} pausat av avbrott`;
    return d.state === 'uppfylld' ? `${d.label}: har inte inträtt (pausat av avbrott)` : `${d.label}: pausat av avbrott`;
  }
  const overdue = formatHours(d.hoursOverdue ?? 0, short);
  switch (d.state) {
    case 'forsenad':
      if (d.key !== 'betalningsansvar') return `${d.label} försenad ${overdue}`;
      return short ? `${d.label} har inträtt ${overdue}` : `${d.label} har inträtt (${overdue} sedan)`;
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
