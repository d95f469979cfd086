import type { Request } from 'express';
import type { Actor } from './actor';

/** What the auth layer attaches to a request. */
export interface AuthenticatedRequest extends Request {
  actor?: Actor;
}
