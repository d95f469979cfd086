import { createParamDecorator, ExecutionContext, SetMetadata, applyDecorators } from '@nestjs/common';
import type { Role } from './actor';
import type { AuthenticatedRequest } from './request-context';

export const ACCESS_METADATA = 'brygga:access';

export type AccessRule = { public: true } | { public: false; roles?: readonly Role[] };

/** The route needs a logged-in user; with roles, one of them in any of the user's units. */
export const Authenticated = (options: { roles?: readonly Role[] } = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_METADATA, { public: false, roles: options.roles } satisfies AccessRule));

/** The route is open to anyone. Every use should be obvious in review. */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return req.actor;
});
