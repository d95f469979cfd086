/** Small real files of each kind, for upload tests. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function pdf(extra = ''): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R ${extra} >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

/** A PDF that runs JavaScript when opened. */
export const PDF_WITH_JS = pdf('/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>');

/** The start of a Windows executable (MZ … PE). */
export function exe(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

/** A zip archive's local header: zip is not an allowed type, whatever it holds. */
export function zip(): Buffer {
  const b = Buffer.alloc(128);
  b.write('PK\u0003\u0004', 0, 'latin1');
  b.write('bomb.txt', 30, 'latin1');
  b.writeUInt16LE(8, 26);
  return b;
}
