import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, clientAddress, type Actor, type AppConfig, type AuthenticatedRequest } from '@brygga/common';
import { DirectoryService } from '@brygga/directory';
import { ActorResolver } from './actor-resolver';
import './session.types';

/** The actor of a logged-in session, reloaded from the directory on every request. */
@Injectable()
export class SessionActorResolver extends ActorResolver {
  constructor(
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async resolve(req: AuthenticatedRequest): Promise<Actor | undefined> {
    const session = req.session;
    if (!session?.userId || !session.loggedInAt) return undefined;
    if (Date.now() - session.loggedInAt > this.config.session.absoluteSeconds * 1000) {
      await new Promise<void>((done) => session.destroy(() => done()));
      return undefined;
    }
    return this.directory.loadActor(session.userId, clientAddress(req, this.config.trustProxy), session.authMethod ?? 'okänd');
  }
}
