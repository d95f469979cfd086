import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, clientAddress, type Actor, type AppConfig, type AuthenticatedRequest } from '@brygga/common';
import { CitizenDirectory, type CitizenIdentity } from '@brygga/auth';
import { normaliseIdentityNumber } from '@brygga/patients';

/** Citizens as the login and the global guard see them (libs/auth's CitizenDirectory). */
@Injectable()
export class CitizenDirectoryService extends CitizenDirectory {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async signIn(identity: CitizenIdentity): Promise<string> {
    const personnummer = normaliseIdentityNumber(identity.personnummer, 'personnummer');
    if (!personnummer) throw new Error('The IdP asserted a personnummer that is not valid');
    const [row]: { id: string }[] = await this.dataSource.query(
      `INSERT INTO citizen (personnummer, given_name, family_name, last_login_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (personnummer) DO UPDATE SET given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, last_login_at = now()
       RETURNING id`,
      [personnummer, identity.givenName, identity.familyName],
    );
    return row.id;
  }

  async resolve(req: AuthenticatedRequest): Promise<Actor | undefined> {
    const session = req.session;
    if (!session?.citizenId || !session.loggedInAt) return undefined;
    if (Date.now() - session.loggedInAt > this.config.session.absoluteSeconds * 1000) {
      await new Promise<void>((done) => session.destroy(() => done()));
      return undefined;
    }
    return this.actor(session.citizenId, clientAddress(req, this.config.trustProxy));
  }

  async actor(citizenId: string, address: string | null): Promise<Actor | undefined> {
    const [row]: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, trim(given_name || ' ' || family_name) AS name FROM citizen WHERE id = $1`,
      [citizenId],
    );
    return row && { userId: row.id, displayName: row.name, memberships: [], authMethod: 'bankid', clientAddress: address };
  }
}
