import { randomUUID } from 'node:crypto';
import { AttachmentsService } from '@brygga/attachments';
import { MetricsServer } from '@brygga/observability';
import { pdf } from './support/files';
import { newThreadBody, TestApi, type TestUser } from './support/harness';
import { upload } from './support/uploads';

const MB = 1024 * 1024;
/** A real PDF of about `bytes`. */
const bigPdf = (bytes: number): Buffer => pdf(`/Pad (${'x'.repeat(bytes - 200)})`);

/**
 * Uploads expire and have a quota (issue 28): 5 × 20 MB uploaded and never posted stayed for good.
 * Here with 2 MB files and a 5 MB quota, so the flood stays cheap; the defaults are one full
 * message's files (100 MB) and 24 hours.
 */
describe('uploads not sent with a message', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let coordinator: TestUser;
  let threadId: string;

  beforeAll(async () => {
    api = await TestApi.start({
      ATTACHMENT_MAX_FILE_BYTES: String(2 * MB),
      ATTACHMENT_PENDING_QUOTA_BYTES: String(5 * MB),
      ATTACHMENT_PENDING_HOURS: '2',
      ATTACHMENT_SWEEP_SECONDS: '0',
    });
    ward = await api.unit('slutenvard');
    sof = await api.unit('sof');
    coordinator = await api.user(ward, 'koordinator');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof]))).body.id;
  });
  afterAll(() => api.close());

  const storedBytes = async (): Promise<number> =>
    Number((await api.dataSource.query('SELECT coalesce(sum(length(data)), 0)::text AS n FROM attachment_chunk'))[0].n);
  const pendingOf = async (user: TestUser): Promise<number> =>
    Number(
      (
        await api.dataSource.query(
          'SELECT coalesce(sum(size_bytes), 0)::text AS n FROM attachment WHERE uploaded_by_user_id = $1 AND message_id IS NULL',
          [user.id],
        )
      )[0].n,
    );

  it('refuses the upload flood at the per-user quota with a Swedish 413, keeping nothing of the refused files', async () => {
    const flooder = await api.user(ward, 'koordinator');
    const before = await storedBytes();
    const statuses: number[] = [];
    let refused: { status: number; body: { message: string } } | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await upload(api, flooder, threadId, [{ name: `stor-${i}.pdf`, data: bigPdf(2 * MB - 1024) }]);
      statuses.push(res.status);
      if (res.status !== 201) refused ??= res;
    }
    expect(statuses).toEqual([201, 201, 413, 413, 413]);
    expect(refused!.body.message).toMatch(/^Du har redan 4 MB bilagor som inte har skickats med något meddelande \(högst 5 MB\)/);
    expect(await pendingOf(flooder)).toBeLessThanOrEqual(5 * MB);
    expect((await storedBytes()) - before).toBeLessThanOrEqual(5 * MB);
    // Sending them with a message frees the quota.
    const ids = (
      await api.dataSource.query('SELECT id FROM attachment WHERE uploaded_by_user_id = $1 AND message_id IS NULL', [flooder.id])
    ).map((r: { id: string }) => r.id);
    const sent = await api.request(flooder, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Underlag',
      attachmentIds: ids,
      idempotencyKey: randomUUID(),
    });
    expect(sent.status).toBe(201);
    expect((await upload(api, flooder, threadId, [{ name: 'ny.pdf', data: bigPdf(2 * MB - 1024) }])).status).toBe(201);
  });

  it('holds the quota against uploads running side by side', async () => {
    const racer = await api.user(ward, 'koordinator');
    await api.sessionOf(racer);
    const before = await storedBytes();
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => upload(api, racer, threadId, [{ name: `samtidig-${i}.pdf`, data: bigPdf(2 * MB - 1024) }])),
    );
    const accepted = results.filter((r) => r.status === 201).length;
    expect(accepted).toBeLessThanOrEqual(2);
    expect(results.filter((r) => r.status === 413)).toHaveLength(4 - accepted);
    expect(await pendingOf(racer)).toBeLessThanOrEqual(5 * MB);
    // The refused ones left no bytes behind.
    expect((await storedBytes()) - before).toBeLessThanOrEqual(accepted * 2 * MB);
  });

  it('removes uploads not sent within ATTACHMENT_PENDING_HOURS, bytes too, logs it for the patient, and leaves sent and younger ones', async () => {
    const owner = await api.user(ward, 'koordinator');
    const old = (await upload(api, owner, threadId, [{ name: 'gammal.pdf', data: bigPdf(MB) }])).body.attachments[0].id as string;
    const young = (await upload(api, owner, threadId, [{ name: 'ung.pdf', data: bigPdf(MB) }])).body.attachments[0].id as string;
    const bound = (await upload(api, owner, threadId, [{ name: 'skickad.pdf', data: bigPdf(MB) }])).body.attachments[0].id as string;
    await api.request(owner, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Skickad',
      attachmentIds: [bound],
      idempotencyKey: randomUUID(),
    });
    await api.dataSource.query(`UPDATE attachment SET created_at = now() - interval '3 hours' WHERE id = ANY($1::uuid[])`, [[old, bound]]);
    await api.dataSource.query(`UPDATE attachment SET created_at = now() - interval '1 hour' WHERE id = $1`, [young]);
    const before = await storedBytes();
    const started = Date.now();
    expect(await api.app.get(AttachmentsService).expirePending()).toEqual({ files: 1, bytes: expect.any(Number) });
    const tookMs = Date.now() - started;
    const left = (await api.dataSource.query('SELECT id FROM attachment WHERE id = ANY($1::uuid[])', [[old, young, bound]])).map(
      (r: { id: string }) => r.id,
    );
    expect(left.sort()).toEqual([young, bound].sort());
    expect(before - (await storedBytes())).toBeGreaterThanOrEqual(MB - 1024);
    const [row] = await api.dataSource.query(`SELECT patient_id, thread_id, details FROM audit_log WHERE action = 'attachment.expire'`);
    expect(row.thread_id).toBe(threadId);
    expect(row.patient_id).not.toBeNull();
    expect(row.details).toMatchObject({ attachmentIds: old, afterHours: 2 });
    const metrics = await (await fetch(`${api.app.get(MetricsServer).url}/metrics`)).text();
    expect(metrics).toMatch(/brygga_attachments_expired_total\{unit="files"\} 1/);
    expect(tookMs).toBeLessThan(10_000);
    // The sweep does it too (one call, what the timer runs).
    await api.dataSource.query(`UPDATE attachment SET created_at = now() - interval '3 hours' WHERE id = $1`, [young]);
    await api.app.get(AttachmentsService).sweepOrphans();
    expect(await api.dataSource.query('SELECT id FROM attachment WHERE id = $1', [young])).toEqual([]);
  });
});
