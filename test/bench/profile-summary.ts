/** Summarises a V8 .cpuprofile: self time per function and per package. `node profile-summary.js file` */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url.includes('node_modules/') ? url.split('node_modules/').pop()!.split('/').slice(0, url.includes('/@') ? 2 : 1).join('/') : url.replace(/^.*\/(dist|libs|apps)\//, '$1/') || '(native)';
  fn.set(`${functionName || '(anonymous)'} ${where}:${lineNumber}`, (fn.get(`${functionName || '(anonymous)'} ${where}:${lineNumber}`) ?? 0) + us);
  const p = url.includes('node_modules/') ? where : url.startsWith('node:') ? 'node core' : url ? 'brygga' : functionName || '(native)';
  pkg.set(p, (pkg.get(p) ?? 0) + us);
}
const top = (m: Map<string, number>, n: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`).join('\n');
process.stdout.write(`total ${(total / 1e6).toFixed(1)} s sampled\n\nby package:\n${top(pkg, 15)}\n\nby function:\n${top(fn, 25)}\n`);
