import { figures } from './figures';
import { suppressSmallCells } from './suppress';
import type { Figures } from './statistics.types';

/** The small-cell rule on hand-made rows: what is hidden, and why. */
describe('suppressSmallCells', () => {
  const row = (name: string, over: (f: Figures) => void) => {
    const f = figures([], '2026-12-01');
    over(f);
    return { unitId: name, unitName: name, figures: f };
  };

  it('hides counts of 1–4 and what is computed from fewer than 5 threads; shows 0', () => {
    const { total } = suppressSmallCells(
      [],
      row('t', (f) => {
        f.threads = 3;
        f.discharged = 0;
        f.outcomes.safetyChange = { n: 3, mean: 1.5 };
      }),
    );
    expect(total.figures.threads).toBeNull();
    expect(total.figures.discharged).toBe(0);
    expect(total.figures.outcomes.safetyChange).toEqual({ n: null, mean: null });
    // The payment days (0) of three threads say each of them had none: hidden too.
    expect(total.suppressed).toEqual(['cost', 'outcomes.safetyChange.mean', 'outcomes.safetyChange.n', 'paymentDays', 'threads']);
  });

  it('hides a part whose remainder is small, with the share that would reveal it', () => {
    const { total } = suppressSmallCells(
      [],
      row('t', (f) => {
        f.threads = 20;
        f.discharged = 20;
        f.sameDay = { count: 17, of: 20, share: 0.85 };
      }),
    );
    // 20 − 17 = 3 were not discharged the same day: that is a cell of 3.
    expect(total.figures.sameDay).toEqual({ count: null, of: 20, share: null });
  });

  it('hides the smallest other part when one part of a whole is hidden', () => {
    const { total } = suppressSmallCells(
      [],
      row('t', (f) => {
        f.threads = 30;
        f.triage = { gron: 2, gul: 8, rod: 20 };
      }),
    );
    expect(total.figures.triage).toEqual({ gron: null, gul: null, rod: 20 });
  });

  it('hides the smallest other row of a column when one row is hidden and the total is shown', () => {
    const a = row('a', (f) => (f.threads = 3));
    const b = row('b', (f) => (f.threads = 9));
    const c = row('c', (f) => (f.threads = 12));
    const out = suppressSmallCells(
      [[a, b, c]],
      row('t', (f) => (f.threads = 24)),
    );
    expect(out.breakdowns[0].map((r) => r.figures.threads)).toEqual([null, null, 12]);
    expect(out.total.figures.threads).toBe(24);
  });
});
