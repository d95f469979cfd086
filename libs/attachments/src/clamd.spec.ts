import { parseReply } from './clamd';

describe('clamd replies', () => {
  it('reads OK, FOUND and anything else as not scanned', () => {
    expect(parseReply('stream: OK\0')).toEqual({ outcome: 'clean' });
    expect(parseReply('stream: Eicar-Test-Signature FOUND\0')).toEqual({ outcome: 'infected', signature: 'Eicar-Test-Signature' });
    expect(parseReply('INSTREAM size limit exceeded. ERROR\0')).toEqual({
      outcome: 'unavailable',
      reason: 'INSTREAM size limit exceeded. ERROR',
    });
    expect(parseReply('', 'ECONNRESET')).toEqual({ outcome: 'unavailable', reason: 'ECONNRESET' });
  });
});
