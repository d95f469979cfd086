import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { ApiProcess, connected, connectSocket, until } from '../support/api-process';
import { TestApi } from '../support/harness';
import { loadAverage, memory, writeReport } from '../support/load';

/** More than loopback's kernel buffers take per connection (tcp_rmem up to 32 MB here): it must pile up in the node. */
const MESSAGES = 4000;
const BODY = 'x'.repeat(2000);
/** Sized for CI; SLOW_READER_SOCKETS=6 SLOW_READER_JOINS=40 is the issue's own run (for the closing note's figure). */
const SLOW_SOCKETS = Number(process.env.SLOW_READER_SOCKETS ?? 3);
const JOINS_EACH = Number(process.env.SLOW_READER_JOINS ?? 8);
/**
 * The slow readers re-join at this pace: within the rate limits (20 actions/s a socket; a join costs
 * 5 of a user's 50/s), so that the bound under test is the one on unread output. Sent all at once,
 * 40 joins are a flood: 20 pass the user's burst of 100, the other 20 are refused and the socket is
 * closed as a flood (checked below with a socket that reads), before any replay has output.
 */
const JOIN_INTERVAL_MS = 150;
const FLOOD_JOINS = 40;

/** Stops reading from the socket's TCP connection: the server's writes pile up on its side. */
function stopReading(socket: Socket): void {
  (socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws._socket.pause();
}

/**
 * A logged-in user whose client stops reading and re-joins a long thread again and again. Before
 * issue 30 the node buffered every replay for it without end (the issue saw 1.64 GB with six such
 * sockets). Now the replay waits for the client to read, a socket whose unread output passes the
 * bound is closed (logged once with the reason), and other users go on as before.
 */
describe('a socket that stops reading and re-joins a long thread', () => {
  let api: TestApi;
  let node: ApiProcess | undefined;
  const sockets: Socket[] = [];

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await node?.kill();
    await api?.close();
  });

  it('is closed with a reason before the node buffers much for it; other users are served meanwhile', async () => {
    api = await TestApi.start();
    const { sof, coordinator, threadId } = await api.wardThread();
    const carers = await Promise.all(Array.from({ length: SLOW_SOCKETS + 1 }, () => api.user(sof, 'utforare')));
    // A long thread, in bulk (as rows the api would have written).
    const db = new Client({ connectionString: api.databaseUrl });
    await db.connect();
    await db.query(
      `INSERT INTO message (thread_id, seq, kind, body, author_user_id, author_unit_id, idempotency_key, request_hash)
       SELECT t.id, t.last_seq + g, 'fritext', $2, $3, t.owner_unit_id, 'bulk-' || g, md5(g::text) FROM thread t, generate_series(1, $4::int) g WHERE t.id = $1`,
      [threadId, BODY, coordinator.id, MESSAGES],
    );
    await db.query('UPDATE thread SET last_seq = last_seq + $2 WHERE id = $1', [threadId, MESSAGES]);
    await db.end();

    node = await ApiProcess.start(api);
    const writer = await api.sessionOf(coordinator);
    const before = memory(node.pid);

    // The slow readers: connected, then they stop reading and ask for the whole thread again and again.
    const slow: Socket[] = [];
    for (let i = 0; i < SLOW_SOCKETS; i++) {
      // One user each: the per-user rate limit is not what stops them here.
      const socket = connectSocket(node.url, await api.sessionOf(carers[i]), api.baseUrl);
      sockets.push(socket);
      await connected(socket);
      stopReading(socket);
      slow.push(socket);
    }
    const rejoining = (async () => {
      for (let j = 0; j < JOINS_EACH; j++) {
        for (const socket of slow) socket.emit('thread:join', { threadId, lastSeq: 0 }, () => undefined);
        await new Promise((r) => setTimeout(r, JOIN_INTERVAL_MS));
      }
    })();

    // Another user meanwhile: live in the same thread, posting through REST; each post must arrive.
    const live = connectSocket(node.url, writer, api.baseUrl);
    sockets.push(live);
    await connected(live);
    await new Promise((resolve) => live.emit('thread:join', { threadId, lastSeq: MESSAGES + 1 }, resolve));
    const arrived = new Set<number>();
    live.on('message', (m: { seq: number }) => arrived.add(m.seq));
    const latencies: number[] = [];
    const statuses: number[] = [];
    let peak = memory(node.pid);
    const started = Date.now();
    while (Date.now() - started < 8000) {
      const t0 = Date.now();
      const res = await api.request(writer, 'POST', `/api/threads/${threadId}/messages`, {
        kind: 'fritext',
        body: 'Hej',
        idempotencyKey: randomUUID(),
      });
      statuses.push(res.status);
      if (res.status === 201) await until(() => arrived.has(res.body.seq), 10_000, 'the live push');
      latencies.push((Date.now() - t0) / 1000);
      peak = memory(node.pid);
    }
    // Each slow socket is closed when its replay has waited 10 s for it to read.
    const closedCount = () => node!.log.match(/did not read/g)?.length ?? 0;
    await until(() => closedCount() >= SLOW_SOCKETS, 20_000, 'the slow readers closed').catch(() => undefined);
    await rejoining;
    peak = memory(node.pid);
    const after = memory(node.pid);
    const closedByServer = closedCount() === SLOW_SOCKETS;
    const floods = () => node!.log.match(/a flood/g)?.length ?? 0;
    const slowClosedAsFlood = floods();

    // The other bound: a socket (that reads) sending 40 joins at once is closed as a flood, logged once.
    const flooder = connectSocket(node.url, await api.sessionOf(carers[SLOW_SOCKETS]), api.baseUrl);
    sockets.push(flooder);
    await connected(flooder);
    const floodClosed = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
    for (let j = 0; j < FLOOD_JOINS; j++) flooder.emit('thread:join', { threadId, lastSeq: MESSAGES }, () => undefined);
    const floodReason = await floodClosed;
    const report = {
      messages: MESSAGES,
      bodyBytes: BODY.length,
      slowSockets: SLOW_SOCKETS,
      joinsEach: JOINS_EACH,
      rssBeforeMb: before.rssMb,
      rssAfterMb: after.rssMb,
      peakRssMb: peak.peakMb,
      otherUser: { posts: statuses.length, non201: statuses.filter((s) => s !== 201).length, maxSeconds: Math.max(...latencies) },
      closedByServer,
      closed: closedCount(),
      slowClosedAsFlood,
      loadAverage: loadAverage(),
    };
    writeReport('fault-slow-reader.json', report);
    console.warn(`slow reader fault: ${JSON.stringify(report)}`);

    expect(report.otherUser.non201).toBe(0);
    expect(report.otherUser.maxSeconds).toBeLessThan(3);
    // Bounded: what the node holds for the slow sockets is a few MB each, not every replay (~4 MB × 24 here).
    expect(peak.peakMb - before.rssMb).toBeLessThan(60);
    expect(closedByServer).toBe(true);
    expect(node.log.match(/did not read/g)).toHaveLength(SLOW_SOCKETS);
    expect(slowClosedAsFlood).toBe(0);
    expect(floodReason).toBe('io server disconnect');
    // The node's log line reaches this process through a pipe: it may come a moment after the close.
    await until(() => floods() > 0, 5000, 'the flood logged').catch(() => undefined);
    expect(floods()).toBe(1);
  }, 120_000);
});
