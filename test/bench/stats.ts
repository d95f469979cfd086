export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const round = (n: number, digits = 1): number => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

export function summary(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(values.length ? Math.max(...values) : NaN),
  };
}

export async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Each value divided by `n` (posts, messages), rounded. */
export function perUnit(values: Record<string, number>, n: number, digits = 2): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v / Math.max(1, n), digits)]));
}

/** `a 1.2, b 3.4`: a log line's figures. */
export const fmt = (values: Record<string, number>): string =>
  Object.entries(values)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
