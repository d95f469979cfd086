import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { connected, connectSocket } from '../support/api-process';
import { TestApi } from '../support/harness';
import { writeReport } from '../support/load';

const PER_SESSION = 5;
const PER_USER = 8;

type Refusal = Error & { data?: { message?: string } };

/**
 * One logged-in user opening sockets without end, and flooding joins and leaves over them. Before
 * issue 30 nothing capped either: 60 sockets of one session gave other users 30 s of 503s. Now a
 * session and a user hold a bounded number of sockets per node (more are refused with a reason),
 * and their actions share one rate limit however many sockets carry them.
 */
describe('many sockets of one session', () => {
  let api: TestApi;
  const sockets: Socket[] = [];

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await api?.close();
  });

  it('refuses sockets beyond the caps with a reason, limits the user across sockets, and leaves other users alone', async () => {
    api = await TestApi.start({ SOCKETS_PER_SESSION: String(PER_SESSION), SOCKETS_PER_USER: String(PER_USER) });
    const { sof, coordinator, threadId } = await api.wardThread();
    const greedy = await api.user(sof, 'utforare');
    const session = await api.sessionOf(greedy);
    const open = async (s = session): Promise<'connected' | Refusal> => {
      const socket = connectSocket(api.baseUrl, s, api.baseUrl);
      sockets.push(socket);
      return connected(socket).then(
        () => 'connected' as const,
        (e: Refusal) => e,
      );
    };

    // One session: PER_SESSION sockets, then refusals that say why (in Swedish, for the user).
    const first = await Promise.all(Array.from({ length: PER_SESSION + 3 }, () => open()));
    expect(first.filter((r) => r === 'connected')).toHaveLength(PER_SESSION);
    const refused = first.filter((r): r is Refusal => r !== 'connected');
    expect(refused.map((r) => [r.message, r.data?.message])).toEqual(
      Array(3).fill(['too_many_sockets', 'För många öppna anslutningar i denna inloggning. Stäng några flikar och försök igen.']),
    );
    // The same user in a second session (another browser): up to PER_USER in all.
    const second = await api.login(greedy.key);
    const more = await Promise.all(Array.from({ length: PER_USER }, () => open(second)));
    expect(more.filter((r) => r === 'connected')).toHaveLength(PER_USER - PER_SESSION);
    // A closed socket frees its place.
    sockets.find((s) => s.connected)!.disconnect();
    await new Promise((r) => setTimeout(r, 200));
    expect(await open(second)).toBe('connected');

    // A join flood over all of the user's sockets: limited per user, not per socket.
    const live = sockets.filter((s) => s.connected);
    const answers = await Promise.all(
      live.flatMap((s) =>
        Array.from(
          { length: 10 },
          () =>
            new Promise<number>((resolve) =>
              s.emit('thread:join', { threadId, lastSeq: 0 }, (r: { ok: boolean; error?: { statusCode: number } }) =>
                resolve(r.ok ? 200 : r.error!.statusCode),
              ),
            ),
        ),
      ),
    );
    const limited = answers.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(0);
    // Another user meanwhile: served at once.
    const t0 = Date.now();
    const post = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Hej',
      idempotencyKey: randomUUID(),
    });
    const otherSeconds = (Date.now() - t0) / 1000;
    expect(post.status).toBe(201);
    expect(otherSeconds).toBeLessThan(3);
    writeReport('fault-many-sockets.json', {
      perSession: PER_SESSION,
      perUser: PER_USER,
      refusedInOneSession: refused.length,
      joins: answers.length,
      joinsLimited: limited,
      otherUserPost: { status: post.status, seconds: otherSeconds },
    });
  }, 60_000);
});
