import { formatIdentityNumber, maskIdentityNumber, normaliseIdentityNumber } from './identity-number';

describe('identity numbers', () => {
  it.each([
    ['199001012385', '199001012385'],
    ['19900101-2385', '199001012385'],
    ['900101-2385', '199001012385'],
    ['9001012385', '199001012385'],
    ['121212+1212', '191212121212'],
    ['19121212-1212', '191212121212'],
  ])('normalises personnummer %s to %s', (input, expected) => {
    expect(normaliseIdentityNumber(input, 'personnummer')).toBe(expected);
  });

  it.each(['199001012386', '19900230-2385', '19901301-2385', '1990-01-01-2385', ' ', '', 'abcdefghijkl', '19900101_2385'])(
    'refuses personnummer %p',
    (input) => {
      expect(normaliseIdentityNumber(input, 'personnummer')).toBeNull();
    },
  );

  it('tells samordningsnummer (day + 60) from personnummer', () => {
    expect(normaliseIdentityNumber('19000672-9800', 'samordningsnummer')).toBe('190006729800');
    expect(normaliseIdentityNumber('19000672-9800', 'personnummer')).toBeNull();
    expect(normaliseIdentityNumber('19000612-9803', 'samordningsnummer')).toBeNull();
    expect(normaliseIdentityNumber('19000692-9800', 'samordningsnummer')).toBeNull();
  });

  it('masks and formats', () => {
    expect(maskIdentityNumber('199001012385')).toBe('19900101-****');
    expect(formatIdentityNumber('personnummer', '199001012385')).toBe('19900101-2385');
    expect(formatIdentityNumber('reservnummer', 'R-1')).toBe('R-1');
  });
});
