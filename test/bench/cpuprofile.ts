/**
 * Summarises a V8 .cpuprofile (from BENCH_CPU_PROF=1): self time by package and by function,
 * between two moments (ms since the profile started) so that start-up and seeding can be left out.
 * node dist-bench/test/bench/cpuprofile.js bench-cpuprof/A.cpuprofile [fromMs] [toMs]
 * The samples are wall-clock: on a machine with spare cores they are close to on-CPU time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const dist = url.indexOf('/dist/');
  return dist >= 0
    ? 'brygga:' +
        url
          .slice(dist + 6)
          .split('/')
          .slice(0, 2)
          .join('/')
    : url;
}

const [file, from = '0', to = 'Infinity'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
let t = 0;
let total = 0;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i] / 1000;
  if (t < Number(from) || t > Number(to)) return;
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)' || functionName === '(program)') return;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  total += dt;
  const pkg = packageOf(url, functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
  const key = `${functionName || '(anonymous)'} ${pkg}:${lineNumber}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
});
const top = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
process.stdout.write(
  `busy samples: ${(total / 1000).toFixed(0)} ms\n\nby package:\n${top(byPackage, 25)}\n\nby function:\n${top(byFunction, 40)}\n`,
);
