/**
 * Loaded into each api node with `--require` when BENCH_LOOP_DELAY=1 (nodes.ts): writes, with
 * wall-clock times that line up with BENCH_TRACE's, each second's worst event-loop delay, the
 * main thread's wait for a core in that second (runqueue-wait) and every GC pause over 5 ms, to
 * BENCH_LOOP_DELAY_FILE. A slow post can then be matched with what its node was doing (issue 32:
 * the p99 tail is a few stall episodes per phase).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.BENCH_LOOP_DELAY_FILE;
if (file) {
  writeFileSync(file, 'epochMs\tkind\tms\n');
  const write = (at: number, kind: string, ms: number) => appendFileSync(file, `${Math.round(at)}\t${kind}\t${ms.toFixed(1)}\n`);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  // /proc/self/schedstat's second field: ns the main thread (the event loop) waited for a core while
  // runnable. A loop delay with as much waiting beside it is descheduling, not the node's own code.
  const waitedMs = () => Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  let waited = waitedMs();
  setInterval(() => {
    const now = waitedMs();
    write(Date.now(), 'loop-max', delay.max / 1e6);
    write(Date.now(), 'runqueue-wait', now - waited);
    waited = now;
    delay.reset();
  }, 1000).unref();
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'gc-minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'gc-major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'gc-incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'gc-weak',
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration < 5) continue;
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      write(performance.timeOrigin + entry.startTime, kinds[kind] ?? `gc-${kind}`, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
}
