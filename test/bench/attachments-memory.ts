/* eslint-disable no-console -- a command-line benchmark reports on stdout */
/**
 * Memory while files stream in: one api node (the built product, embedded PostgreSQL storage),
 * 20 uploads of a 20 MB PDF at once, the api process's resident set size (VmRSS from /proc)
 * sampled every 20 ms before, during and after. Uploads are streamed (busboy → type check →
 * hash → 256 KiB chunk rows), so the peak should stay far below 20 × 20 MB.
 *   npm run bench:attachments
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CookieJar, driveIdpLogin } from '../../apps/idp/src/testing/drive-login';
import { freePort, Node } from './nodes';

const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 20);
const PARALLEL = 20;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function login(base: string, key: string): Promise<{ jar: CookieJar; csrf: string }> {
  const jar = new CookieJar();
  const start = await jar.fetch(`${base}/auth/login?idp=siths`);
  const { callbackUrl } = await driveIdpLogin(start.headers.get('location')!, key, jar);
  await jar.fetch(callbackUrl);
  const me = (await (await jar.fetch(`${base}/api/me`)).json()) as { csrfToken: string };
  return { jar, csrf: me.csrfToken };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-bench-att-'));
  const port = await freePort();
  const node = await Node.start('A', {
    NODE_ENV: 'development',
    BRYGGA_SEED_DEMO: 'true',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    BRYGGA_DATA_DIR: dataDir,
    DEV_IDP_PORT: String(await freePort()),
    OIDC_CLIENT_SECRET: 'bench-client-secret',
  });
  try {
    const karin = await login(node.url, 'karin.lindqvist');
    const post = (path: string, body: string | FormData, json = true) =>
      karin.jar.fetch(`${node.url}${path}`, {
        method: 'POST',
        headers: { 'x-csrf-token': karin.csrf, ...(json ? { 'content-type': 'application/json' } : {}) },
        body,
      });
    const units = (await (await karin.jar.fetch(`${node.url}/api/units`)).json()) as
      { units?: { id: string; name: string }[] } | { id: string; name: string }[];
    const list = Array.isArray(units) ? units : (units.units ?? []);
    const sof = list.find((u) => /SOF|socialtj/i.test(u.name)) ?? list[0];
    const thread = (await (
      await post(
        '/api/threads',
        JSON.stringify({
          patient: { personnummer: '190006129803', givenName: 'Bench', familyName: 'Testsson' },
          participantUnitIds: [sof.id],
          triage: 'gron',
        }),
      )
    ).json()) as { id: string };
    const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(FILE_MB * 1024 * 1024 - 9, 0x20)]);
    const upload = async () => {
      const form = new FormData();
      form.append('file', new Blob([file], { type: 'application/pdf' }), 'stor.pdf');
      const res = await post(`/api/threads/${thread.id}/attachments`, form, false);
      if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    };
    // Warm-up: code paths loaded, pools open.
    await upload();
    global.gc?.();
    await new Promise((r) => setTimeout(r, 1000));
    const before = rssMb(node.pid);
    const samples: number[] = [];
    const timer = setInterval(() => samples.push(rssMb(node.pid)), 20);
    const began = Date.now();
    await Promise.all(Array.from({ length: PARALLEL }, upload));
    const seconds = (Date.now() - began) / 1000;
    clearInterval(timer);
    await new Promise((r) => setTimeout(r, 2000));
    const after = rssMb(node.pid);
    const peak = Math.max(...samples);
    const result = {
      files: PARALLEL,
      fileMb: FILE_MB,
      seconds: Number(seconds.toFixed(1)),
      throughputMbPerS: Number(((PARALLEL * FILE_MB) / seconds).toFixed(1)),
      rssMb: { before: Math.round(before), peak: Math.round(peak), after: Math.round(after), peakOverBefore: Math.round(peak - before) },
      uploadedMb: PARALLEL * FILE_MB,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
