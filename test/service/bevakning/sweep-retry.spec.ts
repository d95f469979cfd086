import { AuditService } from '@brygga/audit';
import { BevakningJob, BevakningModule } from '@brygga/bevakning';
import { ThreadsModule } from '@brygga/threads';
import { TEST_PERSONNUMMER } from '../../support/bodies';
import { pastThread } from '../support/past-thread';
import { ServiceWorld } from '../support/service-world';

/**
 * The sweep runs in inTransaction: an attempt that loses a deadlock is rolled back and run again.
 * Its warnings are then created once, and published once, after the commit: the events the
 * rolled-back attempt gathered go with it.
 */
describe('bevakning sweep run again after a deadlock', () => {
  let world: ServiceWorld;

  beforeAll(async () => {
    world = await ServiceWorld.start([ThreadsModule, BevakningModule]);
  });
  afterAll(() => world?.close());

  it('publishes each warning once, though the first attempt gathered them too', async () => {
    const ward = await world.unit('slutenvard');
    const sof = await world.unit('sof');
    const coordinator = await world.actor(ward, 'koordinator');
    const hours = (h: number) => new Date(Date.now() - h * 3_600_000);
    // Admitted and ready hours ago; SOF has read neither notice (and liability may have begun).
    const threadId = await pastThread(
      world,
      { actor: coordinator, unitId: ward },
      { personnummer: TEST_PERSONNUMMER[0], participantUnitIds: [sof] },
      [
        ['inskrivningsmeddelande', hours(30)],
        ['utskrivningsklar', hours(26)],
      ],
    );
    const audit = world.get(AuditService);
    const record = audit.record.bind(audit);
    let attempts = 0;
    // The sweep's last statement, after every warning is gathered: the first attempt loses a deadlock there.
    const spy = jest.spyOn(audit, 'record').mockImplementation(async (manager, rows) => {
      if (rows.some((r) => r.action === 'bevakning.create') && ++attempts === 1)
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return record(manager, rows);
    });
    const before = world.events.length;
    try {
      const result = await world.get(BevakningJob).sweep();
      expect(attempts).toBe(2);
      expect(result.created).toBeGreaterThan(0);
      const published = world.events.slice(before).filter((e) => e.type === 'deadline.warning');
      expect(published).toHaveLength(result.created);
      expect(new Set(published.map((e) => e.data.warningId)).size).toBe(result.created);
      const [{ n }]: { n: number }[] = await world.dataSource.query(
        'SELECT count(*)::int AS n FROM deadline_warning WHERE thread_id = $1',
        [threadId],
      );
      expect(n).toBe(result.created);
    } finally {
      spy.mockRestore();
    }
  });
});
