import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

type EnvironmentConfig = ConstructorParameters<typeof TestEnvironment>[0];
type EnvironmentContext = ConstructorParameters<typeof TestEnvironment>[1];

const GRACE_MS = 60_000;
/** How long a file's sockets, timers and processes may take to finish closing after it ends. */
const SETTLE_MS = 2_000;

/** How many of each kind of resource keep this process's event loop alive (sockets, timers, child processes). */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** What `now` holds beyond `before`, e.g. ['TCPSocketWrap ×2']. */
function beyond(before: Map<string, number>, now: Map<string, number>): string[] {
  return [...now]
    .filter(([kind, count]) => count > (before.get(kind) ?? 0))
    .map(([kind, count]) => `${kind} ×${count - (before.get(kind) ?? 0)}`);
}

/**
 * Jest's node environment, plus: when a test file ends, whatever it left open (see leftovers.ts)
 * is closed here and named, so one failing file can't leave an api's timers running into the
 * next file or keep Jest from exiting.
 */
export default class BryggaEnvironment extends TestEnvironment {
  private readonly testPath: string;
  private before = new Map<string, number>();

  constructor(config: EnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testPath = context.testPath;
  }

  override async setup(): Promise<void> {
    this.before = activeResources();
    await super.setup();
  }

  /**
   * A socket, timer or process a file left open keeps the Jest worker alive after its last file,
   * and Jest then kills it with 'A worker process has failed to exit gracefully', naming nothing.
   * Here the file that left it is named, with what it left.
   */
  override async teardown(): Promise<void> {
    await super.teardown();
    let left = beyond(this.before, activeResources());
    for (const until = Date.now() + SETTLE_MS; left.length > 0 && Date.now() < until; left = beyond(this.before, activeResources()))
      await new Promise((resolve) => setTimeout(resolve, 50).unref());
    if (left.length > 0) console.warn(`${this.testPath}: left open after the file ended: ${left.join(', ')}`);
  }

  // 'run_finish' comes after the file's last afterAll and before Jest tears its module registry
  // down (after which a closing pg client could not even load 'net').
  async handleTestEvent(event: Circus.AsyncEvent | Circus.SyncEvent): Promise<void> {
    if (event.name !== 'run_finish') return;
    const open = (this.global as { __bryggaLeftovers?: Set<() => Promise<unknown>> }).__bryggaLeftovers;
    if (!open || open.size === 0) return;
    console.warn(`${this.testPath}: ${open.size} api node(s) or process(es) left open; closing them`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...open].map((close) => close())),
      new Promise((resolve) => (timer = setTimeout(resolve, GRACE_MS))),
    ]);
    clearTimeout(timer);
    open.clear();
  }
}
