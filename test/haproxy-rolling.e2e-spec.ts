import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSRF_HEADER } from '@brygga/auth';
import { ApiProcess, until } from './support/api-process';
import { pdf } from './support/files';
import { Balancer } from './support/haproxy';
import { freePort, newThreadBody, TestApi, type TestSession } from './support/harness';
import { Load, writeReport } from './support/load';

const GRACE_MS = 5000;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * The shipped balancer config (infra/haproxy.cfg) in front of two api processes: a rolling restart
 * (stop one node, start it again, wait until the balancer has it back, then the other) under a
 * small load of REST and socket writers and live readers. Every request the clients send is
 * answered with success — no 502, no 503, no connection error — and no post is lost or stored
 * twice. The first report (nginx's example) gave 42 × 502 here.
 */
describe('HAProxy in front of two nodes', () => {
  let api: TestApi;
  let balancer: Balancer | undefined;
  const nodes: ApiProcess[] = [];
  let load: Load | undefined;

  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(async () => {
    load?.abort();
    await balancer?.stop();
    await Promise.all(nodes.map((n) => n.kill()));
    await api.close();
  });

  it('restarts both nodes one at a time under load with zero failed requests, nothing lost or doubled', async () => {
    const ward = await api.unit('slutenvard');
    const hemtjanst = await api.unit('hemtjanst');
    const coordinator = await api.user(ward, 'koordinator');
    const carer = await api.user(hemtjanst, 'utforare');
    const threads: string[] = [];
    for (let i = 0; i < 3; i++) threads.push((await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id);

    const ports: [number, number] = [await freePort(), await freePort()];
    // The balancer is the one proxy in front (X-Forwarded-For from loopback only).
    const env = { BRYGGA_SHUTDOWN_GRACE_MS: String(GRACE_MS), TRUST_PROXY: 'loopback' };
    nodes.push(...(await Promise.all(ports.map((port) => ApiProcess.start(api, env, { port })))));
    balancer = await Balancer.start(ports);
    await balancer.waitUp('api1');
    await balancer.waitUp('api2');
    const via = balancer.url;

    const writer = await api.sessionOf(coordinator);
    // Attachments pass (the nginx example's 1 MB limit refused a 2 MB PDF with its own English 413).
    const twoMegabytes = Buffer.concat([pdf(), Buffer.alloc(2 * 1024 * 1024, ' ')]);
    expect(await uploadVia(via, api.baseUrl, writer, threads[0], twoMegabytes)).toBe(201);
    // A client announcing 105 MB: refused on its headers, before a byte of the body is read.
    expect(await announce(`${via}/api/threads/x/attachments`, 110_100_481)).toEqual({
      status: 413,
      body: { error: 'payload_too_large', message: 'Begäran är för stor.' },
    });

    const run = new Load({
      threads,
      nodes: () => [via],
      publicUrl: api.baseUrl,
      writer,
      reader: await api.sessionOf(carer),
      restWriters: 3,
      socketWriters: 2,
      readers: 2,
      pauseMs: 100,
    });
    load = run;
    run.start();
    const ackedAfter = async (more: number, what: string) => {
      const target = run.acked.size + more;
      await until(() => run.acked.size >= target, 60_000, what);
    };
    await ackedAfter(40, 'acknowledged posts before the restarts');

    const restarts: { node: string; stopMs: number; backInBalancerMs: number }[] = [];
    for (const [i, name] of (['api1', 'api2'] as const).entries()) {
      // Sub-phases tell apart a post lost by the stopping node from one the fresh node did not answer.
      run.phase = `restart ${name} stopping`;
      const stopAt = Date.now();
      nodes[i].signal('SIGTERM');
      const ended = await nodes[i].exited;
      expect({ code: ended.code, signal: ended.signal }).toEqual({ code: 0, signal: null });
      run.phase = `restart ${name} starting`;
      nodes[i] = await ApiProcess.start(api, env, { port: ports[i] });
      await balancer.waitUp(name);
      run.phase = `restart ${name} back`;
      restarts.push({ node: name, stopMs: ended.at - stopAt, backInBalancerMs: Date.now() - stopAt });
      await ackedAfter(40, `acknowledged posts after ${name} came back`);
    }
    run.phase = 'end';
    await run.stop();

    // Zero failed requests: every REST answer a success, every socket acknowledgement ok.
    const answers = Object.fromEntries(run.statuses);
    expect(run.failures).toEqual([]);
    expect(Object.keys(answers).filter((k) => !/ (200|201|ack ok)$/.test(k))).toEqual([]);
    // And the balancer answered no client with a 5xx of its own (readers' handshakes included).
    const frontend = await balancer.row('brygga', 'FRONTEND');
    expect(frontend.hrsp_5xx).toBe('0');

    // Every acknowledged post stored once, with the seq its answer named; no gaps.
    const rows: { thread_id: string; seq: number; idempotency_key: string; id: string }[] = await api.dataSource.query(
      "SELECT thread_id, seq, idempotency_key, id FROM message WHERE thread_id = ANY($1) AND kind = 'fritext' ORDER BY thread_id, seq",
      [threads],
    );
    const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
    expect(byKey.size).toBe(rows.length);
    expect(rows.length).toBe(run.acked.size);
    for (const ack of run.acked.values()) expect(byKey.get(ack.key)).toMatchObject({ id: ack.id, seq: ack.seq, thread_id: ack.threadId });
    const all: { thread_id: string; seq: number }[] = await api.dataSource.query(
      'SELECT thread_id, seq FROM message WHERE thread_id = ANY($1) ORDER BY thread_id, seq',
      [threads],
    );
    for (const threadId of threads) {
      const seqs = all.filter((r) => r.thread_id === threadId).map((r) => r.seq);
      expect(seqs).toEqual(range(seqs.length));
    }
    // Live readers have every message after catching up through the balancer.
    for (const reader of run.readers) {
      await reader.catchUp(via);
      for (const threadId of threads) {
        const count = all.filter((r) => r.thread_id === threadId).length;
        await until(() => reader.seqs.get(threadId)!.size >= count, 10_000, 'a reader catching up');
        expect([...reader.seqs.get(threadId)!].sort((x, y) => x - y)).toEqual(range(count));
      }
    }

    const backend = await balancer.row('brygga_api', 'BACKEND');
    writeReport('haproxy-rolling.json', {
      acknowledged: rows.length,
      restarts,
      answers,
      balancer: { requests: Number(frontend.req_tot), retries: Number(backend.wretr), redispatches: Number(backend.wredis), '5xx': 0 },
    });
  }, 300_000);

  it('passes its TLS variant through haproxy -c', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brygga-haproxy-'));
    try {
      const pem = join(dir, 'brygga.pem');
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=brygga.test', '-days', '1', '-keyout', pem, '-out', `${pem}.crt`],
        {
          stdio: 'ignore',
        },
      );
      execFileSync('sh', ['-c', `cat ${pem}.crt >> ${pem}`]);
      const sites = { BRYGGA_BIND: ':80', BRYGGA_API1: '10.0.0.1:3000', BRYGGA_API2: '10.0.0.2:3000', BRYGGA_STATS_BIND: '127.0.0.1:8404' };
      expect(await Balancer.check({ ...sites, BRYGGA_TLS_BIND: ':443', BRYGGA_TLS_CERT: pem })).toMatchObject({ ok: true });
      expect(await Balancer.check(sites)).toMatchObject({ ok: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Sends only the headers of a POST that announces `bytes`, and reads the answer. */
function announce(url: string, bytes: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': bytes } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
        });
      },
    );
    req.on('error', reject);
    req.flushHeaders();
  });
}

/** A multipart upload through the balancer, as the web client sends it. */
async function uploadVia(via: string, publicUrl: string, session: TestSession, threadId: string, data: Buffer): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([data], { type: 'application/pdf' }), 'utskrivning.pdf');
  const res = await fetch(`${via}/api/threads/${threadId}/attachments`, {
    method: 'POST',
    headers: { cookie: session.jar.header(publicUrl), [CSRF_HEADER]: session.csrfToken, accept: 'application/json' },
    body: form,
  });
  await res.text();
  return res.status;
}
