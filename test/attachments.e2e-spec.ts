import { createHash, randomUUID } from 'node:crypto';
import { AttachmentsService } from '@brygga/attachments';
import { newThreadBody, TestApi, type TestUser } from './support/harness';
import { Clamd, EICAR, EICAR_SIGNATURE, ensureClamd } from './support/clamd';
import { exe, pdf, PDF_WITH_JS, PNG_1x1, zip } from './support/files';
import { download, interruptedUpload, upload } from './support/uploads';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Scene {
  api: TestApi;
  coordinator: TestUser;
  carer: TestUser;
  outsider: TestUser;
  threadId: string;
  hemtjanst: string;
}

async function scene(env: Record<string, string> = {}): Promise<Scene> {
  const api = await TestApi.start({ ATTACHMENT_MAX_FILE_BYTES: String(1024 * 1024), ATTACHMENT_RESCAN_SECONDS: '0', ...env });
  const ward = await api.unit('slutenvard');
  const hemtjanst = await api.unit('hemtjanst');
  const elsewhere = await api.unit('hemtjanst');
  const coordinator = await api.user(ward, 'koordinator');
  const carer = await api.user(hemtjanst, 'utforare');
  const outsider = await api.user(elsewhere, 'utforare');
  const threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id as string;
  return { api, coordinator, carer, outsider, threadId, hemtjanst };
}

const counts = async (api: TestApi) =>
  (
    await api.dataSource.query(
      `SELECT (SELECT count(*)::int FROM attachment) AS attachments, (SELECT count(*)::int FROM attachment_chunk) AS chunks`,
    )
  )[0] as {
    attachments: number;
    chunks: number;
  };

