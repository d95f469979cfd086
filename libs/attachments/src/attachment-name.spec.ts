import { contentDisposition, normaliseName } from './attachment-name';

describe('attachment names', () => {
  it('keeps the last path segment only, without control or bidi characters', () => {
    expect(normaliseName('C:\\fakepath\\lista.pdf')).toBe('lista.pdf');
    expect(normaliseName('../../etc/passwd')).toBe('passwd');
    expect(normaliseName('sår\u0000\u0007\u009b.jpg')).toBe('sår.jpg');
    expect(normaliseName('\u202Egpj.exe')).toBe('gpj.exe');
    expect(normaliseName('  \u2066..hidden.txt\u2069 ')).toBe('hidden.txt');
    expect(normaliseName('')).toBe('bilaga');
    expect(normaliseName(undefined)).toBe('bilaga');
    // NFD (as macOS sends it) becomes NFC.
    expect(normaliseName('La\u0308kemedel.pdf')).toBe('Läkemedel.pdf');
  });

  it('refuses names over 255 characters with a Swedish message', () => {
    expect(normaliseName('a'.repeat(251) + '.pdf')).toHaveLength(255);
    expect(() => normaliseName('a'.repeat(10_000))).toThrow('Ogiltigt värde i file: filnamnet är för långt (högst 255 tecken)');
  });

  it('writes Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('Läkemedelslista "ny".pdf')).toBe(
      `attachment; filename="Lakemedelslista _ny_.pdf"; filename*=UTF-8''L%C3%A4kemedelslista%20%22ny%22.pdf`,
    );
  });
});
