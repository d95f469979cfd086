import { randomUUID } from 'node:crypto';
import { ApiProcess, until } from './support/api-process';
import { TestApi } from './support/harness';

const PATIENT = { personnummer: '18910317-9801', givenName: 'Ingegerd', familyName: 'Loggfri' };
const IDENTITY_FORMS = ['189103179801', '18910317-9801', '910317-9801', '9103179801'];

interface LogLine {
  level: string;
  time: string;
  node: string;
  msg: string;
  correlationId?: string;
  route?: string;
  status?: number;
  durationMs?: number;
}

/**
 * The built api as operators run it: its stdout is JSON lines that carry the request's
 * correlation id (the same as the error answer's and the access-log row's) and no patient data.
 */
describe('structured logs', () => {
  let api: TestApi;
  let node: ApiProcess | undefined;

  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(async () => {
    await node?.stop();
    await api.close();
  });

  it('writes JSON lines with the correlation id of an error answer and of its access-log row, and no personnummer, names or bodies', async () => {
    const ward = await api.unit('slutenvard');
    const sof = await api.unit('sof');
    const coordinator = await api.user(ward, 'koordinator');
    const session = await api.sessionOf(coordinator);
    node = await ApiProcess.start(api, { LOG_LEVEL: 'info' });
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${node!.url}${path}`, {
        method,
        headers: {
          cookie: session.jar.header(api.baseUrl),
          'x-csrf-token': session.csrfToken,
          'content-type': 'application/json',
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
    };

    // Patient data in bodies and in a query string.
    const created = await call('POST', '/api/threads', {
      patient: PATIENT,
      participantUnitIds: [sof],
      triage: 'gul',
    });
    expect(created.body).toMatchObject({ id: expect.any(String) });
    const threadId = created.body.id as string;
    const body = `${PATIENT.givenName} ${PATIENT.familyName}, ${PATIENT.personnummer}, behöver hemtjänst.`;
    const posted = await call('POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body, idempotencyKey: randomUUID() });
    expect(posted.body).toMatchObject({ seq: expect.any(Number) });
    // Unknown query parameters are refused (400); the query string never reaches the log either way.
    expect((await call('GET', `/api/threads?q=${PATIENT.personnummer}&namn=${PATIENT.familyName}`)).status).toBe(400);
    // A refused input: its error answer names the field, the log must not repeat the value.
    expect(
      (
        await call('POST', `/api/threads/${threadId}/messages`, {
          kind: 'fritext',
          body: `${PATIENT.personnummer}\u0007`,
          idempotencyKey: randomUUID(),
        })
      ).status,
    ).toBe(400);

    // An error answer: a thread nobody may see. The client's own correlation id is kept.
    const correlationId = `test-${randomUUID()}`;
    const missing = await call('GET', `/api/threads/${randomUUID()}`, undefined, { 'x-correlation-id': correlationId });
    expect(missing.status).toBe(404);
    expect(missing.body.correlationId).toBe(correlationId);
    expect(missing.headers.get('x-correlation-id')).toBe(correlationId);
    // A malformed incoming id is replaced, never echoed.
    const forged = await call('GET', `/api/threads/${randomUUID()}`, undefined, { 'x-correlation-id': 'x"} {"level":"fatal"' });
    expect(forged.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    // So is one that could carry a personnummer (the log keeps correlation ids unscrubbed).
    const numbered = await call('GET', `/api/threads/${randomUUID()}`, undefined, { 'x-correlation-id': 'req-19121212-1212' });
    expect(numbered.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);

    // The access-log row of that refusal carries the same id.
    const rows: { action: string; outcome: string }[] = await api.dataSource.query(
      `SELECT action, outcome FROM audit_log WHERE details->>'correlationId' = $1`,
      [correlationId],
    );
    expect(rows).toEqual([expect.objectContaining({ outcome: 'denied' })]);

    await until(() => node!.log.includes(correlationId), 10_000, 'the request line');
    const lines = node.log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
    const requestLine = lines.find((l) => l.correlationId === correlationId && l.msg === 'request');
    expect(requestLine).toMatchObject({ level: 'info', route: '/api/threads/:id', status: 404, node: expect.any(String) });
    expect(new Date(requestLine!.time).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(requestLine!.durationMs).toBeGreaterThanOrEqual(0);
    expect(lines.filter((l) => l.msg === 'request' && l.route === '/api/threads/:id/messages' && l.status === 201)).toHaveLength(1);

    for (const form of IDENTITY_FORMS) expect(node.log).not.toContain(form);
    expect(node.log).not.toContain(PATIENT.givenName);
    expect(node.log).not.toContain(PATIENT.familyName);
    expect(node.log).not.toContain('behöver hemtjänst');
    expect(node.log).not.toContain(threadId);
    expect(node.log).not.toContain(session.csrfToken);
    expect(node.log.toLowerCase()).not.toContain('cookie');
  });
});
