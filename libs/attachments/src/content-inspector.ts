import { fileTypeFromBuffer } from 'file-type';
import { TextDecoder } from 'node:util';
import { DomainError } from '@brygga/common';

/** What Brygga accepts, decided from the content. Keys are file-type's MIME types. */
const ALLOWED: Readonly<Record<string, { preview: boolean }>> = {
  'application/pdf': { preview: true },
  'image/jpeg': { preview: true },
  'image/png': { preview: true },
  // MedCom's CareCommunication requires GIF, TIFF and BMP besides (issue 31).
  'image/gif': { preview: true },
  'image/bmp': { preview: true },
  // Browsers cannot show HEIC or TIFF: kept as a download.
  'image/heic': { preview: false },
  'image/tiff': { preview: false },
  'text/plain': { preview: false },
};
export const ALLOWED_TYPES = Object.keys(ALLOWED);

/** file-type reads at most this much to decide. */
const HEAD_BYTES = 4100;
/** PDF name objects that run JavaScript (/JS, /JavaScript) or that may start it at opening. */
const PDF_SCRIPT = /\/(JavaScript|JS)\b|\/(AA|OpenAction)\b[^]{0,64}\/(JavaScript|JS)\b/;
const PDF_OVERLAP = 128;

export const unsupported = (): DomainError =>
  new DomainError(
    'unsupported_media_type',
    'Filtypen stöds inte. Tillåtna bilagor är PDF, JPEG, PNG, GIF, TIFF, BMP, HEIC och vanlig text (UTF-8).',
  );

/**
 * Follows a file's bytes as they stream past: decides the type from the first bytes, checks that
 * text is valid UTF-8 without NULs all the way, and looks for JavaScript in a PDF. Holds only
 * the head and a small overlap, never the file.
 */
export class ContentInspector {
  private head: Buffer[] = [];
  private headLength = 0;
  private type: string | undefined;
  private decoder: TextDecoder | undefined;
  private pdfTail = '';
  private pdfScript = false;

  /** Bytes are held until the type is known; returns the chunks that may now go on. */
  async push(chunk: Buffer): Promise<Buffer[]> {
    if (this.type) {
      this.follow(chunk);
      return [chunk];
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < HEAD_BYTES) return [];
    return this.decide();
  }

  /** At the end of the file: the type and whether it may be previewed. Throws for refused content. */
  async finish(): Promise<{ rest: Buffer[]; contentType: string; previewable: boolean }> {
    const rest = this.type ? [] : await this.decide();
    if (this.decoder) {
      try {
        this.decoder.decode(); // a truncated multi-byte sequence at the end
      } catch {
        throw unsupported();
      }
    }
    const contentType = this.type!;
    return { rest, contentType, previewable: ALLOWED[contentType].preview && !this.pdfScript };
  }

  private async decide(): Promise<Buffer[]> {
    const head = Buffer.concat(this.head);
    this.head = [];
    if (!head.length) throw new DomainError('validation', 'Filen är tom.', [{ field: 'file', message: 'filen är tom' }]);
    const detected = await fileTypeFromBuffer(head);
    if (detected) {
      const mime = detected.mime === 'image/heif' ? 'image/heic' : detected.mime;
      if (!ALLOWED[mime]) throw unsupported();
      this.type = mime;
    } else {
      // No magic number: only plain text is accepted, and it must stay text to the end.
      this.type = 'text/plain';
      this.decoder = new TextDecoder('utf-8', { fatal: true });
    }
    this.follow(head);
    return [head];
  }

  private follow(chunk: Buffer): void {
    if (this.decoder) {
      if (chunk.includes(0)) throw unsupported();
      try {
        this.decoder.decode(chunk, { stream: true });
      } catch {
        throw unsupported();
      }
    } else if (this.type === 'application/pdf' && !this.pdfScript) {
      const text = this.pdfTail + chunk.toString('latin1');
      if (PDF_SCRIPT.test(text)) this.pdfScript = true;
      this.pdfTail = text.slice(-PDF_OVERLAP);
    }
  }
}
