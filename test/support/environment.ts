import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

type EnvironmentConfig = ConstructorParameters<typeof TestEnvironment>[0];
type EnvironmentContext = ConstructorParameters<typeof TestEnvironment>[1];

const GRACE_MS = 60_000;

/**
 * Jest's node environment, plus: when a test file ends, whatever it left open (see leftovers.ts)
 * is closed here and named, so one failing file can't leave an api's timers running into the
 * next file or keep Jest from exiting.
 */
export default class BryggaEnvironment extends TestEnvironment {
  private readonly testPath: string;

  constructor(config: EnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testPath = context.testPath;
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
