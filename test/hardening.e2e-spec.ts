import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { webClientDir } from '../apps/api/src/web-client';
import { connected } from './support/api-process';
import { freePort, newThreadBody, TestApi, TestSession, TestUser } from './support/harness';
import { swedishProblem } from './support/swedish';

/** Issue 17: bad input gets a short Swedish 400 (never a 500), and the defaults are the safe ones. */
describe('hardening', () => {
  let api: TestApi;
  let fixture: Awaited<ReturnType<TestApi['wardThread']>>;
  let reviewer: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    fixture = await api.wardThread();
    reviewer = await api.user(fixture.ward, 'logggranskare');
  });
  afterAll(() => api.close());

  const post = (body: Record<string, unknown>) =>
    api.request(fixture.coordinator, 'POST', `/api/threads/${fixture.threadId}/messages`, body);
  const create = (patient: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    api.request(fixture.coordinator, 'POST', '/api/threads', {
      ...newThreadBody([fixture.sof]),
      ...extra,
      patient: { ...newThreadBody([]).patient, ...patient },
    });
  const expect400 = (res: { status: number; body: unknown }, field?: string) => {
    expect(res.status).toBe(400);
    expect(swedishProblem(res.body)).toBeNull();
    if (field) expect((res.body as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain(field);
  };

  describe('text', () => {
    it.each([
      ['a NUL in a message body', { body: 'a\u0000b' }, 'body'],
      ['a right-to-left override in a message body', { body: 'Ordination: \u202Egm 005' }, 'body'],
      ['a bidi isolate', { body: 'a\u2067b' }, 'body'],
      ['a bell character', { body: 'a\u0007b' }, 'body'],
    ])('refuses %s', async (_, body, field) => {
      expect400(await post({ kind: 'fritext', idempotencyKey: `k-${Math.random()}`, ...body }), field);
    });

    it('keeps newline and tab in free text, trims it, and refuses them in names', async () => {
      const ok = await post({ kind: 'fritext', body: '  rad 1\r\n\trad 2  ', idempotencyKey: 'lines' });
      expect(ok.status).toBe(201);
      expect(ok.body.body).toBe('rad 1\n\trad 2');
      expect400(await create({ givenName: 'Anna\nBerit' }), 'patient.givenName');
      expect400(await create({ familyName: 'A\u0000' }), 'patient.familyName');
      expect400(await create({ givenName: 'Te\u202Ekla' }), 'patient.givenName');
    });

    it('refuses a whitespace-only name, in Swedish, and trims names', async () => {
      const blank = await create({ givenName: '   ' });
      expect400(blank, 'patient.givenName');
      expect(blank.body.fields).toContainEqual({ field: 'patient.givenName', message: 'får inte vara tomt' });
      const trimmed = await create({ personnummer: '19070401-9801', givenName: '  Greta ' });
      expect(trimmed.status).toBe(201);
      expect(trimmed.body.patient.name).toMatch(/^Greta /);
    });

    it('refuses deceptive text in structured payloads and checklist templates', async () => {
      const payload = {
        kind: 'avbrott',
        payload: { avbrottAt: '2026-11-24T10:00:00Z', orsak: 'x\u202Ey' },
        idempotencyKey: 'avbrott-bidi',
      };
      expect400(await post(payload), 'payload.orsak');
      const admin = await api.user(fixture.ward, 'admin');
      const template = {
        key: 'hardening',
        name: 'Test',
        items: [{ key: 'dos', label: 'Ordination: \u202Egm 005', responsible: 'slutenvard', required: true, valueType: 'text' }],
      };
      expect400(await api.request(admin, 'POST', '/api/checklist-templates', template), 'items.0.label');
    });
  });

  describe('shape and size', () => {
    it('answers JSON nested 3,000 deep with a short 400', async () => {
      const deep = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
      const res = await api.request(fixture.coordinator, 'POST', `/api/threads/${fixture.threadId}/messages`, undefined, deep);
      expect400(res);
      expect(JSON.stringify(res.body).length).toBeLessThan(1000);
    });

    it('answers 20,000 unknown keys with a short 400', async () => {
      const body = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1]));
      const res = await api.request(fixture.coordinator, 'POST', `/api/threads/${fixture.threadId}/messages`, body);
      expect400(res);
      expect(JSON.stringify(res.body).length).toBeLessThan(1000);
    });

    it('names at most 20 fields when many are unknown', async () => {
      const body = {
        kind: 'fritext',
        body: 'x',
        idempotencyKey: 'many',
        ...Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 1])),
      };
      const res = await post(body);
      expect400(res);
      expect(res.body.fields).toHaveLength(20);
      expect(res.body.message).toMatch(/och 480 fel till/);
    });

    it('refuses integers that do not fit', async () => {
      expect400(
        await api.request(fixture.coordinator, 'GET', `/api/threads/${fixture.threadId}/messages?after=99999999999999999999`),
        'after',
      );
      expect400(await api.request(reviewer, 'GET', `/api/audit?before=${'9'.repeat(27)}`), 'before');
    });

    it('answers every constraint in Swedish', async () => {
      expect400(await api.request(fixture.coordinator, 'POST', '/api/threads', { ...newThreadBody(['nej']) }), 'participantUnitIds');
      expect400(await create({ givenName: '' }), 'patient.givenName');
      expect400(await api.request(reviewer, 'GET', '/api/audit?before=12a'), 'before');
      expect400(await api.request(reviewer, 'GET', '/api/audit?from=igår'), 'from');
      expect400(
        await api.request(fixture.coordinator, 'POST', '/api/threads', { ...newThreadBody([fixture.sof]), idempotencyKey: '' }),
        'idempotencyKey',
      );
      expect400(await api.request(fixture.coordinator, 'GET', `/api/threads/${fixture.threadId}/messages?after=1.5`), 'after');
    });

    it('refuses a NUL in a query or path', async () => {
      expect400(await api.request(fixture.coordinator, 'GET', '/api/threads?status=%00'));
      expect400(await api.request(fixture.coordinator, 'GET', '/api/threads/%00'));
    });
  });

  describe('defaults', () => {
    it('answers /api and /auth with Cache-Control: no-store', async () => {
      for (const path of ['/api/health', '/api/me', '/api/threads', '/auth/login?idp=bankid', '/api/nope']) {
        const res = await fetch(`${api.baseUrl}${path}`, { redirect: 'manual' });
        expect([path, res.headers.get('cache-control')]).toEqual([path, 'no-store']);
      }
      expect((await api.request(fixture.coordinator, 'GET', '/api/threads')).headers.get('cache-control')).toBe('no-store');
    });

    it('accepts the documented _csrf form field on a DTO route', async () => {
      const session: TestSession = await api.sessionOf(fixture.coordinator);
      const form = new URLSearchParams({ upToSeq: '1', _csrf: session.csrfToken });
      const res = await session.jar.fetch(`${api.baseUrl}/api/threads/${fixture.threadId}/read`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      });
      expect(res.status).toBeLessThan(300);
      const wrong = await session.jar.fetch(`${api.baseUrl}/api/threads/${fixture.threadId}/read`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ upToSeq: '1', _csrf: 'fel' }).toString(),
      });
      expect(wrong.status).toBe(403);
    });

    it('answers 409 when a thread idempotency key is reused for another patient or other participants', async () => {
      const hemtjanst = await api.unit('hemtjanst');
      const first = await create({}, { idempotencyKey: 'thread-key' });
      expect(first.status).toBe(201);
      const retry = await create({}, { idempotencyKey: 'thread-key' });
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(first.body.id);
      const otherPatient = await create({ personnummer: '19010821-9817' }, { idempotencyKey: 'thread-key' });
      expect(otherPatient.status).toBe(409);
      expect(swedishProblem(otherPatient.body)).toBeNull();
      const otherUnits = await create({}, { idempotencyKey: 'thread-key', participantUnitIds: [fixture.sof, hemtjanst] });
      expect(otherUnits.status).toBe(409);
    });

    it('takes the client address from X-Forwarded-For only from a configured proxy, for REST and sockets', async () => {
      const forged = { 'x-forwarded-for': '203.0.113.9' };
      const addressOf = async (target: TestApi, action: string): Promise<string> => {
        const rows: { client_address: string }[] = await target.dataSource.query(
          `SELECT client_address FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1`,
          [action],
        );
        return rows[0].client_address;
      };
      const session = await api.sessionOf(fixture.coordinator);
      await session.jar.fetch(`${api.baseUrl}/api/threads/${fixture.threadId}`, { headers: forged });
      expect(await addressOf(api, 'thread.read')).not.toBe('203.0.113.9');

      const proxied = await TestApi.start({ TRUST_PROXY: 'loopback' }, api);
      try {
        // Sessions live in the database: node A's cookie is good on node B (which shares A's public URL).
        const cookie = session.jar.header(api.baseUrl);
        await fetch(`${proxied.baseUrl}/api/threads/${fixture.threadId}`, { headers: { ...forged, cookie } });
        expect(await addressOf(proxied, 'thread.read')).toBe('203.0.113.9');
        const socket: Socket = io(proxied.baseUrl, {
          transports: ['websocket'],
          reconnection: false,
          extraHeaders: { cookie, origin: new URL(api.baseUrl).origin, 'x-forwarded-for': '198.51.100.7' },
        });
        try {
          await connected(socket);
          const ack = await socket.emitWithAck('thread:join', { threadId: fixture.threadId, lastSeq: 0 });
          expect(ack.ok).toBe(true);
          const rows: { client_address: string }[] = await proxied.dataSource.query(
            `SELECT client_address FROM audit_log WHERE thread_id = $1 ORDER BY seq DESC LIMIT 1`,
            [fixture.threadId],
          );
          expect(rows[0].client_address).toBe('198.51.100.7');
        } finally {
          socket.disconnect();
        }
      } finally {
        await proxied.close();
      }
    });

    it('publishes OpenAPI and source maps outside production only', async () => {
      // Each body is read: an unread 170 KB answer holds its connection open past the api's close.
      const openApi = await fetch(`${api.baseUrl}/api/docs-json`);
      expect(openApi.status).toBe(200);
      await openApi.arrayBuffer();
      // npm test builds the client first; its source maps sit beside the bundles.
      const mapFile = readdirSync(join(webClientDir(), 'assets')).find((f) => f.endsWith('.js.map'))!;
      const sourceMap = await fetch(`${api.baseUrl}/assets/${mapFile}`);
      expect(sourceMap.status).toBe(200);
      await sourceMap.arrayBuffer();
      const { Logger } = await import('@nestjs/common');
      const warnings = jest.spyOn(Logger.prototype, 'warn');
      // Production refuses to start without a malware scanner unless told, and then warns; it also
      // refuses an http:// issuer: this one is https and unreachable, which these answers do not need.
      const production = await TestApi.start(
        {
          NODE_ENV: 'production',
          SESSION_SECRET: 'test-secret-for-production-mode',
          ATTACHMENT_SCANNING: 'off',
          OIDC_ISSUER: `https://127.0.0.1:${await freePort()}`,
        },
        api,
      );
      try {
        expect(warnings.mock.calls.some(([msg]) => /NOT scanned for malware/.test(String(msg)))).toBe(true);
        warnings.mockRestore();
        const docs = await fetch(`${production.baseUrl}/api/docs-json`, { headers: { accept: 'application/json' } });
        expect(docs.status).toBe(404);
        const map = await fetch(`${production.baseUrl}/assets/${mapFile}`);
        expect(map.status).toBe(404);
        expect(await map.text()).not.toMatch(/sourcesContent/);
      } finally {
        await production.close();
      }
    });
  });
});
