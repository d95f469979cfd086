import { PublishQueue, SERVER_SIDE_EMIT, type AdapterMessage } from './publish-queue';

const events = (...ids: string[]): AdapterMessage => ({
  uid: 'node-a',
  nsp: '/',
  type: SERVER_SIDE_EMIT,
  data: { packet: ['thread:events', ids.map((id) => ({ type: 'message.created', threadId: id }))] },
});
const other = (name: string): AdapterMessage => ({ uid: 'node-a', nsp: '/', type: SERVER_SIDE_EMIT, data: { packet: [name, { x: 1 }] } });
const ids = (m: AdapterMessage): string[] | string => {
  const packet = (m.data as { packet: [string, unknown] }).packet;
  return packet[0] === 'thread:events' ? (packet[1] as { threadId: string }[]).map((e) => e.threadId) : packet[0];
};

/** A publish whose round trips the test completes by hand, in order. */
function manualSend() {
  const sent: AdapterMessage[] = [];
  const pending: (() => void)[] = [];
  const send = (m: AdapterMessage) => {
    sent.push(m);
    return new Promise<void>((resolve) => pending.push(resolve));
  };
  const complete = async () => {
    pending.shift()!();
    // Let the queue's loop take its next turn.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { sent, pending, send, complete };
}

describe('PublishQueue', () => {
  it('sends a message at once when nothing is in flight', () => {
    const { sent, send } = manualSend();
    const queue = new PublishQueue(send);
    void queue.publish(events('t1'));
    expect(sent.map(ids)).toEqual([['t1']]);
  });

  it('joins the thread:events emitted while one is in flight into one message, in order', async () => {
    const { sent, send, complete } = manualSend();
    const queue = new PublishQueue(send);
    const first = queue.publish(events('t1'));
    const later = [queue.publish(events('t2', 't3')), queue.publish(events('t4'))];
    expect(sent).toHaveLength(1);
    let laterDone = false;
    void Promise.all(later).then(() => (laterDone = true));
    await complete();
    await first;
    expect(sent.map(ids)).toEqual([['t1'], ['t2', 't3', 't4']]);
    expect(laterDone).toBe(false); // not before its own NOTIFY returned
    await complete();
    await Promise.all(later);
    expect(queue.counts).toEqual({ messages: 3, sent: 2 });
  });

  it('keeps other messages in their place and never joins across them', async () => {
    const { sent, send, complete } = manualSend();
    const queue = new PublishQueue(send);
    void queue.publish(events('t1'));
    void queue.publish(events('t2'));
    void queue.publish(other('access:changed'));
    void queue.publish(events('t3'));
    void queue.publish({ uid: 'node-a', nsp: '/', type: SERVER_SIDE_EMIT, data: { requestId: 'r', packet: ['thread:events', []] } });
    void queue.publish(events('t4'));
    void queue.publish({ ...events('t5'), nsp: '/other' });
    for (let i = 0; i < 6; i++) await complete();
    expect(sent.map(ids)).toEqual([['t1'], ['t2'], 'access:changed', ['t3'], [], ['t4'], ['t5']]);
  });

  it('keeps a joined message under the NOTIFY limit, and sends a large one alone', async () => {
    const { sent, send, complete } = manualSend();
    // Each single-event list is 41 bytes of JSON: [{"type":"message.created","threadId":"tN"}]
    const queue = new PublishQueue(send, 100);
    void queue.publish(events('t0'));
    for (let i = 1; i <= 5; i++) void queue.publish(events(`t${i}`));
    void queue.publish(events('x'.repeat(200)));
    void queue.publish(events('t7'));
    for (let i = 0; i < 6; i++) await complete();
    expect(sent.map(ids)).toEqual([['t0'], ['t1', 't2'], ['t3', 't4'], ['t5'], ['x'.repeat(200)], ['t7']]);
    for (const m of sent.slice(1, 3))
      expect(Buffer.byteLength(JSON.stringify((m.data as { packet: unknown[] }).packet[1]))).toBeLessThanOrEqual(100);
  });

  it('settles only when everything handed in so far has been sent', async () => {
    const { send, complete } = manualSend();
    const queue = new PublishQueue(send);
    void queue.publish(events('t1'));
    void queue.publish(events('t2'));
    let settled = false;
    void queue.settled().then(() => (settled = true));
    await complete();
    expect(settled).toBe(false);
    await complete();
    expect(settled).toBe(true);
  });

  it('goes on after a publish that throws', async () => {
    const sent: AdapterMessage[] = [];
    const queue = new PublishQueue((m) => {
      sent.push(m);
      return sent.length === 1 ? Promise.reject(new Error('down')) : Promise.resolve();
    });
    const a = queue.publish(events('t1'));
    const b = queue.publish(other('access:changed'));
    await Promise.all([a, b]);
    expect(sent.map(ids)).toEqual([['t1'], 'access:changed']);
  });
});
