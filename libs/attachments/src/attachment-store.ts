import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { AttachmentsConfig } from '@brygga/common';

/** Writes one file as its bytes arrive; `abort` removes whatever was written. */
export interface StoreWriter {
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

export interface AttachmentStore {
  readonly kind: 'postgres' | 's3';
  writer(key: string): StoreWriter;
  read(key: string): AsyncIterable<Buffer>;
  remove(key: string): Promise<void>;
  /**
   * Removes bytes written before `olderThan` that no attachment row names (an upload whose node
   * died between storing and recording); `recorded` says which of some keys have a row. Returns
   * how many files went.
   */
  sweep(olderThan: Date, recorded: (keys: string[]) => Promise<Set<string>>): Promise<number>;
}

/** 256 bits from the CSPRNG: a key nobody can guess or derive from the attachment's id. */
export function newObjectKey(): string {
  return randomBytes(32).toString('base64url');
}

const OBJECT_KEY = /^[A-Za-z0-9_-]{43}$/;

/** Rows of this size: one INSERT per 256 KiB keeps memory flat and round trips few. */
const CHUNK_BYTES = 256 * 1024;

/**
 * The default store: chunks in the attachment_chunk table. Each chunk is its own short INSERT (no
 * transaction held open while a slow client uploads); the attachment row that makes the file
 * visible is written only when every chunk is in, and a failed upload deletes its chunks.
 */
export class PostgresStore implements AttachmentStore {
  readonly kind = 'postgres' as const;

  constructor(private readonly dataSource: DataSource) {}

  writer(key: string): StoreWriter {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let idx = 0;
    const flush = async () => {
      if (!pendingBytes) return;
      const data = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await this.dataSource.query('INSERT INTO attachment_chunk (object_key, idx, data) VALUES ($1, $2, $3)', [key, idx++, data]);
    };
    return {
      write: async (chunk) => {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= CHUNK_BYTES) await flush();
      },
      finish: flush,
      abort: async () => {
        pending = [];
        pendingBytes = 0;
        await this.remove(key);
      },
    };
  }

  async *read(key: string): AsyncIterable<Buffer> {
    // One chunk per query: a 20 MB file is never in memory at once.
    for (let idx = 0; ; idx += 1) {
      const rows: { data: Buffer }[] = await this.dataSource.query('SELECT data FROM attachment_chunk WHERE object_key = $1 AND idx = $2', [
        key,
        idx,
      ]);
      if (!rows.length) return;
      yield rows[0].data;
    }
  }

  async remove(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM attachment_chunk WHERE object_key = $1', [key]);
  }

  async sweep(olderThan: Date): Promise<number> {
    // An upload in progress writes its row last: a key counts as orphaned only if its newest chunk is old.
    const rows: { object_key: string }[] = await this.dataSource.query(
      `DELETE FROM attachment_chunk c
        WHERE c.object_key IN (SELECT object_key FROM attachment_chunk GROUP BY object_key HAVING max(created_at) < $1)
          AND NOT EXISTS (SELECT 1 FROM attachment a WHERE a.object_key = c.object_key)
        RETURNING c.object_key`,
      [olderThan],
    );
    return new Set(rows.map((r) => r.object_key)).size;
  }
}

/**
 * S3-compatible object storage. A file of unknown length goes up as a multipart upload in parts of
 * 5 MiB (S3's minimum), one part in flight; an aborted upload is aborted at S3 too.
 */
export class S3Store implements AttachmentStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly config: NonNullable<AttachmentsConfig['s3']>) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      // Checksums only where S3 requires them: many S3-compatible stores do not speak aws-chunked bodies.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(config.accessKeyId && config.secretAccessKey
        ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
        : {}),
    });
  }

  writer(key: string): StoreWriter {
    const body = new PassThrough();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
      partSize: 5 * 1024 * 1024,
      queueSize: 1,
      leavePartsOnError: false,
    });
    const done = upload.done();
    // Observed in finish/abort; a rejection before then must not go unhandled.
    done.catch(() => undefined);
    return {
      write: async (chunk) => {
        // A failed upload stops draining: its error ends the wait.
        if (!body.write(chunk))
          await Promise.race([new Promise<void>((resolve) => body.once('drain', resolve)), done.then(() => undefined)]);
      },
      finish: async () => {
        body.end();
        await done;
      },
      abort: async () => {
        body.destroy();
        await upload.abort().catch(() => undefined);
        await this.remove(key).catch(() => undefined);
      },
    };
  }

  async *read(key: string): AsyncIterable<Buffer> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
    for await (const chunk of object.Body as Readable) yield chunk as Buffer;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  async sweep(olderThan: Date, recorded: (keys: string[]) => Promise<Set<string>>): Promise<number> {
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.config.bucket, ContinuationToken: token }));
      // Only keys of Brygga's own shape (newObjectKey): anything else in the bucket is not ours to judge.
      const old = (page.Contents ?? [])
        .filter((o) => OBJECT_KEY.test(o.Key ?? '') && o.LastModified && o.LastModified <= olderThan)
        .map((o) => o.Key!);
      const known = old.length ? await recorded(old) : new Set<string>();
      for (const key of old.filter((k) => !known.has(k))) {
        await this.remove(key);
        removed += 1;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return removed;
  }

  destroy(): void {
    this.client.destroy();
  }
}
