import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import {
  ADVISORY_LOCKS,
  APP_CONFIG,
  conflict,
  DomainError,
  invalid,
  notFound,
  Telemetry,
  type Actor,
  type AppConfig,
} from '@brygga/common';
import { AuditService } from '@brygga/audit';
import {
  requireUnit,
  ThreadAccessService,
  ThreadDerivations,
  threadRecord,
  UUID,
  type DerivationContext,
  type DerivationOutcome,
} from '@brygga/threads';
import { contentDisposition, normaliseName } from './attachment-name';
import { Attachment, type AttachmentState } from './attachment.entities';
import { newObjectKey, type AttachmentStore } from './attachment-store';
import { ATTACHMENT_STORE } from './attachment-store.provider';
import { ClamdScan, scanChunks } from './clamd';
import { ContentInspector } from './content-inspector';
import { assertUploadRequest, formatBytes, readFiles, tooLarge, tooMany, type IncomingFile, type MultipartLimits } from './multipart';
import { mapAttachment, messageAttachments, type AttachmentDto } from './attachment.mapper';
import { inTransaction } from '@brygga/database';

interface StoredFile {
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  objectKey: string;
  state: AttachmentState;
  previewable: boolean;
}

/** Why a file is not downloadable yet, or never. */
const NOT_READY: Partial<Record<AttachmentState, string>> = {
  scan_pending: 'Bilagan väntar på viruskontroll och kan inte öppnas ännu.',
  infected: 'Bilagan innehåller skadlig kod och kan inte öppnas.',
};

/** Bytes without an attachment row younger than this may belong to an upload still in progress. */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/** What one upload request may still add to the uploader's pending bytes (the quota), counted as they arrive. */
interface Budget {
  left: number;
}

const overQuota = (quota: number, pending: number): DomainError =>
  new DomainError(
    'payload_too_large',
    `Du har redan ${formatBytes(pending)} bilagor som inte har skickats med något meddelande (högst ${formatBytes(quota)}). ` +
      'Skicka dem med ett meddelande först; bilagor som inte skickas tas bort efter en tid.',
  );

