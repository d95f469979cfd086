import { SYSTEM_ROLE, type Actor } from '@brygga/common';
import { registerSystemClient } from '@brygga/auth';
import { DirectoryService } from '@brygga/directory';
import { UnitIdentifier } from '@brygga/fhir';
import type { ServiceWorld } from './service-world';

/**
 * A system client of a unit (its own directory user, registered as an administrator would) with
 * the unit's identifiers as FHIR messages name it, and the actor its access token gives: the
 * system in its one unit with the role `system`, as libs/auth's SystemActorResolver builds it.
 */
export async function systemActor(
  world: ServiceWorld,
  unitId: string,
  clientId: string,
  identifiers: { system: string; value: string }[] = [],
): Promise<Actor> {
  const client = await registerSystemClient(world.dataSource.manager, { clientId, name: `System ${clientId}`, unitId });
  for (const identifier of identifiers) await world.dataSource.getRepository(UnitIdentifier).save({ ...identifier, unitId });
  const [unit] = await world.get(DirectoryService).units([unitId]);
  return {
    userId: client.userId,
    displayName: `${client.name} (system)`,
    memberships: [
      {
        unitId: unit.id,
        unitName: unit.name,
        organisationId: unit.organisationId,
        organisationName: unit.organisationName,
        orgKind: unit.orgKind,
        role: SYSTEM_ROLE,
      },
    ],
    authMethod: `system:${clientId}`,
    clientAddress: '127.0.0.1',
  };
}
