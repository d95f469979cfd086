import { InvalidatedCache } from '@brygga/database';
import type { Notice } from './notice';
import { ReachableUnits, type Reachable } from './reachable';

const everything = { message: true, deadline: true, hemgangsklar: true };
const notice = (unitIds: string[], exceptUserId: string | null = null): Notice => ({
  kind: 'message',
  threadId: 't',
  unitIds,
  exceptUserId,
});

function setup(people: Record<string, Reachable[]>, live = true) {
  const reads: string[][] = [];
  let isLive = live;
  const cache = new InvalidatedCache<never>(60_000, 100, () => isLive);
  const units = new ReachableUnits(cache as never, (unitIds) => {
    reads.push(unitIds);
    return Promise.resolve(new Map(unitIds.filter((u) => people[u]).map((u) => [u, people[u]])));
  });
  return { units, reads, cache, setLive: (on: boolean) => (isLive = on) };
}

describe('ReachableUnits', () => {
  it('reads a unit once, then answers from memory', async () => {
    const { units, reads } = setup({});
    expect(await units.anyone(notice(['a', 'b']))).toBe(false);
    expect(await units.anyone(notice(['a', 'b']))).toBe(false);
    expect(await units.anyone(notice(['b', 'c']))).toBe(false);
    expect(reads).toEqual([['a', 'b'], ['c']]);
  });

  it('says someone when a unit holds a person who wants this kind, other than the author', async () => {
    const { units } = setup({
      a: [{ userId: 'u1', kinds: { ...everything, message: false } }],
      b: [{ userId: 'author', kinds: everything }],
      c: [{ userId: 'u3', kinds: everything }],
    });
    expect(await units.anyone(notice(['a']))).toBe(false);
    expect(await units.anyone({ ...notice(['a']), kind: 'deadline' })).toBe(true);
    expect(await units.anyone(notice(['b'], 'author'))).toBe(false);
    expect(await units.anyone(notice(['a', 'b', 'c'], 'author'))).toBe(true);
  });

  it('reads again after any user’s invalidation, and keeps no read that an invalidation overtook', async () => {
    const people: Record<string, Reachable[]> = {};
    const { units, reads, cache } = setup(people);
    await units.anyone(notice(['a']));
    cache.invalidate('someone-else');
    people.a = [{ userId: 'u1', kinds: everything }];
    expect(await units.anyone(notice(['a']))).toBe(true);
    expect(reads).toHaveLength(2);

    // An invalidation while the read runs: its answer is used once, not kept.
    const slow = new ReachableUnits(cache as never, (unitIds) => {
      reads.push(unitIds);
      cache.invalidate('u9');
      return Promise.resolve(new Map());
    });
    await slow.anyone(notice(['z']));
    await slow.anyone(notice(['z']));
    expect(reads.slice(2)).toEqual([['z'], ['z']]);
  });

  it('asks the notifier’s own statement while the invalidation channel is down', async () => {
    const { units, reads } = setup({}, false);
    expect(await units.anyone(notice(['a']))).toBe(true);
    expect(reads).toEqual([]);
  });
});
