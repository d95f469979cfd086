import { PushReceiver, type TestDevice } from './support/push-receiver';
import { TestApi, newThreadBody, type TestUser } from './support/harness';

/**
 * The notifier's cache of units with nobody to tell (libs/notifications/src/reachable.ts): each
 * change that can make someone reachable reaches it through `brygga_cache` whoever wrote it (here:
 * SQL beside the api, as another node or an operator would), and a person who lost their role is
 * never told from it. A unit's entry otherwise lives 60 s: each test's changes are heard within a
 * few seconds or not at all, so a delivery here proves the invalidation, not the entry's age.
 */
describe('notifications: the cache of units with nobody to tell', () => {
  let api: TestApi;
  let push: PushReceiver;
  let ward: string;
  let coordinator: TestUser;
  /** A unit whose member has a device, and a thread to it: its push shows the notifier got this far. */
  let markerThread: string;
  let marker: TestDevice;

  beforeAll(async () => {
    push = await PushReceiver.start();
    api = await TestApi.start({ PUSH_ENDPOINT_HOSTS: '127.0.0.1', PUSH_CA_FILE: push.caFile });
    ward = await api.unit('slutenvard');
    coordinator = await api.user(ward, 'koordinator');
    const markerUnit = await api.unit('hemtjanst');
    markerThread = await thread(markerUnit);
    marker = push.device();
    await subscribe(await api.user(markerUnit, 'utforare'), marker);
  });

  afterAll(async () => {
    await api?.close();
    await push?.close();
  });

  async function thread(unitId: string): Promise<string> {
    const opened = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([unitId]));
    expect(opened.status).toBe(201);
    return opened.body.id as string;
  }
  async function post(threadId: string, body = 'Hej'): Promise<void> {
    const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body,
      idempotencyKey: `${Date.now()}-${Math.random()}`,
    });
    expect(res.status).toBe(201);
  }
  async function subscribe(user: TestUser, device: TestDevice): Promise<void> {
    const res = await api.request(user, 'POST', '/api/push/subscriptions', { endpoint: device.endpoint, keys: device.keys });
    expect(res.status).toBe(201);
  }
  /** A device added beside the api (SQL): only the trigger's NOTIFY tells the api of it. */
  async function subscribeBeside(user: TestUser, device: TestDevice): Promise<void> {
    await api.dataSource.query('INSERT INTO push_subscription (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)', [
      user.id,
      device.endpoint,
      device.keys.p256dh,
      device.keys.auth,
    ]);
  }
  /**
   * Posts to the thread and then to the marker's: once the marker's push is in, the notifier has
   * handled the first post (one event at a time, each event's pushes done before the next).
   */
  async function postAndSettle(threadId: string): Promise<void> {
    const before = marker.deliveries.length;
    await post(threadId);
    await post(markerThread);
    await push.until(() => marker.deliveries.length > before, 'the marker’s push');
  }
  /**
   * Posts until the device has `count` pushes: the NOTIFY of a change made beside the api reaches
   * it a moment after the commit, and a post may overtake it. Far within the entry's 60 s.
   */
  async function postUntilTold(threadId: string, device: TestDevice, count: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await post(threadId);
      try {
        await push.until(() => device.deliveries.length >= count, 'the push', 2000);
        return;
      } catch (error) {
        if (attempt === 5) throw error;
      }
    }
  }

  it('tells a person whose device was added by another writer after the unit was known to have nobody', async () => {
    const unit = await api.unit('hemtjanst');
    const threadId = await thread(unit);
    const carer = await api.user(unit, 'utforare');
    await postAndSettle(threadId); // the unit is now known to have nobody
    const phone = push.device();
    await subscribeBeside(carer, phone);
    await postUntilTold(threadId, phone, 1);
  });

  it('follows a choice of events changed by another writer', async () => {
    const unit = await api.unit('hemtjanst');
    const threadId = await thread(unit);
    const carer = await api.user(unit, 'utforare');
    const phone = push.device();
    await subscribe(carer, phone);
    await api.dataSource.query('INSERT INTO notification_setting (user_id, on_message) VALUES ($1, false)', [carer.id]);
    await postAndSettle(threadId); // known: the only person there does not want messages
    expect(phone.deliveries).toHaveLength(0);
    await api.dataSource.query('UPDATE notification_setting SET on_message = true WHERE user_id = $1', [carer.id]);
    await postUntilTold(threadId, phone, 1);
  });

  it('tells a person who joined the unit (a membership added by another writer)', async () => {
    const unit = await api.unit('hemtjanst');
    const threadId = await thread(unit);
    await api.user(unit, 'utforare'); // a member without a device
    const elsewhere = await api.unit('hemtjanst');
    const newcomer = await api.user(elsewhere, 'utforare');
    const phone = push.device();
    await subscribe(newcomer, phone);
    await postAndSettle(threadId); // known: nobody in the unit has a device
    await api.dataSource.query(`INSERT INTO membership (user_id, unit_id, role) VALUES ($1, $2, 'utforare')`, [newcomer.id, unit]);
    await postUntilTold(threadId, phone, 1);
  });

  it('never tells a person whose role in the unit ended, though the cache still holds them', async () => {
    const unit = await api.unit('hemtjanst');
    const threadId = await thread(unit);
    const leaver = await api.user(unit, 'utforare');
    const stayer = await api.user(unit, 'utforare');
    const [leaverPhone, stayerPhone] = [push.device(), push.device()];
    await subscribe(leaver, leaverPhone);
    await subscribe(stayer, stayerPhone);
    await post(threadId);
    await push.until(() => leaverPhone.deliveries.length === 1 && stayerPhone.deliveries.length === 1, 'both pushes');
    // Removed beside the api, the device left in place: only the notifier's own reading can keep it quiet.
    await api.dataSource.query('DELETE FROM membership WHERE user_id = $1 AND unit_id = $2', [leaver.id, unit]);
    await post(threadId);
    await post(threadId);
    // Barrier: the stayer's second push comes after every push of the first post was done.
    await push.until(() => stayerPhone.deliveries.length === 3, 'the stayer’s pushes');
    expect(leaverPhone.deliveries).toHaveLength(1);
  });
});
