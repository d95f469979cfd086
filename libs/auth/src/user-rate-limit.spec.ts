import { UserRequestCounter } from './user-rate-limit.guard';

describe('UserRequestCounter', () => {
  let now = 1_000_000;
  const counter = () => new UserRequestCounter(3, 60_000, () => now);

  it('lets a user make `limit` requests in a window, refuses the next with the seconds to wait, and counts each user apart', () => {
    const c = counter();
    expect([c.hit('a'), c.hit('a'), c.hit('a')]).toEqual([0, 0, 0]);
    expect(c.hit('a')).toBe(60);
    expect(c.hit('b')).toBe(0);
    now += 20_500;
    // Still blocked: 60 s from the refused request, rounded up.
    expect(c.hit('a')).toBe(40);
  });

  it('starts a new window after the old one ended, and after a block ended', () => {
    const c = counter();
    c.hit('a');
    now += 59_999;
    expect([c.hit('a'), c.hit('a')]).toEqual([0, 0]);
    expect(c.hit('a')).toBe(60);
    now += 60_000;
    expect([c.hit('a'), c.hit('a'), c.hit('a')]).toEqual([0, 0, 0]);
    expect(c.hit('a')).toBe(60);
  });

  it('counts the previous window in proportion to the sliding minute still in it: no second burst right after a window ends', () => {
    const d = counter();
    expect([d.hit('a'), d.hit('a'), d.hit('a')]).toEqual([0, 0, 0]);
    // A fixed window would allow three more here: six requests within a moment.
    now += 60_000;
    expect(d.hit('a')).toBe(60);
    // Half a minute into the next window, half of the previous window's three still count (one, rounded down).
    const e = counter();
    expect([e.hit('a'), e.hit('a'), e.hit('a')]).toEqual([0, 0, 0]);
    now += 90_000;
    expect([e.hit('a'), e.hit('a')]).toEqual([0, 0]);
    expect(e.hit('a')).toBe(60);
    // A window after a gap of a whole window starts from nothing.
    const f = counter();
    expect([f.hit('a'), f.hit('a'), f.hit('a')]).toEqual([0, 0, 0]);
    now += 120_000;
    expect([f.hit('a'), f.hit('a'), f.hit('a')]).toEqual([0, 0, 0]);
  });

  it('forgets users whose window and block ended, now and then', () => {
    const c = counter();
    for (let i = 0; i < 100; i++) c.hit(`user-${i}`);
    now += 120_000;
    // The sweep runs every 10,000 counted requests.
    for (let i = 0; i < 9_900; i++) c.hit('busy');
    expect(c.size).toBe(1);
  });
});
