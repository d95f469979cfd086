import { BUILT_IN_RULES, validateRules, type Deadline, type ThreadClock } from '@brygga/deadlines';
import { deadlineWarnings } from './warnings';

const rules = validateRules(BUILT_IN_RULES.gotland, 'gotland');
const now = new Date('2026-11-23T12:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
const deadline = (key: Deadline['key'], dueAt: string, state: Deadline['state']): Deadline => ({
  key,
  label: key,
  dueAt,
  state,
  metAt: null,
  hoursOverdue: null,
});
const clock = (deadlines: Deadline[], state: ThreadClock['state'] = 'utskrivningsklar') => ({ state, deadlines }) as ThreadClock;

describe('which deadlines warn', () => {
  it('warns within the window before, and once past', () => {
    const found = deadlineWarnings(
      clock([deadline('sip_kallelse', hours(20), 'kommande'), deadline('betalningsansvar', hours(-5), 'forsenad')]),
      rules,
      now,
    );
    expect(found.map((w) => [w.kind, w.level])).toEqual([
      ['sip_kallelse', 'nara'],
      ['betalningsansvar', 'passerad'],
    ]);
    expect(found[1].key).toBe(`betalningsansvar:${hours(-5)}:passerad`);
  });

  it('gives the admission notice a shorter window, and says nothing far ahead', () => {
    expect(deadlineWarnings(clock([deadline('inskrivningsmeddelande', hours(5), 'kommande')], 'ej_utskrivningsklar'), rules, now)).toEqual(
      [],
    );
    expect(
      deadlineWarnings(clock([deadline('inskrivningsmeddelande', hours(3), 'kommande')], 'ej_utskrivningsklar'), rules, now),
    ).toHaveLength(1);
    expect(deadlineWarnings(clock([deadline('sip_kallelse', hours(30), 'kommande')]), rules, now)).toEqual([]);
  });

  it('is silent on liability paused by avbrott, on discharged threads and on deadlines long past', () => {
    expect(deadlineWarnings(clock([deadline('betalningsansvar', hours(-5), 'forsenad')], 'avbrott'), rules, now)).toEqual([]);
    expect(deadlineWarnings(clock([deadline('betalningsansvar', hours(-5), 'forsenad')], 'utskriven'), rules, now)).toEqual([]);
    expect(deadlineWarnings(clock([deadline('inskrivningsmeddelande', hours(-15 * 24), 'forsenad')]), rules, now)).toEqual([]);
  });
});
