import { DirectoryService } from '@brygga/directory';
import type { Actor, AppConfig, AuthenticatedRequest } from '@brygga/common';
import { ActorResolver } from './actor-resolver';

export const TEST_USER_HEADER = 'x-brygga-test-user';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * TEST ONLY: trusts a header naming the user. Exists until OIDC login lands, and cannot be
 * constructed when NODE_ENV=production (loadConfig refuses the combination too).
 */
export class TestHeaderActorResolver extends ActorResolver {
  constructor(
    private readonly directory: DirectoryService,
    config: AppConfig,
  ) {
    super();
    if (config.nodeEnv === 'production' || process.env.NODE_ENV === 'production') {
      throw new Error('Test authentication is not available in production');
    }
  }

  async resolve(req: AuthenticatedRequest): Promise<Actor | undefined> {
    const userId = req.header(TEST_USER_HEADER);
    if (!userId || !UUID.test(userId)) return undefined;
    return this.directory.loadActor(userId, req.ip ?? null, 'test');
  }
}
