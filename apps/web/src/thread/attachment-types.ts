/**
 * The file picker's filter: every type the server takes (libs/attachments content-inspector.ts
 * ALLOWED, which MedCom's CareCommunication needs too: GIF, TIFF, BMP), by extension and MIME type.
 * The server decides from the content; this only keeps the picker from hiding allowed files.
 */
export const ACCEPT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/bmp',
  'image/tiff',
  'image/heic',
  'image/heif',
  'text/plain',
] as const;
const EXTENSIONS = ['.pdf', '.jpg', '.jpeg', '.png', '.gif', '.bmp', '.tif', '.tiff', '.heic', '.heif', '.txt'];

export const ACCEPT = [...EXTENSIONS, ...ACCEPT_TYPES].join(',');
