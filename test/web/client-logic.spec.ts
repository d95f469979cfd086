import { checkIdentityNumber } from '../../apps/web/src/new-thread/identity-number';
import { buildPayload, COMPOSABLE } from '../../apps/web/src/thread/kinds';

const kind = (name: string) => COMPOSABLE.find((k) => k.kind === name)!;

describe('personnummer as typed in Nytt ärende', () => {
  const today = new Date('2026-11-23T12:00:00Z');
  it.each([
    ['19000612-9803', '190006129803'],
    ['190006129803', '190006129803'],
    ['000612-9803', '200006129803'],
    ['000612+9803', '190006129803'],
  ])('accepts %s', (input, normalised) => {
    expect(checkIdentityNumber(input, today)).toMatchObject({ state: 'valid', kind: 'personnummer', normalised });
  });
  it('recognises a samordningsnummer (day + 60)', () => {
    expect(checkIdentityNumber('19701063-2391', today)).toMatchObject({ state: 'valid', kind: 'samordningsnummer' });
  });
  it.each([
    ['19000612-9804', 'Kontrollsiffran'],
    ['19001312-9803', 'Datumdelen'],
    ['20300612-9803', 'framtiden'],
    ['1900061-29803x', 'siffror'],
    ['1900061298031', '10 eller 12'],
  ])('explains why %s is wrong', (input, message) => {
    const check = checkIdentityNumber(input, today);
    expect(check.state).toBe('invalid');
    expect(check.state === 'invalid' && check.message).toContain(message);
  });
  it('waits for more digits before complaining', () => {
    expect(checkIdentityNumber('1900', today).state).toBe('incomplete');
    expect(checkIdentityNumber('', today).state).toBe('empty');
  });
});

describe('structured message forms', () => {
  it('builds the payload in the server shape', () => {
    const built = buildPayload(kind('hemgangsbeslut'), {
      beviljadeTimmar: '12,5',
      per: 'vecka',
      giltigtFran: '2026-11-24',
      giltigtTill: '',
      insatser: 'Dusch\n\n Inköp ',
      body: ' ok ',
    });
    expect(built).toEqual({ errors: {}, body: 'ok', payload: { beviljadeTimmar: 12.5, per: 'vecka', giltigtFran: '2026-11-24', insatser: ['Dusch', 'Inköp'] } });
  });
  it('names each missing or wrong field in Swedish', () => {
    const built = buildPayload(kind('hemgangsbeslut'), { beviljadeTimmar: '800', per: '', giltigtFran: '2026-02-30', giltigtTill: '', insatser: '' });
    expect(built.errors).toEqual({
      beviljadeTimmar: 'Ange ett tal mellan 0 och 744.',
      per: 'Välj ett alternativ.',
      giltigtFran: 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).',
    });
    expect(buildPayload(kind('fritext'), { body: '  ' }).errors).toEqual({ body: 'Skriv ett meddelande.' });
  });
  it('sends a datetime as a moment with a zone', () => {
    const built = buildPayload(kind('utskrivningsklar'), { utskrivningsklarAt: '2026-11-24T10:00', body: '' });
    expect(built.payload?.utskrivningsklarAt).toMatch(/^2026-11-24T\d{2}:00:00\.000Z$/);
    expect(buildPayload(kind('utskrivningsklar'), { utskrivningsklarAt: '24/11', body: '' }).errors.utskrivningsklarAt).toContain('datum och klockslag');
  });
});
