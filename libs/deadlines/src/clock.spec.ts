import { deriveClock, liabilityStart, type ClockEvent, type ClockThread } from './clock';
import { BUILT_IN_RULES, validateRules, type DeadlineRules } from './rules';
import { localDate, startOfDay } from './stockholm-time';

const lag = validateRules(BUILT_IN_RULES.lag, 'lag');
const stockholm = validateRules(BUILT_IN_RULES.stockholm, 'stockholm');
const workingDays: DeadlineRules = { ...lag, region: 'vardagar', betalningsansvar: { ...lag.betalningsansvar, dagtyp: 'vardagar' } };

/** Swedish local time → instant; the offsets are written out by hand. */
const cet = (local: string) => new Date(`${local}+01:00`);
const cest = (local: string) => new Date(`${local}+02:00`);

let seq = 0;
function event(kind: string, sentAt: Date, payload: Record<string, unknown> = {}, correctsMessageId: string | null = null): ClockEvent {
  seq += 1;
  return { id: `m${seq}`, seq, kind, sentAt, payload, correctsMessageId };
}
const admitted = (at: Date) => event('inskrivningsmeddelande', at, { inskrivenAt: at.toISOString(), bedomtBehov: 'x' });
const ready = (at: Date, sentAt = at) => event('utskrivningsklar', sentAt, { utskrivningsklarAt: at.toISOString() });
const avbrott = (at: Date) => event('avbrott', at, { avbrottAt: at.toISOString(), orsak: 'Feber' });
const discharged = (at: Date) => event('utskrivningsmeddelande', at, { utskrivenAt: at.toISOString() });
const thread = (kinds = ['slutenvard', 'sof']): ClockThread => ({
  createdAt: cet('2026-11-20T08:00'),
  admittedAt: null,
  plannedDischargeDate: null,
  participantKinds: kinds,
});

