import type { Request } from 'express';
import type { Actor } from './actor';

/** What the auth layer attaches to a request. */
export interface AuthenticatedRequest extends Request {
  actor?: Actor;
  /** A citizen on a citizen route (libs/citizens): userId is the citizen's id, no memberships. */
  citizen?: Actor;
}
