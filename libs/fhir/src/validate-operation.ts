import { randomUUID } from 'node:crypto';
import { FhirRefusal } from './bundle-reader';
import type { OperationOutcome } from './r4';
import { validateAgainstProfiles } from './profile-validator';
import { refuseInvalidInput, withoutFileData } from './strict-input';

/**
 * $validate (FHIR R4 Resource-validate): the resource itself, or a Parameters resource with it as
 * the parameter `resource`, checked by Brygga's messaging rules and then by MedCom's profiles. The answer is 200 with an OperationOutcome whether or not the message
 * is valid (FHIR: an error status only when the validation could not be made).
 */
export function validateOperation(body: unknown): OperationOutcome {
  const resource = unwrap(body);
  let light: unknown;
  try {
    // The checks $process-message makes before reading a message (strict-input.ts); the profiles below.
    refuseInvalidInput(resource, { profiles: false });
    light = withoutFileData(resource);
  } catch (error) {
    if (!(error instanceof FhirRefusal)) throw error;
    return {
      resourceType: 'OperationOutcome',
      id: randomUUID(),
      issue: [
        {
          severity: 'error',
          code: error.issueCode as 'invalid',
          details: { text: error.message },
          ...(error.expression ? { expression: [error.expression] } : {}),
        },
      ],
    };
  }
  // Then the MedCom profiles the message claims (its event's message profile, each entry's meta.profile).
  const issues = validateAgainstProfiles(light);
  const failed = issues.some((i) => i.severity === 'error' || i.severity === 'fatal');
  return {
    resourceType: 'OperationOutcome',
    id: randomUUID(),
    issue: failed ? issues : [{ severity: 'information', code: 'informational', details: { text: 'Meddelandet är giltigt.' } }, ...issues],
  };
}

function unwrap(body: unknown): unknown {
  const parameters = body as { resourceType?: unknown; parameter?: { name?: unknown; resource?: unknown }[] } | undefined;
  if (parameters?.resourceType !== 'Parameters' || !Array.isArray(parameters.parameter)) return body;
  return parameters.parameter.find((p) => p?.name === 'resource')?.resource;
}
