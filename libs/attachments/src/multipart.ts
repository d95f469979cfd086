import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { DomainError } from '@brygga/common';

export interface MultipartLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export interface IncomingFile {
  filename: string | undefined;
  stream: Readable & { truncated?: boolean };
}

export const tooLarge = (limits: MultipartLimits): DomainError =>
  new DomainError('payload_too_large', `Filen är för stor. Största tillåtna storlek är ${formatBytes(limits.maxFileBytes)} per fil.`);
export const tooMany = (limits: MultipartLimits): DomainError =>
  new DomainError('payload_too_large', `För många filer. Högst ${limits.maxFiles} bilagor per meddelande.`);
export const interrupted = (): DomainError =>
  new DomainError('validation', 'Uppladdningen avbröts innan filen kommit fram. Inget sparades.', [
    { field: 'file', message: 'uppladdningen avbröts' },
  ]);

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} kB`;
}

/** Refuses before reading the body what cannot be an upload, or is bigger than any allowed one. */
export function assertUploadRequest(req: Request, limits: MultipartLimits): void {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    throw new DomainError('unsupported_media_type', 'Bilagor skickas som multipart/form-data.');
  }
  const length = Number(req.headers['content-length']);
  // Room for the parts' headers beside the files themselves.
  if (Number.isFinite(length) && length > limits.maxFiles * (limits.maxFileBytes + 64 * 1024)) throw tooLarge(limits);
}

/**
 * Streams a multipart request's files, one at a time, into `onFile` (busboy: the next part is not
 * read until this one is consumed). Fields other than files are ignored. Resolves with every
 * result, or rejects with the first failure — a limit, a malformed body, a client that went away —
 * after which the rest of the body is discarded. `onFile` must clean up after itself when it throws.
 */
export function readFiles<T>(req: Request, limits: MultipartLimits, onFile: (file: IncomingFile) => Promise<T>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // busboy calls a file that reaches fileSize truncated: one byte more lets exactly the maximum through.
        limits: { fileSize: limits.maxFileBytes + 1, files: limits.maxFiles, fields: 20, fieldSize: 1024, parts: limits.maxFiles + 20 },
      });
    } catch {
      return reject(
        new DomainError('validation', 'Begäran är inte giltig multipart/form-data.', [{ field: 'file', message: 'felaktigt format' }]),
      );
    }
    const results: Promise<T | undefined>[] = [];
    const open = new Set<Readable>();
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      // The file being read ends with this error, so its writer cleans up.
      for (const stream of open) stream.destroy(error instanceof Error ? error : new Error(String(error)));
      req.unpipe(parser);
      req.resume();
      // Let the file handlers finish their clean-up before answering.
      void Promise.allSettled(results).then(() => reject(error));
    };
    parser.on('file', (_field, stream, info) => {
      if (failed) return void stream.resume();
      open.add(stream);
      stream.on('limit', () => fail(tooLarge(limits)));
      results.push(
        onFile({ filename: info.filename, stream }).then(
          (value) => {
            open.delete(stream);
            return value;
          },
          (error: unknown) => {
            open.delete(stream);
            stream.resume();
            fail(error);
            return undefined;
          },
        ),
      );
    });
    parser.on('filesLimit', () => fail(tooMany(limits)));
    parser.on('partsLimit', () => fail(tooMany(limits)));
    parser.on('error', (error: Error) =>
      fail(
        // busboy caps a part's headers at 16 KB: in practice, a file name of thousands of characters.
        /header/i.test(error.message)
          ? new DomainError('validation', 'Ogiltigt värde i file: filnamnet är för långt eller delens huvud är felaktigt', [
              { field: 'file', message: 'filnamnet är för långt' },
            ])
          : new DomainError('validation', 'Begäran är inte giltig multipart/form-data.', [{ field: 'file', message: 'felaktigt format' }]),
      ),
    );
    parser.on('close', () => {
      void Promise.all(results).then((values) => {
        if (!failed) resolve(values as T[]);
      });
    });
    req.on('close', () => {
      if (!req.complete) fail(interrupted());
    });
    req.pipe(parser);
  });
}
