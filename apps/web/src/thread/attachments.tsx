import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { client, unwrap } from '../api/client';
import { messageOf } from '../api/errors';
import type { Attachment } from '../api/model';
import { ACCEPT } from './attachment-types';

const STATE_TEXT: Record<Attachment['state'], string | null> = {
  clean: null,
  not_scanned: 'ej viruskontrollerad',
  scan_pending: 'väntar på viruskontroll',
  infected: 'innehåller skadlig kod – kan inte öppnas',
};

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

/** A file's bytes as a Blob, with the same error handling as JSON answers. */
const download = async (threadId: string, attachmentId: string): Promise<Blob> =>
  (await unwrap(
    client.GET('/api/threads/{id}/attachments/{attachmentId}', { params: { path: { id: threadId, attachmentId } }, parseAs: 'blob' }),
  )) as Blob;

interface PickerProps {
  threadId: string;
  attached: Attachment[];
  onChange: (attached: Attachment[]) => void;
}

/**
 * Files for the message being written: chosen, photographed with the phone's camera, or dropped.
 * Each file is uploaded at once; the message names them when it is sent. The server decides the
 * type from the content and may refuse a file (type, size, malware).
 */
export function AttachmentPicker({ threadId, attached, onChange }: PickerProps) {
  const [failure, setFailure] = useState<string | undefined>();
  const [dragging, setDragging] = useState(false);
  const files = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    // multipart/form-data: the browser sets the type with its boundary (openapi-fetch passes FormData through).
    mutationFn: (form: FormData) =>
      unwrap(
        client.POST('/api/threads/{id}/attachments', { params: { path: { id: threadId } }, body: form as unknown as { file?: string[] } }),
      ),
    onSuccess: (res) => onChange([...attached, ...res.attachments]),
    onError: (e) => setFailure(messageOf(e, 'Filen kunde inte laddas upp. Försök igen.')),
    onSettled: () => {
      if (files.current) files.current.value = '';
      if (camera.current) camera.current.value = '';
    },
  });
  const uploading = upload.isPending;

  const send = (list: FileList | File[] | null) => {
    const chosen = [...(list ?? [])];
    if (!chosen.length) return;
    const form = new FormData();
    for (const file of chosen) form.append('file', file, file.name);
    setFailure(undefined);
    upload.mutate(form);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    send(event.dataTransfer.files);
  };
  const unscanned = attached.some((a) => a.state === 'not_scanned');

  return (
    <div
      className={`attachment-picker${dragging ? ' attachment-drop' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <label className="attachment-button">
        Bifoga fil
        <input
          ref={files}
          type="file"
          multiple
          accept={ACCEPT}
          onChange={(e) => send(e.target.files)}
          disabled={uploading}
          className="visually-hidden"
        />
      </label>
      <label className="attachment-button">
        Ta foto
        <input
          ref={camera}
          type="file"
          accept="image/*"
          capture="environment"
          onChange={(e) => send(e.target.files)}
          disabled={uploading}
          className="visually-hidden"
        />
      </label>
      <span className="muted small">eller dra filer hit. PDF, JPEG, PNG, HEIC eller text.</span>
      {uploading && (
        <p role="status" className="small">
          Laddar upp …
        </p>
      )}
      {failure && (
        <p role="alert" className="field-error">
          <span aria-hidden="true">⚠ </span>
          {failure}
        </p>
      )}
      {attached.length > 0 && (
        <ul className="attachment-list" aria-label="Bifogade filer">
          {attached.map((a) => (
            <li key={a.id}>
              {a.name}{' '}
              <span className="muted small">
                ({formatSize(a.size)}
                {STATE_TEXT[a.state] ? `, ${STATE_TEXT[a.state]}` : ''})
              </span>{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => onChange(attached.filter((x) => x.id !== a.id))}
                aria-label={`Ta bort ${a.name}`}
              >
                Ta bort
              </button>
            </li>
          ))}
        </ul>
      )}
      {unscanned && <p className="hint small">Filer virusgenomsöks inte i den här installationen av Brygga.</p>}
    </div>
  );
}

/** A message's files: open (preview) images and script-free PDFs, download any file that is ready. */
export function MessageAttachments({ threadId, attachments }: { threadId: string; attachments: Attachment[] }) {
  const [preview, setPreview] = useState<{ attachment: Attachment; url: string } | null>(null);
  const [failure, setFailure] = useState<string | undefined>();

  // Blob URLs hold the file in memory: release them when the preview closes.
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );

  const fetchFile = async (a: Attachment): Promise<string | undefined> => {
    setFailure(undefined);
    try {
      const blob = await download(threadId, a.id);
      // The type Brygga decided from the content, never one the file claims.
      return URL.createObjectURL(new Blob([blob], { type: a.contentType }));
    } catch (e) {
      setFailure(messageOf(e, 'Filen kunde inte hämtas.'));
      return undefined;
    }
  };
  const open = async (a: Attachment) => {
    const url = await fetchFile(a);
    if (url) setPreview({ attachment: a, url });
  };
  const save = async (a: Attachment) => {
    const url = await fetchFile(a);
    if (!url) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = a.name;
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="msg-attachments">
      <ul className="attachment-list" aria-label="Bilagor">
        {attachments.map((a) => {
          const ready = a.state === 'clean' || a.state === 'not_scanned';
          return (
            <li key={a.id}>
              {a.name}{' '}
              <span className="muted small">
                ({formatSize(a.size)}
                {STATE_TEXT[a.state] ? `, ${STATE_TEXT[a.state]}` : ''})
              </span>{' '}
              {ready && a.previewable && (
                <button type="button" className="link-button" onClick={() => void open(a)} aria-label={`Öppna ${a.name}`}>
                  Öppna
                </button>
              )}{' '}
              {ready && (
                <button type="button" className="link-button" onClick={() => void save(a)} aria-label={`Ladda ner ${a.name}`}>
                  Ladda ner
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {failure && (
        <p role="alert" className="field-error">
          {failure}
        </p>
      )}
      {preview && (
        <figure className="attachment-preview" aria-label={`Förhandsvisning av ${preview.attachment.name}`}>
          {preview.attachment.contentType.startsWith('image/') ? (
            <img src={preview.url} alt={preview.attachment.name} />
          ) : (
            // A sandbox without permissions: nothing in the file may run.
            <iframe src={preview.url} sandbox="" title={preview.attachment.name} />
          )}
          <figcaption>
            {preview.attachment.name}{' '}
            <button type="button" className="link-button" onClick={() => setPreview(null)}>
              Stäng
            </button>
          </figcaption>
        </figure>
      )}
    </div>
  );
}
