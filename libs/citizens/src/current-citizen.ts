import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '@brygga/common';

/** The citizen of a citizen route (set by the global guard for @ForCitizens routes only). */
export const CurrentCitizen = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().citizen;
});
