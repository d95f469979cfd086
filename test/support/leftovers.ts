/**
 * What a test file started and has not closed yet (api nodes, api processes). When the file
 * ends, the test environment (environment.ts) closes what is still here: a file whose
 * beforeAll timed out, or whose test failed before its afterAll could close things, must not
 * leave an api running its timers into the next file or keep Jest from exiting.
 */
type Close = () => Promise<unknown>;

const open: Set<Close> = ((globalThis as { __bryggaLeftovers?: Set<Close> }).__bryggaLeftovers ??= new Set());

/** Tracks `starting` until the caller closes it; returns the function that forgets it. */
export function track<T>(starting: Promise<T>, close: (started: T) => Promise<unknown>): { forget: () => void } {
  const closer: Close = async () => {
    const started = await starting.catch(() => undefined);
    if (started !== undefined) await close(started);
  };
  open.add(closer);
  starting.catch(() => open.delete(closer));
  return { forget: () => open.delete(closer) };
}
