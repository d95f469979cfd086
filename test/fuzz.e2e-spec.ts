import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { CLIENT_EVENTS } from '@brygga/realtime';
import { connectSocket, connected } from './support/api-process';
import { FIELD_VALUES, mutate, PATH_VALUES, QUERY_VALUES, RAW_BODIES, REMOVE, SOCKET_VALUES } from './support/fuzz-values';
import { newThreadBody, TestApi, TestSession, TestUser } from './support/harness';
import { swedishProblem } from './support/swedish';

/** Nest's route-argument metadata: which handler parameter is @Body (3) or @Query (4). */
const ROUTE_ARGS = '__routeArguments__';
const BODY = 3;
const QUERY = 4;
/** Tables the api writes patient and directory data to; the access log records refusals on purpose. */
const SKIP_TABLES = new Set(['audit_log', 'audit_chain', 'web_session', 'socket_io_attachments', 'app_secret', 'migrations']);

interface Route {
  method: string;
  /** As in the OpenAPI document: /api/threads/{id}. */
  path: string;
  bodyFields: string[];
  queryFields: string[];
}

interface Outcome {
  what: string;
  status: number;
  problem: string | null;
}

/**
 * Issue 17: for every route in the OpenAPI document (request schemas there are thin, so the
 * fields come from each handler's DTO through class-validator's metadata), malformed requests —
 * wrong types, missing fields, huge and deep values, control and bidi characters, unknown fields,
 * bad path ids — anonymous and logged in. None may answer 5xx; every refusal speaks Swedish and
 * writes nothing. The socket events get the same treatment.
 */
