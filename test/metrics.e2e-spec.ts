import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acknowledgement, FhirOutboxService } from '@brygga/fhir';
import { MetricsServer } from '@brygga/observability';
import { systemFor } from './support/fhir';
import { connectSocket, connected } from './support/api-process';
import { driveIdpLogin } from '../apps/idp/src/testing/drive-login';
import { newThreadBody, TestApi } from './support/harness';

/** Whose data the story handles: none of it may turn up in a metric's name or label. */
const PATIENT = { personnummer: '19070401-9801', givenName: 'Yrsa', familyName: 'Metriksson' };
const IDENTITY_FORMS = ['190704019801', '19070401-9801', '070401-9801', '0704019801'];

const scrape = async (url: string): Promise<{ status: number; text: string }> => {
  const res = await fetch(`${url}/metrics`);
  return { status: res.status, text: await res.text() };
};

/** The value of one sample, e.g. value(text, 'brygga_socket_joins_total'); undefined when absent. */
const value = (text: string, sample: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
};

const ROOT = join(__dirname, '..');

describe('metrics (Prometheus)', () => {
  let api: TestApi;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await api.close();
  });

  it('counts a short story: login, a thread, a message, a socket join; no id or patient data in any label', async () => {
    const ward = await api.unit('slutenvard');
    const hemtjanst = await api.unit('hemtjanst');
    const coordinator = await api.user(ward, 'koordinator');
    const carer = await api.user(hemtjanst, 'utforare');
    const created = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst], PATIENT));
    expect(created.status).toBe(201);
    const threadId = created.body.id as string;
    const posted = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: `${PATIENT.givenName} ${PATIENT.familyName} (${PATIENT.personnummer}) kan gå hem i morgon.`,
      idempotencyKey: randomUUID(),
    });
    expect(posted.status).toBe(201);
    const socket = connectSocket(api.baseUrl, await api.sessionOf(carer), api.baseUrl);
    sockets.push(socket);
    await connected(socket);
    expect(await socket.emitWithAck('thread:join', { threadId, lastSeq: 0 })).toMatchObject({ ok: true });

    const url = api.app.get(MetricsServer).url;
    let text = '';
    // Counters move when the answer is done, which the client may see a moment earlier.
    for (let i = 0; i < 50; i++) {
      ({ text } = await scrape(url));
      if ((value(text, 'brygga_socket_joins_total') ?? 0) >= 1 && text.includes('route="/api/threads/:id/messages",status="201"')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(value(text, 'brygga_http_requests_total{method="POST",route="/api/threads",status="201"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'brygga_http_requests_total{method="POST",route="/api/threads/:id/messages",status="201"}')).toBe(1);
    expect(value(text, 'brygga_http_request_duration_seconds_count{method="POST",route="/api/threads/:id/messages",status="201"}')).toBe(1);
    expect(text).toContain('route="/auth/callback"');
    expect(value(text, 'brygga_messages_posted_total{kind="fritext"}')).toBe(1);
    expect(value(text, 'brygga_socket_connections')).toBe(1);
    expect(value(text, 'brygga_socket_joins_total')).toBe(1);
    // The join replays the thread's messages to the socket.
    expect(value(text, 'brygga_socket_events_sent_total{event="message"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'brygga_audit_rows_written_total')).toBeGreaterThanOrEqual(4);
    expect(value(text, 'brygga_audit_unsealed_rows')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'brygga_db_pool_connections_in_use')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'brygga_db_pool_waiting')).toBe(0);
    // The post's named statements are timed (libs/threads/queries.sql has their SQL).
    expect(value(text, 'brygga_db_statement_duration_seconds_count{statement="message-append"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'brygga_audit_checkpoint_age_seconds')).toBeDefined();
    expect(value(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    // Two users logged in through the IdP; the socket adapter reaches the other nodes; no scan waits.
    expect(value(text, 'brygga_logins_total{outcome="success"}')).toBe(2);
    expect(value(text, 'brygga_socket_adapter_connected{adapter="postgres"}')).toBe(1);
    expect(value(text, 'brygga_attachments_scan_backlog')).toBe(0);
    expect(value(text, 'brygga_attachments_scan_oldest_seconds')).toBe(0);

    // No id, patient or person anywhere in the scrape.
    for (const form of IDENTITY_FORMS) expect(text).not.toContain(form);
    expect(text).not.toContain(PATIENT.givenName);
    expect(text).not.toContain(PATIENT.familyName);
    expect(text).not.toContain(threadId);
    expect(text).not.toContain(coordinator.id);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('counts refused logins by reason', async () => {
    // An identity the IdP knows and the directory does not: refused as unknown_identity.
    api.identity({
      id: 'nils.okand',
      kind: 'bankid',
      givenName: 'Nils',
      familyName: 'Okänd',
      personnummer: '189002099811',
      acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
      description: 'Finns inte i katalogen',
    });
    const { authorizeUrl, jar } = await api.startLogin('bankid');
    const { callbackUrl } = await driveIdpLogin(authorizeUrl, 'nils.okand', jar);
    expect((await jar.fetch(callbackUrl)).status).toBe(403);
    expect(value((await scrape(api.app.get(MetricsServer).url)).text, 'brygga_logins_total{outcome="unknown_identity"}')).toBe(1);
  });

  it('reports the FHIR outbox: messages queued and how long the oldest due one has waited, back to 0 once sent', async () => {
    // A receiving system that acknowledges every message.
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const bundle = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/fhir+json' });
        res.end(JSON.stringify(acknowledgement({ headerId: bundle.entry[0].resource.id, code: 'ok', endpoint: 'http://receiver' })));
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    // No node of its own sends: the message stays due until the test sends it.
    const node = await TestApi.start({ FHIR_OUTBOX_SEND: 'false' });
    try {
      const ward = await node.unit('slutenvard');
      const sof = await node.unit('sof');
      await node.dataSource.query(`UPDATE unit SET hsa_id = 'SE2321000198-F' || upper(substr(md5(id::text), 1, 8)) WHERE id = ANY($1)`, [
        [ward, sof],
      ]);
      await systemFor(node, sof, 'kommunens-system-metrik', {
        endpointUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fhir/$process-message`,
      });
      const coordinator = await node.user(ward, 'koordinator');
      const threadId = (await node.request(coordinator, 'POST', '/api/threads', newThreadBody([sof], PATIENT))).body.id as string;
      const url = node.app.get(MetricsServer).url;
      const outbox = async () => {
        const { text } = await scrape(url);
        return { queued: value(text, 'brygga_fhir_outbox_queued'), oldest: value(text, 'brygga_fhir_outbox_oldest_due_seconds') };
      };
      expect(await outbox()).toEqual({ queued: 0, oldest: 0 });

      const posted = await node.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
        kind: 'fritext',
        body: 'Kan ni ta emot på fredag?',
        idempotencyKey: randomUUID(),
      });
      expect(posted.status).toBe(201);
      // The gauges are read at most once a second; the message stays due, so its age grows.
      let seen = await outbox();
      for (let i = 0; i < 100 && !(seen.queued === 1 && (seen.oldest ?? 0) >= 1); i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await outbox();
      }
      expect(seen.queued).toBe(1);
      expect(seen.oldest).toBeGreaterThanOrEqual(1);
      expect(seen.oldest).toBeLessThan(60);

      await node.app.get(FhirOutboxService).drain();
      const [{ status }] = await node.dataSource.query('SELECT status FROM fhir_outbox WHERE message_id = $1', [posted.body.id]);
      expect(status).toBe('kvitterat');
      for (let i = 0; i < 30 && seen.queued !== 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await outbox();
      }
      expect(seen).toEqual({ queued: 0, oldest: 0 });
    } finally {
      await node.close();
      receiver.closeAllConnections();
      await new Promise<void>((done) => receiver.close(() => done()));
    }
  }, 120_000);

  it('answers only the addresses in METRICS_ALLOW (others 403), on its own listener', async () => {
    // Loopback is allowed by default.
    expect((await scrape(api.app.get(MetricsServer).url)).status).toBe(200);
    // Not on the api's own port (there /metrics is just a web client address).
    expect(await (await fetch(`${api.baseUrl}/metrics`)).text()).not.toContain('brygga_');
    const node = await TestApi.start({ METRICS_ALLOW: '192.0.2.10,198.51.100.0/24' }, api);
    try {
      const refused = await scrape(node.app.get(MetricsServer).url);
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain('brygga_');
    } finally {
      await node.close();
    }
  });

  it('has every metric documented in docs/operations.md, and only existing metrics in the dashboard and the alert rules', async () => {
    const { text } = await scrape(api.app.get(MetricsServer).url);
    const names = [...new Set([...text.matchAll(/^# TYPE (brygga_\w+) /gm)].map((m) => m[1]))];
    expect(names.length).toBeGreaterThanOrEqual(12);
    const readme = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);

    const dashboard = JSON.parse(readFileSync(join(ROOT, 'infra', 'grafana', 'dashboards', 'brygga.json'), 'utf8')) as {
      uid: string;
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    expect(dashboard.uid).toBe('brygga');
    const all = [...text.matchAll(/^# TYPE (\w+) /gm)].map((m) => m[1]);
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    const rules = parse(readFileSync(join(ROOT, 'infra', 'prometheus', 'brygga.rules.yml'), 'utf8')) as {
      groups: { rules: { expr: string }[] }[];
    };
    for (const expr of [...exprs, ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr))]) {
      const used = [...expr.matchAll(/\b((?:brygga|nodejs|process)_\w+?)(?:_bucket|_sum|_count)?\b/g)].map((m) => m[1]);
      // Prometheus' own `up` is the one series not from Brygga.
      if (!/^up\{/.test(expr.trim())) expect(used.length).toBeGreaterThan(0);
      for (const metric of used) expect(all).toContain(metric.replace(/_(bucket|sum|count)$/, ''));
    }
  });
});
