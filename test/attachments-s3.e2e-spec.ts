import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { AttachmentsService } from '@brygga/attachments';
import { freePort, newThreadBody, TestApi, type TestUser } from './support/harness';
import { pdf, PNG_1x1 } from './support/files';
import { download, interruptedUpload, upload } from './support/uploads';

const BUCKET = 'brygga-bilagor';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The same upload and download paths, with the files in a local S3 server (s3rver) instead of PostgreSQL. */
describe('attachments in S3-compatible storage (s3rver)', () => {
  let s3: S3rver;
  let dir: string;
  let client: S3Client;
  let api: TestApi;
  let coordinator: TestUser;
  let carer: TestUser;
  let threadId: string;

  const objectKeys = async (): Promise<string[]> =>
    ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!).sort();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'brygga-s3-'));
    const port = await freePort();
    s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    await s3.run();
    const endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({
      endpoint,
      region: 'eu-north-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    api = await TestApi.start({
      ATTACHMENT_MAX_FILE_BYTES: String(8 * 1024 * 1024),
      ATTACHMENT_S3_BUCKET: BUCKET,
      ATTACHMENT_S3_ENDPOINT: endpoint,
      ATTACHMENT_S3_ACCESS_KEY_ID: 'S3RVER',
      ATTACHMENT_S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const ward = await api.unit('slutenvard');
    const hemtjanst = await api.unit('hemtjanst');
    coordinator = await api.user(ward, 'koordinator');
    carer = await api.user(hemtjanst, 'utforare');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id;
  });
  afterAll(async () => {
    await api?.close();
    client?.destroy();
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores small and multi-part files under random keys, none in PostgreSQL, and serves them byte for byte', async () => {
    // 6 MB: more than one 5 MiB part of a multipart upload.
    const big = Buffer.concat([pdf(), Buffer.alloc(6 * 1024 * 1024, 0x20)]);
    const up = await upload(api, coordinator, threadId, [
      { name: 'bild.png', data: PNG_1x1 },
      { name: 'epikris.pdf', data: big },
    ]);
    expect(up.status).toBe(201);
    const ids = up.body.attachments.map((a: { id: string }) => a.id);
    await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Bilagor',
      idempotencyKey: 's3-1',
      attachmentIds: ids,
    });

    const rows: { id: string; object_key: string; storage: string }[] = await api.dataSource.query(
      'SELECT id, object_key, storage FROM attachment ORDER BY created_at',
    );
    expect(rows.map((r) => r.storage)).toEqual(['s3', 's3']);
    expect(await objectKeys()).toEqual(rows.map((r) => r.object_key).sort());
    for (const row of rows) {
      expect(row.object_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(row.object_key).not.toContain(row.id);
    }
    const [{ chunks }] = await api.dataSource.query('SELECT count(*)::int AS chunks FROM attachment_chunk');
    expect(chunks).toBe(0);

    const got = await download(api, carer, threadId, ids[1]);
    expect(got.status).toBe(200);
    expect(got.data.length).toBe(big.length);
    expect(sha256(got.data)).toBe(sha256(big));
    expect((await download(api, carer, threadId, ids[0])).data.equals(PNG_1x1)).toBe(true);
  });

  it('sweeps objects no attachment names (a node died mid-upload), and only objects of its own key shape', async () => {
    const kept = await upload(api, coordinator, threadId, [{ name: 'kvar.png', data: PNG_1x1 }]);
    expect(kept.status).toBe(201);
    const orphan = 'o'.repeat(43);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: orphan, Body: 'left behind' }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'README.txt', Body: 'not ours' }));
    const before = await objectKeys();
    const service = api.app.get(AttachmentsService);
    // Within the grace time nothing goes; past it, only the orphan.
    expect(await service.sweepOrphans()).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await service.sweepOrphans(1000)).toBe(1);
    expect(await objectKeys()).toEqual(before.filter((k) => k !== orphan));
    expect((await download(api, coordinator, threadId, kept.body.attachments[0].id)).status).toBe(200);
  });

  it('leaves no object behind for a refused or abandoned upload', async () => {
    const before = await objectKeys();
    const refused = await upload(api, coordinator, threadId, [
      { name: 'ok.png', data: PNG_1x1 },
      { name: 'tom.pdf', data: Buffer.alloc(0) },
    ]);
    expect(refused.status).toBe(400);
    expect(await objectKeys()).toEqual(before);
    await interruptedUpload(api, coordinator, threadId, 600 * 1024);
    const deadline = Date.now() + 20_000;
    while (JSON.stringify(await objectKeys()) !== JSON.stringify(before) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await objectKeys()).toEqual(before);
  });
});
