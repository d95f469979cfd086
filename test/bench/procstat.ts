import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux x86-64). */
const HZ = 100;

interface Stat {
  ppid: number;
  /** utime + stime of the process itself, ms */
  own: number;
  /** stime alone: the kernel's share (system calls, the loopback network stack), ms */
  system: number;
  /** cutime + cstime: children it has waited for (PostgreSQL's postmaster reaps its backends), ms */
  reaped: number;
}

function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may contain spaces: fields start after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state); utime is field 14 → f[11], stime f[12], cutime f[13], cstime f[14].
  return {
    ppid: Number(f[1]),
    own: ((Number(f[11]) + Number(f[12])) * 1000) / HZ,
    system: (Number(f[12]) * 1000) / HZ,
    reaped: ((Number(f[13]) + Number(f[14])) * 1000) / HZ,
  };
}

/** CPU time (user + system, ms) a process has used so far. */
export function cpuMs(pid: number): number {
  return stat(pid)?.own ?? NaN;
}

/** Of that, the time spent in the kernel on the process's behalf (ms). */
export function systemMs(pid: number): number {
  return stat(pid)?.system ?? NaN;
}

/**
 * CPU time (ms) of a PostgreSQL cluster: the postmaster, every live child (backends, WAL writer,
 * checkpointer …), and the children that already ended (the postmaster's reaped time). `exclude`:
 * backends of the bench's own (its NOTIFY-counting listener wakes on every NOTIFY: not Brygga's cost).
 */
export function clusterCpuMs(postmasterPid: number, exclude: ReadonlySet<number> = new Set()): number {
  const master = stat(postmasterPid);
  if (!master) return NaN;
  let total = master.own + master.reaped;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || exclude.has(Number(entry))) continue;
    const s = stat(Number(entry));
    if (s?.ppid === postmasterPid) total += s.own;
  }
  return total;
}

/** CPU ms so far of each live child of a process (PostgreSQL's backends and workers), by pid. */
export function childCpuMs(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.ppid === pid) out.set(Number(entry), s.own);
  }
  return out;
}

/** Live children of a process (PostgreSQL's backends and workers). */
export function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e) && stat(Number(e))?.ppid === pid)
    .map(Number);
}

/** The postmaster of a backend (its parent process). */
export function parentPid(pid: number): number {
  return stat(pid)?.ppid ?? NaN;
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** CPU meters over a window: snapshot() at the start, read() at the end (ms per process name). */
export class CpuWindow {
  private readonly start: Record<string, number>;
  constructor(private readonly meters: Record<string, () => number>) {
    this.start = Object.fromEntries(Object.entries(meters).map(([k, f]) => [k, f()]));
  }
  read(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.meters).map(([k, f]) => [k, f() - this.start[k]]));
  }
}