describe('the clock in Europe/Stockholm', () => {
  it('finds the start of Swedish days across the daylight-saving changes', () => {
    expect(startOfDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z'); // the 23-hour day
    expect(startOfDay('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z'); // the 25-hour day
    expect(startOfDay('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(localDate(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25');
    expect(localDate(new Date('2026-10-24T21:30:00Z'))).toBe('2026-10-24');
  });
});

describe('payment liability', () => {
  it("follows the law's fallback: three calendar days after the notice's day", () => {
    const clock = deriveClock(thread(), [admitted(cet('2026-11-20T08:00')), ready(cet('2026-11-23T10:00'))], lag, cet('2026-11-29T12:00'));
    expect(clock.betalningsansvarFrom).toBe(cet('2026-11-27T00:00').toISOString());
    expect(clock.paymentDays).toBe(3); // 27, 28, 29
    expect(clock.cost).toBe(27_000);
    expect(clock.state).toBe('utskrivningsklar');
    expect(clock.overdue).toBe(true);
    expect(clock.nextDeadline).toMatchObject({ key: 'betalningsansvar', state: 'forsenad', hoursOverdue: 60 });
  });

  it("uses Stockholm's cut-off hour: before 12:00 the notice's day is day 0, from 12:00 the next day", () => {
    expect(liabilityStart(cet('2026-11-23T11:59'), stockholm)).toBe('2026-11-26');
    expect(liabilityStart(cet('2026-11-23T12:00'), stockholm)).toBe('2026-11-27');
  });

  it('counts working days past Easter and Midsummer when the rules say vardagar', () => {
    // Thu 17 Apr 2025; Långfredag, the weekend and Annandag påsk do not count: 22, 23, 24 → 25.
    expect(liabilityStart(cest('2025-04-17T09:00'), workingDays)).toBe('2025-04-25');
    // Thu 18 Jun 2026; Midsommarafton and the weekend do not count: 22, 23, 24 → 25.
    expect(liabilityStart(cest('2026-06-18T09:00'), workingDays)).toBe('2026-06-25');
  });

  it('counts days, not hours, across the daylight-saving changes', () => {
    const spring = deriveClock(
      thread(),
      [admitted(cet('2026-03-20T08:00')), ready(cet('2026-03-28T09:00'))],
      lag,
      cest('2026-04-01T10:00'),
    );
    expect(spring.betalningsansvarFrom).toBe('2026-03-31T22:00:00.000Z'); // 1 April 00:00 summer time
    expect(spring.paymentDays).toBe(1);
    const autumn = deriveClock(
      thread(),
      [admitted(cest('2026-10-15T08:00')), ready(cest('2026-10-20T10:00')), discharged(cet('2026-10-27T10:00'))],
      lag,
      cet('2026-11-01T10:00'),
    );
    expect(autumn.betalningsansvarFrom).toBe('2026-10-23T22:00:00.000Z');
    expect(autumn.paymentDays).toBe(3); // 24, 25 (25 hours long), 26; not the day of discharge
    expect(autumn.leadTimeHours).toBe(7 * 24 + 1); // the extra hour of 25 October is real time
  });

  it('pauses on avbrott and starts a new count on a new ready notice', () => {
    const events = [admitted(cet('2026-11-20T08:00')), ready(cet('2026-11-23T10:00')), avbrott(cet('2026-11-28T15:00'))];
    const paused = deriveClock(thread(), events, lag, cet('2026-11-29T12:00'));
    expect(paused.state).toBe('avbrott');
    expect(paused.pausedByAvbrott).toEqual({ since: cet('2026-11-28T15:00').toISOString(), orsak: 'Feber' });
    expect(paused.paymentDays).toBe(1); // 27 only: the day of the avbrott is not paid
    expect(paused.overdue).toBe(false);
    const resumed = deriveClock(thread(), [...events, ready(cet('2026-11-30T09:00'))], lag, cet('2026-12-05T12:00'));
    expect(resumed.betalningsansvarFrom).toBe(cet('2026-12-04T00:00').toISOString());
    expect(resumed.paymentDays).toBe(3); // 27 Nov, then 4 and 5 Dec
    expect(resumed.avbrottCount).toBe(1);
  });

  it('gives no liability without an admission notice before the ready notice, and says why', () => {
    const clock = deriveClock(thread(), [ready(cet('2026-11-23T10:00'))], lag, cet('2026-11-29T12:00'));
    expect(clock.paymentDays).toBe(0);
    expect(clock.betalningsansvarFrom).toBeNull();
    expect(clock.notes).toContain(
      'Inget betalningsansvar: inskrivningsmeddelandet skickades inte före underrättelsen om utskrivningsklar.',
    );
  });

  it('runs from when the notice was sent when it was sent after the time it states', () => {
    const clock = deriveClock(
      thread(),
      [admitted(cet('2026-11-20T08:00')), ready(cet('2026-11-20T10:00'), cet('2026-11-23T10:00'))],
      lag,
      cet('2026-11-23T12:00'),
    );
    expect(clock.utskrivningsklarSince).toBe(cet('2026-11-20T10:00').toISOString());
    expect(clock.betalningsansvarFrom).toBe(cet('2026-11-27T00:00').toISOString());
    expect(clock.notes[0]).toMatch(/betalningsansvaret räknas från när den skickades/);
  });
});

describe('events that do not fit', () => {
  it('keeps the clock defined when utskrivningsklar comes before inskriven', () => {
    const clock = deriveClock(thread(), [admitted(cet('2026-11-20T08:00')), ready(cet('2026-11-19T10:00'))], lag, cet('2026-11-21T12:00'));
    expect(clock.utskrivningsklarSince).toBe(cet('2026-11-20T08:00').toISOString());
    expect(clock.notes[0]).toMatch(/före inskrivningen/);
  });

  it('counts a repeated ready notice and a second withdrawal once, and says so', () => {
    const clock = deriveClock(
      thread(),
      [
        admitted(cet('2026-11-20T08:00')),
        ready(cet('2026-11-23T10:00')),
        ready(cet('2026-11-24T10:00')),
        avbrott(cet('2026-11-25T10:00')),
        avbrott(cet('2026-11-25T11:00')),
      ],
      lag,
      cet('2026-11-26T12:00'),
    );
    expect(clock.utskrivningsklarSince).toBe(cet('2026-11-23T10:00').toISOString());
    expect(clock.avbrottCount).toBe(1);
    expect(clock.notes).toEqual([
      expect.stringMatching(/^Upprepad underrättelse om utskrivningsklar/),
      expect.stringMatching(/^Avbrott \(nr \d+\) utan pågående utskrivningsklar/),
    ]);
  });

  it('takes a correction in place of the message it corrects', () => {
    const original = ready(cet('2026-11-23T10:00'));
    const correction = event(
      'utskrivningsklar',
      cet('2026-11-23T11:00'),
      { utskrivningsklarAt: cet('2026-11-24T10:00').toISOString() },
      original.id,
    );
    const clock = deriveClock(thread(), [admitted(cet('2026-11-20T08:00')), original, correction], lag, cet('2026-11-25T12:00'));
    expect(clock.utskrivningsklarSince).toBe(cet('2026-11-24T10:00').toISOString());
    expect(clock.notes).toEqual([]);
  });

  it('events arriving out of order are taken in the order they were sent', () => {
    const a = admitted(cet('2026-11-20T08:00'));
    const r = ready(cet('2026-11-23T10:00'));
    const d = discharged(cet('2026-11-23T16:00'));
    const clock = deriveClock(thread(), [d, r, a], lag, cet('2026-11-24T12:00'));
    expect(clock).toMatchObject({ state: 'utskriven', dischargedSameDay: true, leadTimeHours: 6, paymentDays: 0, nextDeadline: null });
  });
});

describe('deadlines', () => {
  it('the admission notice is due 24 hours after admission', () => {
    const t = { ...thread(), admittedAt: cet('2026-11-20T08:00') };
    expect(deriveClock(t, [], lag, cet('2026-11-21T09:30')).nextDeadline).toMatchObject({
      key: 'inskrivningsmeddelande',
      state: 'forsenad',
      hoursOverdue: 1,
    });
    const sent = deriveClock(
      t,
      [event('inskrivningsmeddelande', cet('2026-11-20T09:00'), { inskrivenAt: cet('2026-11-20T08:00').toISOString() })],
      lag,
      cet('2026-11-21T09:30'),
    );
    expect(sent.deadlines[0]).toMatchObject({ state: 'uppfylld' });
  });

  it('the SIP summons is due by the end of the third day when primary care and the municipality take part', () => {
    const events = [admitted(cet('2026-11-20T08:00')), ready(cet('2026-11-23T10:00'))];
    expect(deriveClock(thread(), events, lag, cet('2026-11-24T12:00')).deadlines.map((d) => d.key)).not.toContain('sip_kallelse');
    const both = thread(['slutenvard', 'sof', 'primarvard']);
    const due = deriveClock(both, events, lag, cet('2026-11-24T12:00')).deadlines.find((d) => d.key === 'sip_kallelse');
    expect(due).toMatchObject({ dueAt: cet('2026-11-27T00:00').toISOString(), state: 'kommande' });
    const met = deriveClock(both, [...events, event('sip_kallelse', cet('2026-11-25T09:00'))], lag, cet('2026-11-28T12:00'));
    expect(met.deadlines.find((d) => d.key === 'sip_kallelse')).toMatchObject({ state: 'uppfylld' });
  });

  it('flags a discharge on a weekend or holiday', () => {
    const t = { ...thread(), plannedDischargeDate: '2026-12-26' };
    expect(deriveClock(t, [], lag, cet('2026-11-24T12:00')).dischargeDay).toEqual({ date: '2026-12-26', nonWorking: 'Annandag jul' });
  });
});
