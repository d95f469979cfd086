import { DomainError } from './errors';
import { cleanText, normaliseText, unsafeTextReason } from './safe-text';

describe('the text sanitizer', () => {
  it.each([
    ['U+202E right-to-left override', 'Ordination: \u202Egm 005'],
    ['U+2066 left-to-right isolate', 'a\u2066b'],
    ['U+200F right-to-left mark', 'Anna\u200FSvensson'],
    ['U+200E left-to-right mark', 'Anna\u200E'],
    ['U+061C Arabic letter mark', 'Ali\u061C'],
  ])('refuses the bidi control %s, in one-line and free text', (_name, text) => {
    expect(unsafeTextReason(text, false)).toMatch(/bidi/);
    expect(unsafeTextReason(text, true)).toMatch(/bidi/);
    expect(() => cleanText(text, 'patient.givenName')).toThrow(DomainError);
  });

  it.each([
    ['U+200B zero-width space', 'An\u200Bna'],
    ['U+200C zero-width non-joiner', 'An\u200Cna'],
    ['U+200D zero-width joiner', 'An\u200Dna'],
    ['U+2060 word joiner', 'An\u2060na'],
    ['U+FEFF byte order mark', '\uFEFFAnna'],
    ['U+00AD soft hyphen', 'An\u00ADna'],
    ['U+E0041 tag letter', 'Anna\u{E0041}'],
  ])('strips the invisible %s', (_name, text) => {
    expect(normaliseText(text, false)).toBe('Anna');
    expect(cleanText(text, 'x')).toBe('Anna');
  });

  it('keeps newlines and tabs in free text only, and letters of every script', () => {
    expect(cleanText('rad 1\r\nrad\t2', 'body', true)).toBe('rad 1\nrad\t2');
    expect(() => cleanText('rad 1\nrad 2', 'name')).toThrow(/radbrytningar/);
    expect(cleanText('Åsa Öberg-Ünal محمد 李', 'name')).toBe('Åsa Öberg-Ünal محمد 李');
  });

  it('names the field in a Swedish 400', () => {
    try {
      cleanText('x\u202Ey', 'Patient.name.family');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toMatchObject({ code: 'validation', fields: [{ field: 'Patient.name.family' }] });
      expect((error as Error).message).toMatch(/^Ogiltigt värde i Patient.name.family: innehåller tecken som vänder textens riktning/);
    }
  });
});
