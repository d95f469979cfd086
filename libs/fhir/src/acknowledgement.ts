import { randomUUID } from 'node:crypto';
import { EVENT, MEDCOM_ACTIVITY_CODES, MEDCOM_EVENT_CODES, MEDCOM_PROFILES } from './codes';
import type { Bundle, BundleEntry, MessageHeader, OperationOutcome, Organization, Resource } from './r4';

export type AckCode = 'ok' | 'fatal-error' | 'transient-error';

export interface AckInput {
  /** The MessageHeader id of the message acknowledged ('okand' when it had none). */
  headerId: string;
  code: AckCode;
  /** Who acknowledges (the receiver named in the message), and to whom (its sender), where known. */
  receiver?: Organization;
  sender?: Organization;
  senderEndpoint?: string;
  /** Our own endpoint. */
  endpoint: string;
  issue?: { code: string; text: string; expression?: string };
}

const entry = (base: string, resource: Resource & { id?: string }): BundleEntry => ({
  fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
  resource: resource as BundleEntry['resource'],
});

/** An OperationOutcome with one issue, its text in Swedish, its code a standard issue type. */
export function operationOutcome(
  issue: { code: string; text: string; expression?: string },
  severity: 'error' | 'fatal' = 'error',
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    id: randomUUID(),
    issue: [
      {
        severity,
        code: issue.code as 'invalid',
        details: { text: issue.text },
        diagnostics: issue.text,
        ...(issue.expression ? { expression: [issue.expression] } : {}),
      },
    ],
  };
}

/**
 * A MedCom Acknowledgement message: MessageHeader.response names the message and the code, a
 * Provenance (activity acknowledgement) chains it to that message, and an error carries an
 * OperationOutcome.
 */
export function acknowledgement(input: AckInput): Bundle {
  const now = new Date().toISOString();
  const base = input.endpoint;
  const receiver: Organization = input.receiver ?? { resourceType: 'Organization', id: 'brygga', name: 'Brygga' };
  const sender: Organization = input.sender ?? { resourceType: 'Organization', id: 'okand-avsandare', name: 'Okänd avsändare' };
  const outcome = input.issue ? operationOutcome(input.issue) : undefined;
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: randomUUID(),
    eventCoding: { system: MEDCOM_EVENT_CODES, code: EVENT.acknowledgement },
    destination: [{ endpoint: input.senderEndpoint ?? 'urn:okand', receiver: { reference: `Organization/${sender.id}` } }],
    sender: { reference: `Organization/${receiver.id}` },
    source: { endpoint: input.endpoint },
    response: {
      identifier: input.headerId,
      code: input.code,
      ...(outcome ? { details: { reference: `OperationOutcome/${outcome.id}` } } : {}),
    },
  };
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { profile: [MEDCOM_PROFILES.acknowledgement] },
    type: 'message',
    timestamp: now,
    entry: [
      entry(base, header),
      entry(base, {
        resourceType: 'Provenance',
        id: randomUUID(),
        target: [{ reference: `MessageHeader/${header.id}` }],
        occurredDateTime: now,
        recorded: now,
        activity: { coding: [{ system: MEDCOM_ACTIVITY_CODES, code: 'acknowledgement' }] },
        agent: [{ who: { reference: `Organization/${receiver.id}` } }],
        entity: [{ role: 'revision', what: { reference: `MessageHeader/${input.headerId}` } }],
      } as Resource),
      entry(base, receiver),
      ...(sender.id !== receiver.id ? [entry(base, sender)] : []),
      ...(outcome ? [entry(base, outcome)] : []),
    ],
  };
}

/** The code of an acknowledgement Bundle, when it acknowledges this header. */
export function ackCodeFor(bundle: unknown, headerId: string): AckCode | undefined {
  const header = (bundle as Bundle | undefined)?.entry?.[0]?.resource as MessageHeader | undefined;
  if (header?.resourceType !== 'MessageHeader' || header.eventCoding?.code !== EVENT.acknowledgement) return undefined;
  if (header.response?.identifier !== headerId) return undefined;
  return header.response.code as AckCode;
}