describe('attachments over PostgreSQL storage (no scanner)', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await scene();
  });
  afterAll(() => s.api.close());

  it('uploads, binds to a message, and lets participants download what was sent, byte for byte', async () => {
    const { api, coordinator, carer, threadId } = s;
    const file = pdf();
    const up = await upload(api, coordinator, threadId, [
      { name: 'C:\\fakepath\\Läkemedelslista.pdf', data: file, type: 'application/pdf' },
    ]);
    expect(up.status).toBe(201);
    const [attachment] = up.body.attachments;
    expect(attachment).toMatchObject({
      name: 'Läkemedelslista.pdf',
      contentType: 'application/pdf',
      size: file.length,
      sha256: sha256(file),
      state: 'not_scanned',
      previewable: true,
      messageId: null,
    });

    // Not yet sent: only the uploader sees it.
    expect((await download(api, carer, threadId, attachment.id)).status).toBe(404);

    const post = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Listan bifogad',
      idempotencyKey: randomUUID(),
      attachmentIds: [attachment.id],
    });
    expect(post.status).toBe(201);
    expect(post.body.attachments).toEqual([
      expect.objectContaining({ id: attachment.id, sha256: sha256(file), name: 'Läkemedelslista.pdf' }),
    ]);
    const listed = await api.request(carer, 'GET', `/api/threads/${threadId}/messages`);
    expect(listed.body.messages.at(-1).attachments[0].id).toBe(attachment.id);

    const got = await download(api, carer, threadId, attachment.id);
    expect(got.status).toBe(200);
    expect(got.data.equals(file)).toBe(true);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="Lakemedelslista.pdf"; filename*=UTF-8''L%C3%A4kemedelslista.pdf`,
    );
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");

    // The log: upload and binding carry the checksum (in the hash chain), the download is a read.
    const log: { action: string; outcome: string; details: Record<string, string> }[] = await api.dataSource.query(
      `SELECT action, outcome, details FROM audit_log WHERE thread_id = $1 AND action LIKE 'attachment.%' ORDER BY seq`,
      [threadId],
    );
    expect(log.map((r) => `${r.action}:${r.outcome}`)).toEqual([
      'attachment.upload:allowed',
      'attachment.read:denied',
      'attachment.attach:allowed',
      'attachment.read:allowed',
    ]);
    expect(log[2].details.sha256).toBe(sha256(file));
    expect(log[3].details).toMatchObject({ attachmentId: attachment.id, sha256: sha256(file) });
  });

  it('a message cannot take a file twice, nor someone else’s, and an attachment cannot be changed once sent', async () => {
    const { api, coordinator, carer, threadId } = s;
    const up = await upload(api, coordinator, threadId, [{ name: 'bild.png', data: PNG_1x1 }]);
    const id = up.body.attachments[0].id;
    const stolen = await api.request(carer, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'x',
      idempotencyKey: randomUUID(),
      attachmentIds: [id],
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.message).toMatch(/bilagan finns inte/);
    await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'x',
      idempotencyKey: randomUUID(),
      attachmentIds: [id],
    });
    const again = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'y',
      idempotencyKey: randomUUID(),
      attachmentIds: [id],
    });
    expect(again.status).toBe(400);
    await expect(api.dataSource.query(`UPDATE attachment SET sha256 = 'x' WHERE id = $1`, [id])).rejects.toThrow(/immutable/);
  });

  it('a correction carries its own files, replacing the corrected message’s', async () => {
    const { api, coordinator, threadId } = s;
    const first = (await upload(api, coordinator, threadId, [{ name: 'v1.txt', data: 'Version 1' }])).body.attachments[0];
    const original = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Lista',
      idempotencyKey: randomUUID(),
      attachmentIds: [first.id],
    });
    const second = (await upload(api, coordinator, threadId, [{ name: 'v2.txt', data: 'Version 2' }])).body.attachments[0];
    const correction = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Lista (rättad)',
      idempotencyKey: randomUUID(),
      correctsMessageId: original.body.id,
      attachmentIds: [second.id],
    });
    expect(correction.status).toBe(201);
    expect(correction.body.attachments.map((a: { name: string }) => a.name)).toEqual(['v2.txt']);
  });

  it('decides the type from the content: a .pdf that is a PNG is a PNG; an .exe or a zip renamed is refused with 415', async () => {
    const { api, coordinator, threadId } = s;
    const before = await counts(api);
    const png = await upload(api, coordinator, threadId, [{ name: 'remiss.pdf', data: PNG_1x1, type: 'application/pdf' }]);
    expect(png.status).toBe(201);
    expect(png.body.attachments[0].contentType).toBe('image/png');
    for (const [name, data] of [
      ['foto.jpg', exe()],
      ['lista.pdf', zip()],
      ['text.txt', Buffer.from('hej\0då')],
      ['latin1.txt', Buffer.from('h\xe4lsa', 'latin1')],
    ] as const) {
      const refused = await upload(api, coordinator, threadId, [{ name, data, type: 'image/jpeg' }]);
      expect({ name, status: refused.status }).toEqual({ name, status: 415 });
      expect(refused.body.message).toMatch(/Filtypen stöds inte/);
    }
    expect((await counts(api)).attachments).toBe(before.attachments + 1);
    expect((await counts(api)).chunks).toBe(before.chunks + 1);
  });

  it('refuses an empty file, an oversized one (413), too many, a 10,000-character name, and anything but multipart; nothing is stored', async () => {
    const { api, coordinator, threadId } = s;
    const before = await counts(api);
    const empty = await upload(api, coordinator, threadId, [{ name: 'tom.pdf', data: Buffer.alloc(0) }]);
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe('Filen är tom.');
    const big = Buffer.concat([pdf(), Buffer.alloc(1024 * 1024, 0x20)]);
    const tooBig = await upload(api, coordinator, threadId, [{ name: 'stor.pdf', data: big }]);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.message).toMatch(/Filen är för stor/);
    // A good file first, then one over the limit: neither is kept.
    const mixed = await upload(api, coordinator, threadId, [
      { name: 'ok.png', data: PNG_1x1 },
      { name: 'stor.pdf', data: big },
    ]);
    expect(mixed.status).toBe(413);
    const many = await upload(
      api,
      coordinator,
      threadId,
      Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, data: PNG_1x1 })),
    );
    expect(many.status).toBe(413);
    expect(many.body.message).toMatch(/Högst 5 bilagor/);
    const longName = await upload(api, coordinator, threadId, [{ name: `${'å'.repeat(10_000)}.pdf`, data: pdf() }]);
    expect(longName.status).toBe(400);
    expect(longName.body.message).toMatch(/filnamnet är för långt/);
    const json = await api.request(coordinator, 'POST', `/api/threads/${threadId}/attachments`, { file: 'x' });
    expect(json.status).toBe(415);
    expect(json.body.message).toMatch(/multipart\/form-data/);
    expect(await counts(api)).toEqual(before);
  });

  it('takes a file of exactly the maximum size', async () => {
    const exact = Buffer.concat([pdf(), Buffer.alloc(1024 * 1024 - pdf().length, 0x20)]);
    const res = await upload(s.api, s.coordinator, s.threadId, [{ name: 'precis.pdf', data: exact }]);
    expect(res.status).toBe(201);
    expect(res.body.attachments[0].size).toBe(1024 * 1024);
  });

  it('normalises names: no path, no control or bidi characters', async () => {
    const { api, coordinator, threadId } = s;
    const up = await upload(api, coordinator, threadId, [{ name: '../../etc/\u202Egpj.exe.txt', data: 'Text' }]);
    expect(up.status).toBe(201);
    expect(up.body.attachments[0].name).toBe('gpj.exe.txt');
  });

  it('stores a PDF with embedded JavaScript as download only, never for preview', async () => {
    const up = await upload(s.api, s.coordinator, s.threadId, [{ name: 'skript.pdf', data: PDF_WITH_JS }]);
    expect(up.status).toBe(201);
    expect(up.body.attachments[0]).toMatchObject({ contentType: 'application/pdf', previewable: false });
  });

  it('keeps nothing of an upload the client abandons halfway', async () => {
    const { api, coordinator, threadId } = s;
    const before = await counts(api);
    await interruptedUpload(api, coordinator, threadId, 600 * 1024);
    // The server notices the lost connection and removes the chunks it had written.
    await until('the half upload to be removed', async () => {
      const now = await counts(api);
      return now.attachments === before.attachments && now.chunks === before.chunks;
    });
    const [{ pending }] = await api.dataSource.query(
      `SELECT count(*)::int AS pending FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'INSERT INTO attachment_chunk%'`,
    );
    expect(pending).toBe(0);
  });

  it('discards files received for a message that was then refused, never a file bound to a message', async () => {
    const { api, coordinator, threadId } = s;
    const before = await counts(api);
    const pending = await upload(api, coordinator, threadId, [{ name: 'a.png', data: PNG_1x1 }]);
    const sent = await upload(api, coordinator, threadId, [{ name: 'b.png', data: PNG_1x1 }]);
    const bound = sent.body.attachments[0].id;
    expect(
      (
        await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
          kind: 'fritext',
          body: 'Bild',
          attachmentIds: [bound],
          idempotencyKey: randomUUID(),
        })
      ).status,
    ).toBe(201);
    const service = api.app.get(AttachmentsService);
    await service.discard([pending.body.attachments[0].id, bound]);
    const after = await counts(api);
    expect(after.attachments).toBe(before.attachments + 1);
    expect((await download(api, coordinator, threadId, bound)).status).toBe(200);
  });

  it('sweeps what a node that died mid-upload left: chunks no attachment names, once they are an hour old', async () => {
    const { api, coordinator, threadId } = s;
    const kept = await upload(api, coordinator, threadId, [{ name: 'kvar.png', data: PNG_1x1 }]);
    expect(kept.status).toBe(201);
    const key = () => randomUUID().replace(/-/g, '').padEnd(43, 'x');
    const [crashed, inProgress] = [key(), key()];
    for (const idx of [0, 1]) {
      await api.dataSource.query(
        `INSERT INTO attachment_chunk (object_key, idx, data, created_at) VALUES ($1, $2, $3, now() - interval '2 hours')`,
        [crashed, idx, Buffer.alloc(10)],
      );
    }
    // An upload still going: its first chunk is old, its latest is not.
    await api.dataSource.query(
      `INSERT INTO attachment_chunk (object_key, idx, data, created_at) VALUES ($1, 0, $2, now() - interval '2 hours'), ($1, 1, $2, now())`,
      [inProgress, Buffer.alloc(10)],
    );
    const before = await counts(api);
    expect(await api.app.get(AttachmentsService).sweepOrphans()).toBe(1);
    expect(await counts(api)).toEqual({ attachments: before.attachments, chunks: before.chunks - 2 });
    const left: { object_key: string }[] = await api.dataSource.query(
      'SELECT DISTINCT object_key FROM attachment_chunk WHERE object_key = ANY($1)',
      [[crashed, inProgress]],
    );
    expect(left.map((r) => r.object_key)).toEqual([inProgress]);
    expect((await download(api, coordinator, threadId, kept.body.attachments[0].id)).status).toBe(200);
    await api.dataSource.query('DELETE FROM attachment_chunk WHERE object_key = $1', [inProgress]);
  });

  it('hides files from non-participants (404, no hint) and from a unit removed from the thread', async () => {
    const { api, coordinator, carer, outsider, threadId, hemtjanst } = s;
    const up = await upload(api, coordinator, threadId, [{ name: 'sår.jpg', data: PNG_1x1 }]);
    const id = up.body.attachments[0].id;
    await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Foto',
      idempotencyKey: randomUUID(),
      attachmentIds: [id],
    });
    const outside = await download(api, outsider, threadId, id);
    expect(outside.status).toBe(404);
    expect(JSON.parse(outside.data.toString()).message).toBe('Ärendet finns inte.');
    expect((await upload(api, outsider, threadId, [{ name: 'x.png', data: PNG_1x1 }])).status).toBe(404);
    expect((await download(api, carer, threadId, randomUUID())).status).toBe(404);
    expect((await download(api, carer, threadId, id)).status).toBe(200);
    expect((await api.request(coordinator, 'DELETE', `/api/threads/${threadId}/participants/${hemtjanst}`)).status).toBe(200);
    expect((await download(api, carer, threadId, id)).status).toBe(404);
    const denied = await api.dataSource.query(
      `SELECT count(*)::int AS c FROM audit_log WHERE user_id = $1 AND action = 'attachment.read' AND outcome = 'denied'`,
      [carer.id],
    );
    expect(denied[0].c).toBeGreaterThan(0);
  });
});

describe('attachments with a real clamd', () => {
  let clamd: Clamd | undefined;
  let s: Scene | undefined;
  let skipped: string | null = null;

  beforeAll(async () => {
    skipped = await ensureClamd();
    if (skipped) {
      console.warn(`Skipping the clamd tests: ${skipped}`);
      return;
    }
    clamd = await Clamd.start();
    s = await scene({ CLAMD_URL: clamd.url });
  }, 600_000);
  afterAll(async () => {
    await s?.api.close();
    await clamd?.stop();
  });

  it('refuses the EICAR test file with a Swedish message and an access-log row, and stores nothing', async () => {
    if (!s) return;
    const { api, coordinator, threadId } = s;
    const before = await counts(api);
    const res = await upload(api, coordinator, threadId, [{ name: 'eicar.txt', data: EICAR }]);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('Filen innehåller skadlig kod enligt viruskontrollen och har inte sparats.');
    expect(await counts(api)).toEqual(before);
    const [row] = await api.dataSource.query(
      `SELECT outcome, details FROM audit_log WHERE thread_id = $1 AND action = 'attachment.upload' ORDER BY seq DESC LIMIT 1`,
      [threadId],
    );
    expect(row).toMatchObject({
      outcome: 'denied',
      details: { reason: 'infected', signature: `${EICAR_SIGNATURE}.UNOFFICIAL`, sha256: sha256(EICAR), correlationId: expect.any(String) },
    });
  });

  it('passes a clean file as scanned', async () => {
    if (!s) return;
    const res = await upload(s.api, s.coordinator, s.threadId, [{ name: 'lista.pdf', data: pdf() }]);
    expect(res.status).toBe(201);
    expect(res.body.attachments[0].state).toBe('clean');
  });

  it('with the scanner down, a file waits for a scan ("väntar på viruskontroll"), is not downloadable, and is scanned later', async () => {
    if (!s || !clamd) return;
    const { api, coordinator, carer, threadId } = s;
    const port = clamd.port;
    await clamd.stop();
    const clean = await upload(api, coordinator, threadId, [{ name: 'lista.pdf', data: pdf() }]);
    const bad = await upload(api, coordinator, threadId, [{ name: 'eicar.txt', data: EICAR }]);
    expect([clean.status, bad.status]).toEqual([201, 201]);
    expect([clean.body.attachments[0].state, bad.body.attachments[0].state]).toEqual(['scan_pending', 'scan_pending']);
    const ids = [clean.body.attachments[0].id, bad.body.attachments[0].id];
    await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Två filer',
      idempotencyKey: randomUUID(),
      attachmentIds: ids,
    });
    const waiting = await download(api, carer, threadId, ids[0]);
    expect(waiting.status).toBe(409);
    expect(JSON.parse(waiting.data.toString()).message).toMatch(/väntar på viruskontroll/);

    clamd = await Clamd.start(port);
    const service = api.app.get(AttachmentsService);
    expect(await service.rescanPending()).toBe(2);
    expect((await download(api, carer, threadId, ids[0])).status).toBe(200);
    const infected = await download(api, carer, threadId, ids[1]);
    expect(infected.status).toBe(409);
    expect(JSON.parse(infected.data.toString()).message).toMatch(/skadlig kod/);
    const scans = await api.dataSource.query(
      `SELECT outcome FROM audit_log WHERE thread_id = $1 AND action = 'attachment.scan' ORDER BY seq`,
      [threadId],
    );
    expect(scans.map((r: { outcome: string }) => r.outcome)).toEqual(['allowed', 'denied']);
  });
});
