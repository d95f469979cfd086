import { request as httpRequest } from 'node:http';
import { CSRF_HEADER } from '@brygga/auth';
import type { TestApi, TestSession, TestUser } from './harness';

export interface UploadFile {
  name: string;
  data: Buffer | string;
  /** What the browser claims; Brygga decides from the content. */
  type?: string;
}

/** POST /api/threads/:id/attachments as a browser's form does it (multipart/form-data, field "file"). */
export async function upload(
  api: TestApi,
  user: TestUser | TestSession,
  threadId: string,
  files: UploadFile[],
): Promise<{ status: number; body: any }> {
  const session = 'jar' in user ? user : await api.sessionOf(user);
  const form = new FormData();
  for (const f of files)
    form.append(
      'file',
      new Blob([typeof f.data === 'string' ? Buffer.from(f.data) : f.data], { type: f.type ?? 'application/octet-stream' }),
      f.name,
    );
  const res = await session.jar.fetch(`${api.baseUrl}/api/threads/${threadId}/attachments`, {
    method: 'POST',
    headers: { [CSRF_HEADER]: session.csrfToken, accept: 'application/json' },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The file as bytes, with the answer's headers. */
export async function download(
  api: TestApi,
  user: TestUser,
  threadId: string,
  attachmentId: string,
): Promise<{ status: number; data: Buffer; headers: Headers }> {
  const session = await api.sessionOf(user);
  const res = await session.jar.fetch(`${api.baseUrl}/api/threads/${threadId}/attachments/${attachmentId}`);
  return { status: res.status, data: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/**
 * Sends the start of a multipart upload that promises `declaredBytes`, then cuts the connection
 * after `sentBytes` of the file: a client that goes away mid-upload.
 */
export async function interruptedUpload(api: TestApi, user: TestUser, threadId: string, sentBytes: number): Promise<void> {
  const session = await api.sessionOf(user);
  const url = new URL(`${api.baseUrl}/api/threads/${threadId}/attachments`);
  const boundary = 'bryggaboundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stor.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
  );
  await new Promise<void>((resolve) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + 10 * 1024 * 1024),
        cookie: session.jar.header(url),
        [CSRF_HEADER]: session.csrfToken,
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(head);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    const more = () => {
      while (sent < sentBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', more);
      }
      // Give the server the bytes, then cut the connection.
      setTimeout(() => req.destroy(), 300);
    };
    more();
  });
}