@Injectable()
export class AttachmentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Attachments');
  private timer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private rescanning: Promise<number> | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly derivations: ThreadDerivations,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly telemetry: Telemetry,
  ) {}

  private get limits(): MultipartLimits {
    return { maxFileBytes: this.config.attachments.maxFileBytes, maxFiles: this.config.attachments.maxFilesPerMessage };
  }

  onModuleInit(): void {
    if (this.config.attachments.scanningOff) {
      this.logger.warn('ATTACHMENT_SCANNING=off: uploaded files are NOT scanned for malware (set CLAMD_URL to scan them)');
    }
    // A post that names attachments binds them in its own transaction (see bind).
    this.derivations.register((manager, context) => this.bind(manager, context));
    // Each message's files, as the thread view shows them.
    this.derivations.registerMessagePart(messageAttachments);
    const seconds = this.config.attachments.rescanSeconds;
    if (this.config.attachments.clamdUrl && seconds > 0) {
      this.timer = setInterval(() => {
        this.rescanPending().catch((error: unknown) => this.logger.warn(`Rescan failed: ${(error as Error).message}`));
      }, seconds * 1000).unref();
    }
    const sweep = this.config.attachments.sweepSeconds;
    if (sweep > 0) {
      this.sweepTimer = setInterval(() => {
        this.sweepOrphans().catch((error: unknown) => this.logger.warn(`Sweep failed: ${(error as Error).message}`));
      }, sweep * 1000).unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await Promise.all([this.rescanning, this.sweeping]);
  }

  /**
   * Removes uploads never sent with a message within ATTACHMENT_PENDING_HOURS (rows, bytes, one
   * access-log row per thread), then stored bytes that no attachment names and that are older than
   * `graceMs` (an upload in progress records its row last, and no upload takes an hour). One node
   * at a time sweeps.
   */
  sweepOrphans(graceMs = ORPHAN_GRACE_MS): Promise<number> {
    this.sweeping ??= this.expirePending()
      .then(() => this.sweepUnnamed(graceMs))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /**
   * Pending uploads older than ATTACHMENT_PENDING_HOURS: their rows go in one transaction with an
   * access-log row per thread (a removal of patient data, by Brygga itself), their bytes after
   * commit (bytes a failed removal leaves are nameless, and the next sweep takes them).
   */
  async expirePending(): Promise<{ files: number; bytes: number }> {
    const hours = this.config.attachments.pendingHours;
    const expired = await inTransaction(this.dataSource, async (manager) => {
      const [{ locked }]: { locked: boolean }[] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        ADVISORY_LOCKS.attachmentSweep,
      ]);
      if (!locked) return [];
      // TypeORM answers a DELETE … RETURNING with [rows, count].
      const [rows]: [{ id: string; object_key: string; thread_id: string; sha256: string; size_bytes: number }[], number] =
        await manager.query(
          `DELETE FROM attachment WHERE message_id IS NULL AND created_at < now() - make_interval(hours => $1)
           RETURNING id, object_key, thread_id, sha256, size_bytes`,
          [hours],
        );
      const byThread = new Map<string, typeof rows>();
      for (const row of rows) byThread.set(row.thread_id, [...(byThread.get(row.thread_id) ?? []), row]);
      await this.audit.record(
        manager,
        [...byThread].map(([threadId, files]) => ({
          actor: null,
          action: 'attachment.expire' as const,
          outcome: 'allowed' as const,
          threadId,
          threadPatient: true,
          details: {
            attachmentIds: files.map((f) => f.id).join(','),
            sha256: files.map((f) => f.sha256).join(','),
            bytes: files.reduce((sum, f) => sum + f.size_bytes, 0),
            afterHours: hours,
          },
        })),
      );
      return rows;
    });
    await Promise.all(expired.map((row) => this.store.remove(row.object_key).catch(() => undefined)));
    const bytes = expired.reduce((sum, row) => sum + row.size_bytes, 0);
    if (expired.length) {
      this.telemetry.add('attachments.expired', expired.length, 'files');
      this.telemetry.add('attachments.expired', bytes, 'bytes');
      this.logger.log(`Removed ${expired.length} upload(s), ${formatBytes(bytes)}, never sent with a message within ${hours} h`);
    }
    return { files: expired.length, bytes };
  }

  private async sweepUnnamed(graceMs: number): Promise<number> {
    // Files go while the sweep's lock is held; an attempt run again (deadlock) finds fewer to remove.
    const removed = await inTransaction(this.dataSource, async (manager) => {
      const [{ locked }]: { locked: boolean }[] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        ADVISORY_LOCKS.attachmentSweep,
      ]);
      if (!locked) return 0;
      return this.store.sweep(new Date(Date.now() - graceMs), async (keys) => {
        const rows: { object_key: string }[] = await manager.query('SELECT object_key FROM attachment WHERE object_key = ANY($1)', [keys]);
        return new Set(rows.map((r) => r.object_key));
      });
    });
    if (removed) {
      this.telemetry.add('attachments.swept', removed, this.store.kind);
      this.logger.log(`Swept ${removed} stored file(s) that no attachment names`);
    }
    return removed;
  }

  /**
   * Files for a message that is not yet posted: streamed through the type check, the scanner and
   * into the store, then recorded as the uploader's pending attachments in the thread. All or
   * nothing: a refused file removes every file of the request.
   */
  async upload(actor: Actor, threadId: string, req: Request): Promise<AttachmentDto[]> {
    assertUploadRequest(req, this.limits);
    return this.receive(actor, threadId, async (onFile) => {
      await readFiles(req, this.limits, onFile);
    });
  }

  /**
   * Files that arrived inside a message from another system (a FHIR CareCommunication), with the
   * same limits, type check, scan and log as an upload; bound by the message that names them.
   */
  async receiveFiles(actor: Actor, threadId: string, files: { name: string; data: Buffer }[]): Promise<AttachmentDto[]> {
    if (files.length > this.limits.maxFiles) throw tooMany(this.limits);
    if (files.some((f) => f.data.length > this.limits.maxFileBytes)) throw tooLarge(this.limits);
    return this.receive(actor, threadId, async (onFile) => {
      for (const file of files) await onFile({ filename: file.name, stream: Readable.from([file.data]) });
    });
  }

  /** Files received for a message that was then refused, so never bound: rows and bytes go. */
  async discard(ids: string[]): Promise<void> {
    // TypeORM answers a DELETE … RETURNING with [rows, count].
    const [rows]: [{ object_key: string }[], number] = await this.dataSource.query(
      'DELETE FROM attachment WHERE id = ANY($1::uuid[]) AND message_id IS NULL RETURNING object_key',
      [ids],
    );
    await Promise.all(rows.map((r) => this.store.remove(r.object_key)));
  }

  private async receive(
    actor: Actor,
    threadId: string,
    read: (onFile: (file: IncomingFile) => Promise<void>) => Promise<void>,
  ): Promise<AttachmentDto[]> {
    // Access first, so nobody who may not post here can make the server read a byte.
    await this.access.withThread(actor, threadId, 'attachment.upload', { writable: true }, async (_manager, access) =>
      requireUnit(access, 'message.post'),
    );
    // Then the quota: nobody keeps more than ATTACHMENT_PENDING_QUOTA_BYTES in uploads never sent.
    const quota = this.config.attachments.pendingQuotaBytes;
    const pending = await this.pendingBytes(this.dataSource.manager, actor.userId);
    if (pending >= quota) throw overQuota(quota, pending);
    const budget: Budget = { left: quota - pending };
    const stored: StoredFile[] = [];
    let infected: { sha256: string; signature: string } | undefined;
    try {
      await read(async (file) => {
        const result = await this.storeOne(file, budget, () => overQuota(quota, pending));
        if ('signature' in result) {
          infected = result;
          throw new DomainError('infected', 'Filen innehåller skadlig kod enligt viruskontrollen och har inte sparats.');
        }
        stored.push(result);
      });
      if (!stored.length) throw invalid('file', 'ingen fil skickades');
      return await this.access.withThread(actor, threadId, 'attachment.upload', { writable: true }, async (manager, access) => {
        const unitId = requireUnit(access, 'message.post');
        // Again under the uploader's lock: uploads running side by side cannot pass the quota together.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('attachment-quota:' || $1, 0))`, [actor.userId]);
        const now = await this.pendingBytes(manager, actor.userId);
        if (now + stored.reduce((sum, f) => sum + f.sizeBytes, 0) > quota) throw overQuota(quota, now);
        const rows = await manager.save(
          stored.map((file) =>
            manager.create(Attachment, {
              ...file,
              threadId,
              messageId: null,
              uploadedByUserId: actor.userId,
              storage: this.store.kind,
              scannedAt: file.state === 'clean' ? new Date() : null,
            }),
          ),
        );
        await this.audit.record(manager, [
          threadRecord(actor, access, 'attachment.upload', {
            unitId,
            details: {
              attachmentIds: rows.map((r) => r.id).join(','),
              sha256: rows.map((r) => r.sha256).join(','),
              states: rows.map((r) => r.state).join(','),
            },
          }),
        ]);
        return rows.map(mapAttachment);
      });
    } catch (error) {
      await Promise.all(stored.map((file) => this.store.remove(file.objectKey).catch(() => undefined)));
      if (infected) await this.recordInfected(actor, threadId, infected);
      throw error;
    }
  }

  /** The bytes of a user's uploads not yet sent with a message. */
  private async pendingBytes(manager: EntityManager, userId: string): Promise<number> {
    const [{ bytes }]: { bytes: string }[] = await manager.query(
      'SELECT coalesce(sum(size_bytes), 0)::text AS bytes FROM attachment WHERE uploaded_by_user_id = $1 AND message_id IS NULL',
      [userId],
    );
    return Number(bytes);
  }

  /** Reads one file to its end: the type from its content, its checksum, the scanner's verdict. */
  private async storeOne(
    file: IncomingFile,
    budget: Budget,
    exceeded: () => DomainError,
  ): Promise<StoredFile | { sha256: string; signature: string }> {
    const name = normaliseName(file.filename);
    const inspector = new ContentInspector();
    const hash = createHash('sha256');
    const clamd = this.config.attachments.clamdUrl;
    const scan = clamd ? await ClamdScan.open(clamd) : undefined;
    const objectKey = newObjectKey();
    const writer = this.store.writer(objectKey);
    let size = 0;
    const pass = async (chunks: Buffer[]) => {
      for (const chunk of chunks) {
        hash.update(chunk);
        await scan?.write(chunk);
        await writer.write(chunk);
      }
    };
    try {
      for await (const chunk of file.stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        budget.left -= chunk.length;
        if (budget.left < 0) throw exceeded();
        await pass(await inspector.push(chunk));
      }
      if (file.stream.truncated) throw new Error('truncated'); // the limit handler has answered already
      const { rest, contentType, previewable } = await inspector.finish();
      await pass(rest);
      await writer.finish();
      const sha256 = hash.digest('hex');
      let state: AttachmentState = 'not_scanned';
      if (clamd) {
        const verdict = scan ? await scan.finish() : ({ outcome: 'unavailable', reason: 'clamd cannot be reached' } as const);
        if (verdict.outcome === 'infected') {
          this.telemetry.add('attachments.scanned', 1, 'infected');
          await writer.abort();
          return { sha256, signature: verdict.signature };
        }
        if (verdict.outcome === 'unavailable') this.logger.warn(`Virus scan not done, the file waits for a rescan: ${verdict.reason}`);
        state = verdict.outcome === 'clean' ? 'clean' : 'scan_pending';
      }
      this.telemetry.add('attachments.scanned', 1, state);
      return { name, contentType, sizeBytes: size, sha256, objectKey, state, previewable };
    } catch (error) {
      scan?.abort();
      await writer.abort().catch(() => undefined);
      throw error;
    }
  }

  private async recordInfected(actor: Actor, threadId: string, found: { sha256: string; signature: string }): Promise<void> {
    await this.access
      .withThread(actor, threadId, 'attachment.upload', {}, async (manager, access) => {
        await this.audit.record(manager, [
          {
            ...threadRecord(actor, access, 'attachment.upload', {
              details: { reason: 'infected', signature: found.signature, sha256: found.sha256 },
            }),
            outcome: 'denied',
          },
        ]);
      })
      .catch(() => undefined);
  }

  /**
   * Derivation run by MessagesService.post under the thread lock: the message takes the author's
   * pending attachments of this thread. The access log row carries each file's SHA-256, so the
   * log's hash chain covers the files' content.
   */
  private async bind(manager: EntityManager, context: DerivationContext): Promise<DerivationOutcome> {
    const ids = context.attachmentIds ?? [];
    const medicationList = context.message.payload?.lakemedelslistaBilaga;
    if (typeof medicationList === 'string' && !ids.includes(medicationList)) {
      throw invalid('payload.lakemedelslistaBilaga', 'måste vara id för en av meddelandets bilagor');
    }
    if (!ids.length) return { events: [], audit: [] };
    if (ids.length > this.limits.maxFiles) throw tooMany(this.limits);
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [{ id: string; sha256: string }[], number] = await manager.query(
      `UPDATE attachment SET message_id = $1 WHERE id = ANY($2::uuid[]) AND thread_id = $3 AND uploaded_by_user_id = $4
          AND message_id IS NULL AND state <> 'infected' RETURNING id, sha256`,
      [context.message.id, ids, context.threadId, context.actor.userId],
    );
    if (rows.length !== ids.length) throw invalid('attachmentIds', 'bilagan finns inte, är inte din eller hör redan till ett meddelande');
    const ordered = ids.map((id) => rows.find((r) => r.id === id)!);
    return {
      events: [],
      audit: [
        {
          actor: context.actor,
          action: 'attachment.attach',
          outcome: 'allowed',
          unitId: context.unitId,
          patientId: context.patientId,
          threadId: context.threadId,
          details: {
            seq: context.message.seq,
            attachmentIds: ordered.map((r) => r.id).join(','),
            sha256: ordered.map((r) => r.sha256).join(','),
          },
        },
      ],
    };
  }

  /**
   * Sends a file: the thread's access rule decides (a removed unit has lost it), and the read is
   * logged. The answer can only be saved, never run: attachment disposition, nosniff, no-store and
   * a CSP sandbox without any source.
   */
  async download(actor: Actor, threadId: string, attachmentId: string, res: Response): Promise<void> {
    const attachment = await this.access.withThread(actor, threadId, 'attachment.read', {}, async (manager, access) => {
      const found = UUID.test(attachmentId) ? await manager.findOneBy(Attachment, { id: attachmentId, threadId }) : null;
      // Someone else's pending file is as absent as a file that does not exist.
      if (!found || (found.messageId === null && found.uploadedByUserId !== actor.userId)) {
        return { denied: threadRecord(actor, access, 'attachment.read', { details: { reason: 'not_found' } }) };
      }
      const notReady = NOT_READY[found.state];
      if (notReady) throw conflict(notReady);
      await this.audit.record(manager, [
        threadRecord(actor, access, 'attachment.read', { details: { attachmentId: found.id, sha256: found.sha256 } }),
      ]);
      return found;
    });
    if ('denied' in attachment) {
      await this.audit.recordNow([{ ...attachment.denied, outcome: 'denied' }]);
      throw notFound('Bilagan');
    }
    res.status(200);
    res.setHeader('Content-Type', attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType);
    res.setHeader('Content-Length', String(attachment.sizeBytes));
    res.setHeader('Content-Disposition', contentDisposition(attachment.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    res.setHeader('X-Attachment-Sha256', attachment.sha256);
    res.setHeader('X-Attachment-Previewable', String(attachment.previewable));
    try {
      await pipeline(Readable.from(this.store.read(attachment.objectKey)), res);
    } catch (error) {
      // A client that went away mid-download is no fault of ours; anything else is.
      if (!res.destroyed || res.writableFinished) throw error;
    }
  }

  /** Scans files that wait for a scan (clamd was down); returns how many got a verdict. */
  async rescanPending(limit = 20): Promise<number> {
    const clamd = this.config.attachments.clamdUrl;
    if (!clamd) return 0;
    if (this.rescanning) return this.rescanning;
    this.rescanning = (async () => {
      const pending = await this.dataSource
        .getRepository(Attachment)
        .find({ where: { state: 'scan_pending' }, order: { createdAt: 'ASC' }, take: limit });
      let done = 0;
      for (const attachment of pending) {
        const verdict = await scanChunks(clamd, this.store.read(attachment.objectKey));
        if (verdict.outcome === 'unavailable') break;
        const state: AttachmentState = verdict.outcome === 'clean' ? 'clean' : 'infected';
        await inTransaction(this.dataSource, async (manager) => {
          await manager.update(Attachment, { id: attachment.id, state: 'scan_pending' }, { state, scannedAt: new Date() });
          await this.audit.record(manager, [
            {
              actor: null,
              action: 'attachment.scan',
              outcome: state === 'clean' ? 'allowed' : 'denied',
              threadId: attachment.threadId,
              threadPatient: true, // the access log reads the thread's patient
              details: {
                attachmentId: attachment.id,
                sha256: attachment.sha256,
                state,
                ...(verdict.outcome === 'infected' ? { signature: verdict.signature } : {}),
              },
            },
          ]);
        });
        this.telemetry.add('attachments.scanned', 1, state);
        // An infected file is kept out of reach for good: its bytes are removed.
        if (state === 'infected') await this.store.remove(attachment.objectKey);
        done += 1;
      }
      return done;
    })().finally(() => (this.rescanning = undefined));
    return this.rescanning;
  }
}
