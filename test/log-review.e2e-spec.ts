import { AUDIT_ROWS, AuditService } from '@brygga/audit';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/** Log review as a reviewer handling a patient's complaint does it. */
describe('log review and the patient log extract', () => {
  let api: TestApi;
  let ward: string;
  let hemtjanst: string;
  let coordinator: TestUser;
  let carer: TestUser;
  let reviewer: TestUser;
  let threadId: string;
  let protectedThreadId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    reviewer = await api.user(ward, 'logggranskare', 'Lena');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id;
    await api.request(carer, 'GET', `/api/threads/${threadId}`);
    protectedThreadId = (
      await api.request(
        coordinator,
        'POST',
        '/api/threads',
        newThreadBody([hemtjanst], { personnummer: '190108219817', givenName: 'Hemlig', familyName: 'Person', protectedIdentity: true }),
      )
    ).body.id;
    await api.request(carer, 'GET', `/api/threads/${protectedThreadId}`);
  });
  afterAll(() => api.close());

  type Entry = { action: string; userId: string; threadId: string | null; patient: unknown };
  const partition = (entries: Entry[], test: (e: Entry) => boolean): [Entry[], Entry[]] => [
    entries.filter(test),
    entries.filter((e) => !test(e)),
  ];
  const search = (body: Record<string, unknown>) => api.request(reviewer, 'POST', '/api/audit/search', body);

  it('finds a patient by personnummer in any usual form, and says who, where and what in each row', async () => {
    for (const form of ['19000612-9803', '190006129803', '000612+9803']) {
      const res = await search({ identityNumber: form });
      expect(res.status).toBe(200);
      expect(res.body.entries.length).toBeGreaterThan(0);
      // The thread's rows, and the reviewer's own searches by this number (which the patient's log now shows too).
      const [own, others] = partition(res.body.entries, (e) => e.action === 'audit.list' && e.userId === reviewer.id);
      expect(others.length).toBeGreaterThan(0);
      expect(others.every((e) => e.threadId === threadId)).toBe(true);
      expect(own.every((e) => e.patient === null && e.threadId === null)).toBe(true);
    }
    const { entries } = (await search({ identityNumber: '19000612-9803' })).body;
    const read = entries.find((e: { action: string; userId: string }) => e.action === 'thread.read' && e.userId === carer.id);
    expect(read).toMatchObject({
      userName: carer.name,
      role: 'utforare',
      unitName: 'Hemtjänst Norr',
      organisationName: 'Org Hemtjänst Norr',
      actionLabel: 'Läste ärende',
      patient: { identityNumber: '19000612-9803', name: 'Tekla Testsson', protectedIdentity: false },
    });
    const invalid = await search({ identityNumber: '19000612-9804' });
    expect(invalid.body.entries).toEqual([]);
  });

  it('searches by person (name, HSA-id), unit and period', async () => {
    const byName = (await search({ person: 'Eva' })).body.entries;
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((e: { userId: string }) => e.userId === carer.id)).toBe(true);
    const [hsa] = await api.dataSource.query('SELECT hsa_id FROM app_user WHERE id = $1', [carer.id]);
    expect((await search({ person: hsa.hsa_id })).body.entries.length).toBe(byName.length);
    const byUnit = (await search({ unitId: hemtjanst })).body.entries;
    expect(byUnit.every((e: { unitId: string }) => e.unitId === hemtjanst)).toBe(true);
    expect((await search({ from: '2999-01-01T00:00:00Z' })).body.entries).toEqual([]);
    const bad = await search({ unitId: 'nej' });
    expect(bad.status).toBe(400);
    // A personnummer never travels in a URL: the GET filter takes internal ids only.
    expect((await api.request(reviewer, 'GET', '/api/audit?patientId=191212121212')).status).toBe(400);
  });

  it('masks a protected patient unless the reviewer searched for that very number', async () => {
    const all = (await search({ threadId: protectedThreadId })).body.entries;
    expect(all[0].patient).toEqual({ identityNumber: '19010821-****', name: null, protectedIdentity: true });
    const searched = (await search({ identityNumber: '19010821-9817' })).body.entries;
    expect(searched[0].patient).toEqual({ identityNumber: '19010821-9817', name: 'Hemlig Person', protectedIdentity: true });
  });

  it('finds each patient of one inbox list (one access-log row for the whole list) in their own extract, and the chain holds', async () => {
    const before: { n: number }[] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'thread.list'`);
    expect((await api.request(carer, 'GET', '/api/threads')).status).toBe(200);
    const rows: { details: { covers: { t: string; p: string }[] } }[] = await api.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'thread.list' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
      [carer.id],
    );
    const after: { n: number }[] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'thread.list'`);
    expect(after[0].n - before[0].n).toBe(1);
    expect(rows[0].details.covers.map((c) => c.t).sort()).toEqual([threadId, protectedThreadId].sort());
    // Each patient's search and extract show the list once, as the carer's read from their unit, and only their own thread.
    for (const [number, thread] of [
      ['190006129803', threadId],
      ['190108219817', protectedThreadId],
    ]) {
      const lists = (await search({ identityNumber: number })).body.entries.filter(
        (e: Entry) => e.action === 'thread.list' && e.userId === carer.id,
      );
      expect(lists).toHaveLength(1);
      expect(lists[0]).toMatchObject({ threadId: thread, unitName: 'Hemtjänst Norr', userName: carer.name, role: 'utforare' });
      const csv = await api.request(reviewer, 'POST', '/api/audit/extract', { identityNumber: number, format: 'csv' });
      const listed = String(csv.body)
        .split('\r\n')
        .filter((l) => l.includes('"Läste ärendelistan"') && l.includes(carer.name));
      expect(listed).toHaveLength(1);
      expect(listed[0]).toContain('"Hemtjänst Norr"');
    }
    // The reviewer's search by person finds the list line per thread.
    const byPerson = (await search({ userId: carer.id })).body.entries.filter((e: Entry) => e.action === 'thread.list');
    expect(byPerson.map((e: Entry) => e.threadId).sort()).toEqual([threadId, protectedThreadId].sort());
    const verified = await api.request(reviewer, 'GET', '/api/audit/verify');
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('pages the organisation-wide search newest first through plain and covering rows, never outside the scope', async () => {
    // Another organisation's ward and its thread with Hemtjänst Norr: its accesses are outside the reviewer's scope, also
    // as one line of a covering row (the carer's inbox list names it beside this organisation's two threads).
    const [{ start }] = await api.dataSource.query(`SELECT max(seq)::text AS start FROM audit_log`);
    const annan = await api.unit('slutenvard', 'Annan avdelning');
    const annanCoordinator = await api.user(annan, 'koordinator', 'Anna');
    const outsideThread = (
      await api.request(
        annanCoordinator,
        'POST',
        '/api/threads',
        newThreadBody([hemtjanst], { personnummer: '190704019801', givenName: 'Annan', familyName: 'Patient' }),
      )
    ).body.id;
    // Plain and covering rows interleaved, in and out of scope.
    for (let i = 0; i < 3; i++) {
      expect((await api.request(carer, 'GET', '/api/threads')).status).toBe(200);
      await api.request(coordinator, 'GET', `/api/threads/${threadId}`);
      await api.request(annanCoordinator, 'GET', `/api/threads/${outsideThread}`);
      expect((await api.request(annanCoordinator, 'GET', '/api/threads')).status).toBe(200);
      await api.request(carer, 'GET', `/api/threads/${protectedThreadId}`);
      await api.request(carer, 'GET', `/api/threads/${outsideThread}`);
    }
    // The expected lines, by the scope rule stated plainly: the organisation's own users, or this organisation's two threads.
    const [{ organisation_id: wardOrganisation }] = await api.dataSource.query('SELECT organisation_id FROM unit WHERE id = $1', [ward]);
    const [{ next }] = await api.dataSource.query(`SELECT (max(seq) + 1)::text AS next FROM audit_log`);
    type Line = { line: string; seq: string; userId: string | null; threadId: string | null; action: string };
    const expected: Line[] = await api.dataSource.query(
      `SELECT CASE WHEN a.entry > 0 THEN a.seq || '.' || a.entry ELSE a.seq::text END AS line, a.seq::text AS seq,
              a.user_id AS "userId", a.thread_id AS "threadId", a.action FROM ${AUDIT_ROWS} a
        WHERE a.seq < $1 AND (a.organisation_ids && ARRAY[$2::uuid] OR a.thread_id = ANY($3::uuid[])) ORDER BY a.seq DESC, a.entry`,
      [next, wardOrganisation, [threadId, protectedThreadId]],
    );
    const key = (l: Line) => `${l.line} ${l.seq} ${l.userId} ${l.threadId} ${l.action}`;
    // Each of the carer's three lists here has two lines in scope; its third, the other organisation's thread, is not.
    const lists = (rows: Line[]) =>
      rows.filter((l) => l.action === 'thread.list' && l.userId === carer.id && BigInt(l.seq) > BigInt(start));
    expect(lists(expected)).toHaveLength(3 * 2);
    const [{ outside }] = await api.dataSource.query(
      `SELECT count(*)::int AS outside FROM ${AUDIT_ROWS} a WHERE a.seq > $1 AND a.action = 'thread.list' AND a.user_id = $2 AND a.thread_id = $3`,
      [start, carer.id, outsideThread],
    );
    expect(outside).toBe(3);
    expect(expected.length).toBeGreaterThan(20);
    const all: Line[] = (await search({ before: next, limit: 1000 })).body.entries;
    expect(all.map(key)).toEqual(expected.map(key));
    expect(all.some((l) => l.threadId === outsideThread || l.userId === annanCoordinator.id)).toBe(false);
    // Page by page (before = nextBefore): the pages, one after the other, are every line once, in order, also where a
    // page ends within a covering row (paging by row number skipped the rest of that row's lines).
    const splitRows = new Set<number>();
    for (const limit of [1, 2, 3, 5, 8]) {
      const paged: Line[] = [];
      let before: string | null = next;
      while (before !== null) {
        const res = await search({ before, limit });
        expect(res.status).toBe(200);
        const page: Line[] = res.body.entries;
        expect(page.length).toBeLessThanOrEqual(limit);
        if (res.body.nextBefore !== null) {
          expect(res.body.nextBefore).toBe(page[page.length - 1].line);
          if (res.body.nextBefore.includes('.')) splitRows.add(limit);
        }
        paged.push(...page);
        before = res.body.nextBefore;
        if (paged.length > expected.length + limit) throw new Error('the search does not come to an end');
      }
      expect(paged.map(key)).toEqual(expected.map(key));
    }
    // The case that matters happened: pages that ended within a covering row, at several page sizes.
    expect(splitRows.size).toBeGreaterThanOrEqual(3);
  });

  it('refuses a page cursor that is not a line of the log, in Swedish', async () => {
    for (const before of ['12a', '1.2.3', '-5', '1234567890123456789']) {
      const res = await search({ before, limit: 5 });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('nextBefore');
    }
  });

  it('lists every access in the extract, past a page of the log (60,000 pushes of one thread, in twelve covering rows), and counts them', async () => {
    // A patient of their own, so that the other tests' extracts stay small.
    const pushed = (
      await api.request(
        coordinator,
        'POST',
        '/api/threads',
        newThreadBody([hemtjanst], { personnummer: '191212121212', givenName: 'Tolvan', familyName: 'Tolvansson' }),
      )
    ).body.id;
    const [{ patient_id: patientId }] = await api.dataSource.query('SELECT patient_id FROM thread WHERE id = $1', [pushed]);
    const audit = api.app.get(AuditService);
    for (let from = 0; from < 60_000; from += 5000) {
      const covers = Array.from({ length: 5000 }, (_, i) => ({
        threadId: pushed,
        patientId,
        unitId: hemtjanst,
        details: { fromSeq: from + i, toSeq: from + i, count: 1 },
      }));
      await api.dataSource.transaction((m) => audit.recordCovering(m, { actor: null, action: 'message.push', outcome: 'allowed' }, covers));
    }
    const csv = await api.request(reviewer, 'POST', '/api/audit/extract', { identityNumber: '191212121212', format: 'csv' });
    expect(csv.status).toBe(200);
    const lines = String(csv.body).split('\r\n').slice(1, -1);
    expect(lines.filter((l) => l.includes('"Fick meddelanden direkt"'))).toHaveLength(60_000);
    // The extract's own row counts exactly the lines it gave.
    const [{ rows }] = await api.dataSource.query(
      `SELECT (details->>'rows')::int AS rows FROM audit_log WHERE action = 'audit.extract' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
      [reviewer.id],
    );
    expect(rows).toBe(lines.length);
    // The printable page too: its head counts what its table holds, across the pages it was read in
    // (one line more: the CSV extract just made is itself a read of the patient's log).
    const html = await api.request(reviewer, 'POST', '/api/audit/extract', { identityNumber: '191212121212', format: 'html' });
    expect(html.status).toBe(200);
    const page = String(html.body);
    expect(page).toContain(`<strong>Antal åtkomster:</strong> ${lines.length + 1}<br>`);
    expect(page.match(/<tr><td>/g)).toHaveLength(lines.length + 1);
    expect(page).toContain('<td>Tog ut loggutdrag</td>');
    expect(page.trimEnd().endsWith('</tbody></table>\n</body></html>')).toBe(true);
  });

  it('produces the patient log extract as CSV and as a printable page, and logs that it did', async () => {
    const csv = await api.request(reviewer, 'POST', '/api/audit/extract', { identityNumber: '190006129803', format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="loggutdrag.csv"');
    expect(csv.headers.get('cache-control')).toBe('no-store');
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0].replace(/^\uFEFF/, '')).toBe(
      '"Tidpunkt";"Organisation";"Enhet";"Person";"Roll";"Åtgärd";"Utfall";"Ärende";"Från adress"',
    );
    expect(lines.some((l) => l.includes(`"${carer.name}";"Utförare";"Läste ärende";"Tillåten"`))).toBe(true);
    // Readable for a patient: an organisation and a unit on every row, the thread by its ward and day, no ids.
    for (const line of lines.slice(1)) expect(line).toMatch(/^"[^"]+";"[^"]+";"[^"]+";/);
    expect(lines.slice(1).join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);

    const html = await api.request(reviewer, 'POST', '/api/audit/extract', {
      identityNumber: '190006129803',
      format: 'html',
      from: '2020-01-01T00:00:00Z',
    });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(String(html.body)).toContain('<h1>Loggutdrag</h1>');
    expect(String(html.body)).toContain('19000612-9803, Tekla Testsson');
    expect(String(html.body)).not.toMatch(/<script/i);

    const [logged] = await api.dataSource.query(
      `SELECT patient_id, patient_ref, details FROM audit_log WHERE action = 'audit.extract' AND user_id = $1 ORDER BY seq LIMIT 1`,
      [reviewer.id],
    );
    // Under the number asked for (a keyed hash), not the patient's id: the row does not say whether the patient exists.
    expect(logged.patient_id).toBeNull();
    expect(logged.patient_ref).toHaveLength(32);
    expect(logged.details).toMatchObject({ format: 'csv' });
    const bad = await api.request(reviewer, 'POST', '/api/audit/extract', { identityNumber: '12345', format: 'pdf' });
    expect(bad.status).toBe(400);
    expect((await api.request(coordinator, 'POST', '/api/audit/extract', { identityNumber: '190006129803', format: 'csv' })).status).toBe(
      403,
    );
  });
});