describe('fuzz: malformed requests never get a 5xx, always Swedish, and write nothing when refused', () => {
  let api: TestApi;
  let coordinator: TestUser;
  let admin: TestUser;
  let reviewer: TestUser;
  let carer: TestUser;
  let patient: TestUser;
  let sof: string;
  let hemtjanst: string;
  const ids: Record<string, string> = {};
  let tables: string[] = [];
  let routes: Route[] = [];
  let counter = 0;
  let lastCounts = '';
  let fuzzStarted = 0;

  const key = () => `fuzz-${++counter}`;
  /**
   * Every table's row count, after each of some 6,000 probes: on a connection of its own as one
   * prepared statement (planned once), not through the api's pool. Planned anew for every probe,
   * the ~55 counts took 40 % of the HTTP cases' time; prepared, a count costs a third as much.
   */
  let counting: Client;
  const counts = async (): Promise<string> => {
    const { rows } = await counting.query<{ c: string }>({
      name: 'fuzz-counts',
      text: tables.map((t) => `SELECT '${t}=' || count(*) AS c FROM "${t}"`).join(' UNION ALL '),
    });
    return rows
      .map((r) => r.c)
      .sort()
      .join(',');
  };

  /** Who exercises a route beyond the login check: someone the route lets in. */
  const actorFor = (route: Route): TestUser => {
    if (route.path.startsWith('/api/audit')) return reviewer;
    if (route.path.startsWith('/api/medborgare')) return patient;
    if (route.path === '/api/checklist-templates') return admin;
    if (route.path.includes('/readiness')) return carer;
    return coordinator;
  };

  /** A valid body or query for a route, which the fuzz then breaks one field at a time. */
  const baseFor = (route: Route, where: 'body' | 'query'): Record<string, unknown> => {
    const r = `${route.method} ${route.path}`;
    if (where === 'query') {
      if (route.path === '/auth/login') return { idp: 'siths' };
      if (r === 'GET /api/threads/{id}/messages') return { after: '0', limit: '10' };
      if (r === 'GET /api/audit') return { limit: '5' };
      if (r === 'GET /api/medborgare/atkomst/export') return { format: 'csv' };
      return {};
    }
    switch (r) {
      case 'POST /api/threads':
        return { ...newThreadBody([sof, hemtjanst]), idempotencyKey: key() };
      case 'POST /api/threads/{id}/messages':
        return { kind: 'fritext', body: 'Hej', idempotencyKey: key() };
      case 'POST /api/threads/{id}/read':
        return { upToSeq: 1 };
      case 'POST /api/medborgare/narstaende':
        return {
          personnummer: '189002099811',
          namn: 'Nils',
          slutdatum: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
          omfattning: 'plan',
        };
      case 'POST /api/medborgare/planer/{threadId}/bli-uppringd':
        return { telefon: '070-123 45 67', tidPaDagen: 'kvall' };
      case 'POST /api/threads/{id}/checklists':
        return { templateKey: 'fardtjanst' };
      case 'PATCH /api/threads/{id}/checklists/items/{itemId}':
        return { state: 'pagar', expectedVersion: 999 };
      case 'POST /api/threads/{id}/readiness':
        return { redoFran: '2026-12-01T10:00:00+01:00', idempotencyKey: key() };
      case 'POST /api/threads/{id}/readiness/withdraw':
        return { orsak: 'Ändrade planer', idempotencyKey: key() };
      case 'POST /api/checklist-templates':
        return {
          key: 'fuzz',
          name: 'Fuzz',
          items: [{ key: 'a', label: 'A', responsible: 'slutenvard', required: true, valueType: 'text' }],
        };
      default:
        return {};
    }
  };

  const fillPath = (path: string, override?: { name: string; value: string }): string =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => (override?.name === name ? override.value : ids[name]));

  const send = async (
    who: TestUser | null,
    method: string,
    path: string,
    body?: { contentType: string; body: string },
  ): Promise<{ status: number; body: unknown; type: string }> => {
    const session: TestSession | null = who ? await api.sessionOf(who) : null;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (session) headers['x-csrf-token'] = session.csrfToken;
    if (body) headers['content-type'] = body.contentType;
    const init = { method, headers, body: body?.body, redirect: 'manual' as const };
    const url = `${api.baseUrl}${path}`;
    const res = session ? await session.jar.fetch(url, init) : await fetch(url, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* HTML pages of the login flow */
    }
    return { status: res.status, body: parsed, type: res.headers.get('content-type') ?? '' };
  };

  /** Sends one malformed request and judges the answer; a refusal must leave every table as it was. */
  const probe = async (
    who: TestUser | null,
    method: string,
    path: string,
    what: string,
    body?: { contentType: string; body: string },
  ): Promise<Outcome> => {
    // Requests run one at a time, so the counts after the previous one are the counts before this one.
    const before = lastCounts;
    const res = await send(who, method, path, body);
    lastCounts = await counts();
    let problem: string | null = null;
    if (res.status >= 500) problem = `answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`;
    else if (res.status >= 400) {
      problem = res.type.includes('json')
        ? swedishProblem(res.body)
        : /lang="sv"/.test(String(res.body))
          ? null
          : `not Swedish: ${String(res.body).slice(0, 200)}`;
      if (!problem && lastCounts !== before) problem = `refused with ${res.status} but wrote rows`;
    }
    return { what: `${who ? 'user' : 'anonymous'} ${method} ${path.slice(0, 120)} ${what}`, status: res.status, problem };
  };

  beforeAll(async () => {
    api = await TestApi.start();
    const ward = await api.unit('slutenvard');
    sof = await api.unit('sof');
    hemtjanst = await api.unit('hemtjanst');
    coordinator = await api.user(ward, 'koordinator');
    admin = await api.user(ward, 'admin');
    reviewer = await api.user(ward, 'logggranskare');
    carer = await api.user(hemtjanst, 'utforare');
    ids.id = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst]))).body.id;
    ids.messageId = (
      await api.request(coordinator, 'POST', `/api/threads/${ids.id}/messages`, { kind: 'fritext', body: 'Hej', idempotencyKey: 'first' })
    ).body.id;
    // Min hemgång: the thread's patient (newThreadBody's), and a närstående consent of hers.
    patient = await api.citizen('Tekla', '190006129803');
    ids.threadId = ids.id;
    ids.consentId = (
      await api.request(patient, 'POST', '/api/medborgare/narstaende', {
        personnummer: '189002099811',
        namn: 'Nils',
        slutdatum: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        omfattning: 'plan',
      })
    ).body.id;
    const applied = await api.request(coordinator, 'POST', `/api/threads/${ids.id}/checklists`, { templateKey: 'hjalpmedel' });
    ids.itemId =
      applied.body.items?.[0]?.id ??
      (await api.request(coordinator, 'GET', `/api/threads/${ids.id}/checklists`)).body.checklists[0].items[0].id;

    const rows: { table_name: string }[] = await api.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    tables = rows.map((r) => r.table_name).filter((t) => !SKIP_TABLES.has(t));
    counting = new Client({ connectionString: api.databaseUrl });
    await counting.connect();
    lastCounts = await counts();

    // Routes from the OpenAPI document; their DTO fields from the handlers' metadata.
    const doc = (await (await fetch(`${api.baseUrl}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const handlers = new Map<string, { controller: Function; method: string }>();
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as Function;
        for (const name of Object.getOwnPropertyNames(controller.prototype))
          handlers.set(`${controller.name}_${name}`, { controller, method: name });
      }
    }
    const fieldsOf = (dto: Function | undefined): string[] =>
      dto && dto !== Object
        ? Object.keys(getMetadataStorage().groupByPropertyName(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)))
        : [];
    routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const handler = handlers.get(operation.operationId);
        const args = (handler ? Reflect.getMetadata(ROUTE_ARGS, handler.controller, handler.method) : {}) as Record<
          string,
          { index: number }
        >;
        const types = (handler ? Reflect.getMetadata('design:paramtypes', handler.controller.prototype, handler.method) : []) as Function[];
        const dtoAt = (kind: number) => Object.entries(args ?? {}).find(([k]) => Number(k.split(':')[0]) === kind)?.[1].index;
        const body = dtoAt(BODY);
        const query = dtoAt(QUERY);
        return {
          method: method.toUpperCase(),
          path,
          bodyFields: body === undefined ? [] : fieldsOf(types[body]),
          queryFields: query === undefined ? [] : fieldsOf(types[query]),
        };
      }),
    );
  });
  afterAll(async () => {
    await counting?.end();
    await api.close();
  });

  it('knows every route of the route inventory and the DTO fields of the write routes', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      'POST /api/threads',
      'POST /api/threads/{id}/messages',
      'PATCH /api/threads/{id}/checklists/items/{itemId}',
      'GET /api/audit',
      'POST /auth/logout',
    ]) {
      expect(keys).toContain(expected);
    }
    expect(routes.length).toBeGreaterThanOrEqual(23);
    expect(routes.find((r) => r.path === '/api/threads' && r.method === 'POST')!.bodyFields).toEqual(
      expect.arrayContaining(['patient', 'participantUnitIds', 'triage']),
    );
    expect(routes.find((r) => r.path === '/api/audit')!.queryFields).toEqual(expect.arrayContaining(['before', 'from', 'limit']));
  });

  it('answers malformed HTTP requests without a 5xx, in Swedish, and writes nothing when it refuses', async () => {
    fuzzStarted = Date.now();
    const outcomes: Outcome[] = [];
    for (const route of routes) {
      const who = actorFor(route);
      const path = fillPath(route.path);
      const writes = route.method !== 'GET';
      // Logging out would end the session the rest of the run uses: only anonymous there.
      const users: (TestUser | null)[] =
        route.path.startsWith('/auth/logout') || route.path === '/auth/medborgare/logout' ? [null] : [null, who];

      for (const user of users) {
        if (writes) for (const raw of RAW_BODIES) outcomes.push(await probe(user, route.method, path, `raw ${raw.body.slice(0, 30)}`, raw));
        else outcomes.push(await probe(user, route.method, path, 'as is'));
        if (user === null) continue;
        for (const name of route.path.match(/\{(\w+)\}/g) ?? []) {
          for (const value of PATH_VALUES) {
            outcomes.push(
              await probe(
                user,
                route.method,
                fillPath(route.path, { name: name.slice(1, -1), value }),
                `path ${name}=${value.slice(0, 20)}`,
              ),
            );
          }
        }
        // One field at a time broken on top of a valid request, so the service sees it too.
        if (writes) {
          const base = baseFor(route, 'body');
          const nested = Object.entries(base).flatMap(([k, v]) =>
            v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).map((n) => `${k}.${n}`) : [],
          );
          for (const field of [...new Set([...route.bodyFields, ...Object.keys(base), ...nested, 'okäntFält'])]) {
            for (const value of FIELD_VALUES) {
              const body = { contentType: 'application/json', body: JSON.stringify(mutate(baseFor(route, 'body'), field, value)) };
              outcomes.push(await probe(user, route.method, path, `${field}=${show(value)}`, body));
            }
          }
        }
        for (const field of [...new Set([...route.queryFields, 'okänd'])]) {
          for (const value of QUERY_VALUES) {
            const query = mutate(baseFor(route, 'query'), field, value);
            const qs = new URLSearchParams(query as Record<string, string>).toString();
            outcomes.push(await probe(user, route.method, `${path}?${qs}`, `query ${field}=${show(value)}`));
          }
        }
      }
    }
    const failures = outcomes.filter((o) => o.problem).map((o) => `${o.what}: ${o.problem}`);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(1000);
    // A guard against a hang, not a measure: some 3,000 sequential probes, each followed by a count of
    // every table, took over 300 s on CI's loaded 2 cores once the routes of this wave were in.
  }, 900_000);

  it('answers malformed socket events with an error acknowledgement in Swedish, never a 5xx, and writes nothing', async () => {
    const session = await api.sessionOf(coordinator);
    const bases: Record<(typeof CLIENT_EVENTS)[number], Record<string, unknown>> = {
      'thread:join': { threadId: ids.id, lastSeq: 0 },
      'thread:leave': { threadId: ids.id },
      'message:post': { threadId: ids.id, kind: 'fritext', body: 'Hej', idempotencyKey: 'socket' },
      'thread:read': { threadId: ids.id, upToSeq: 1 },
      'inbox:watch': { on: false },
    };
    const failures: string[] = [];
    for (const event of CLIENT_EVENTS) {
      // A socket per event: each starts with a full burst allowance of the rate limit.
      const socket: Socket = connectSocket(api.baseUrl, session, api.baseUrl);
      await connected(socket);
      try {
        const payloads: unknown[] = [null, 'text', 42, [1, 2], JSON.parse('{"a":'.repeat(100) + '1' + '}'.repeat(100))];
        for (const field of [...Object.keys(bases[event]), 'okäntFält']) {
          for (const value of SOCKET_VALUES) payloads.push(mutate(bases[event], field, value));
        }
        for (const payload of payloads) {
          const before = await counts();
          // Stay under the per-connection rate limit (bursts of 40, then 20 events a second).
          await new Promise((r) => setTimeout(r, 30));
          const ack = (await socket.timeout(5000).emitWithAck(event, payload)) as {
            ok: boolean;
            error?: { statusCode: number; message: string };
          };
          const what = `${event} ${JSON.stringify(payload)?.slice(0, 80)}`;
          if (ack.ok) continue;
          if (ack.error!.statusCode >= 500) failures.push(`${what}: ${ack.error!.statusCode} ${ack.error!.message}`);
          const problem = swedishProblem(ack.error);
          if (problem) failures.push(`${what}: ${problem}`);
          if ((await counts()) !== before) failures.push(`${what}: refused but wrote rows`);
        }
      } finally {
        socket.disconnect();
      }
    }
    expect(failures.slice(0, 30)).toEqual([]);
    // Bounded by the number of requests, not by a clock: speed belongs in the benchmark.
    console.warn(`fuzz: ${Date.now() - fuzzStarted} ms for HTTP and socket cases`);
  });
});

function show(value: unknown): string {
  if (value === REMOVE) return '(missing)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…(${text.length})` : text;
}
