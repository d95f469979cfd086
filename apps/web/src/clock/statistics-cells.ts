import type { Statistics } from '../api/model';

export type Row = Statistics['units'][number];

/** What a suppressed cell shows: the convention of Swedish official statistics. */
export const SUPPRESSED = '..';

function at(row: Row, path: string): number | null {
  let node: unknown = row.figures;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | null)?.[key];
  return typeof node === 'number' ? node : null;
}

const decimal = (n: number, digits = 1) => n.toFixed(digits).replace('.', ',').replace(/,0$/, '');

/** Formats one figure of a row: ".." when suppressed, "–" when there is nothing to show. */
export function cell(row: Row, path: string, format: 'count' | 'hours' | 'days' | 'percent' | 'kronor' | 'decimal' = 'count'): string {
  if (row.suppressed.includes(path)) return SUPPRESSED;
  const value = at(row, path);
  if (value === null) return '–';
  switch (format) {
    case 'percent':
      return `${Math.round(value * 100)} %`;
    case 'hours':
      return value >= 48 ? `${(value / 24).toFixed(1).replace('.', ',')} dygn` : `${Math.round(value)} tim`;
    case 'days':
      return `${decimal(value)} d`;
    case 'kronor':
      return `${new Intl.NumberFormat('sv-SE').format(value)} kr`;
    case 'decimal':
      return decimal(value);
    case 'count':
      return String(value);
  }
}

/** A figure for a chart: a suppressed or missing one is left out (no bar), never drawn as 0. */
export const chartValue = (row: Row, path: string): number | null => (row.suppressed.includes(path) ? null : at(row, path));
