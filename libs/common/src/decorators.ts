import { createParamDecorator, ExecutionContext, SetMetadata, applyDecorators } from '@nestjs/common';
import type { Capability, CitizenCapability } from './capabilities';
import type { AuthenticatedRequest } from './request-context';

export const ACCESS_METADATA = 'brygga:access';

/**
 * Who may call a route. `capability`: the route needs a role that grants it in some unit (the
 * guard checks it). `thread`: the route acts on one thread, and the thread access rule checks the
 * capability in a unit that takes part (in the service); the declaration feeds the access-matrix test.
 */
export type AccessRule =
  { public: true } | { public: false; capability?: Capability; thread?: Capability; system?: boolean; citizen?: CitizenCapability };

/** The route needs a logged-in user; with a capability, a role that grants it. */
export const Authenticated = (options: { capability?: Capability; thread?: Capability } = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_METADATA, { public: false, ...options } satisfies AccessRule));

/**
 * The route is for hospital and municipal systems: an OAuth 2.0 access token (client credentials)
 * in `Authorization: Bearer`, no session and so no CSRF token; a person's session gets 403.
 */
export const ForSystems = (capability: Capability): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_METADATA, { public: false, capability, system: true } satisfies AccessRule);

/**
 * The route is for citizens (a patient or a närstående logged in with BankID through "Min hemgång"),
 * never for staff; staff routes are never for citizens (the global guard keeps both apart). The
 * capability says which citizen role it serves; the citizens service checks it per patient.
 */
export const ForCitizens = (capability: CitizenCapability): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_METADATA, { public: false, citizen: capability } satisfies AccessRule);

/** The route is open to anyone. Every use should be obvious in review. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return req.actor;
});
