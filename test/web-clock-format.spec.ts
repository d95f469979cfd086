import { deadlineText, formatHours } from '../apps/web/src/clock/clock-format';
import type { Deadline } from '../apps/web/src/clock/clock-format';

const payment = (state: Deadline['state'], hoursOverdue: number | null = null): Deadline => ({
  key: 'betalningsansvar',
  label: 'Betalningsansvar',
  state,
  hoursOverdue,
  dueAt: '2026-12-06T23:00:00.000Z',
  metAt: null,
});

/** The clock's words, in the thread and in the inbox's narrow column (one function, two lengths). */
describe('deadline wording', () => {
  it('says how far past a deadline is, shorter for the inbox', () => {
    expect([formatHours(7), formatHours(53), formatHours(48)]).toEqual(['7 tim', '2 dygn 5 tim', '2 dygn']);
    expect([formatHours(7, true), formatHours(53, true), formatHours(48, true)]).toEqual(['7 tim', '2 d 5 tim', '2 d']);
  });

  it('reads right in every state, also during an avbrott', () => {
    expect(deadlineText(payment('forsenad', 29))).toBe('Betalningsansvar har inträtt (1 dygn 5 tim sedan)');
    expect(deadlineText(payment('forsenad', 29), 'utskrivningsklar', true)).toBe('Betalningsansvar har inträtt 1 d 5 tim');
    expect(deadlineText(payment('kommande'))).toBe('Betalningsansvar inträder');
    expect(deadlineText(payment('uppfylld'), 'avbrott')).toBe('Betalningsansvar: har inte inträtt (pausat av avbrott)');
    expect(deadlineText(payment('uppfylld_sent'), 'avbrott')).toBe('Betalningsansvar: pausat av avbrott');
    expect(deadlineText(payment('uppfylld'), 'avbrott', true)).toBe('Betalningsansvar pausat av avbrott');
    const sip: Deadline = { ...payment('forsenad', 30), key: 'sip_kallelse', label: 'Kallelse till SIP' };
    expect([deadlineText(sip), deadlineText(sip, undefined, true)]).toEqual([
      'Kallelse till SIP försenad 1 dygn 6 tim',
      'Kallelse till SIP försenad 1 d 6 tim',
    ]);
    expect(deadlineText({ ...sip, state: 'uppfylld_sent' })).toBe('Kallelse till SIP: för sent');
  });
});
