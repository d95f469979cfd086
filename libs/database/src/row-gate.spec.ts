import { RowGate } from './row-gate';

describe('RowGate', () => {
  it('lets perKey in per key, queues the rest in order, and fails a wait longer than maxWaitMs as a lock wait', async () => {
    const gate = new RowGate(1, 150);
    const first = await gate.enter('a');
    await gate.enter('b').then((leave) => leave()); // another key does not wait
    const order: string[] = [];
    const second = gate.enter('a').then((leave) => (order.push('second'), leave));
    const third = gate.enter('a').then((leave) => (order.push('third'), leave));
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);

    const holder = await gate.enter('a');
    const started = Date.now();
    await expect(gate.enter('a')).rejects.toMatchObject({ code: '55P03' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    holder();
    // The timed-out waiter left the queue: the key is free again.
    (await gate.enter('a'))();

    // A holder whose lock wait timed out refuses the queue at once (the row is still held).
    const stuck = await gate.enter('a');
    const queued = gate.enter('a');
    stuck(true);
    await expect(queued).rejects.toMatchObject({ code: '55P03' });
  });
});
