import { randomUUID } from 'node:crypto';
import { EVENT, MEDCOM_ACTIVITY_CODES, MEDCOM_EVENT_CODES, MEDCOM_PROFILES } from './codes';
import type { Bundle, BundleEntry, MessageHeader, OperationOutcome, Organization, Provenance, Resource } from './r4';

const MESSAGING = 'http://medcomfhir.dk/ig/messaging/StructureDefinition';
const ACK_HEADER_PROFILE = 'http://medcomfhir.dk/ig/acknowledgement/StructureDefinition/medcom-messaging-acknowledgementHeader';
const ACK_OUTCOME_PROFILE = 'http://medcomfhir.dk/ig/acknowledgement/StructureDefinition/medcom-acknowledgement-operationoutcome';
export const DESTINATION_USE_EXTENSION = `${MESSAGING}/medcom-messaging-destinationUseExtension`;
export const DESTINATION_USE_CODES = 'http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse';

/** MedCom's destination-use extension: the receiver this message is for (`primary`). */
export const primaryDestination = () => [
  { url: DESTINATION_USE_EXTENSION, valueCoding: { system: DESTINATION_USE_CODES, code: 'primary' } },
];

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A resource's narrative (MedCom: the receiver shows it), generated from the lines given. */
export function narrative(...lines: string[]): { status: 'generated'; div: string } {
  return {
    status: 'generated',
    div: `<div xmlns="http://www.w3.org/1999/xhtml">${lines.map((l) => `<p>${escapeXml(l)}</p>`).join('')}</div>`,
  };
}

/** A copy with a profile claimed and a narrative (when it has none). */
function profiled<T extends Resource>(resource: T, profile: string, ...lines: string[]): T {
  return {
    ...resource,
    meta: { ...resource.meta, profile: [profile] },
    text: (resource as { text?: unknown }).text ?? narrative(...lines),
  } as T;
}

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
  /** The Provenances of the message acknowledged: MedCom's acknowledgement carries its chain. */
  provenances?: Provenance[];
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
  const receiver = profiled<Organization>(
    input.receiver ?? { resourceType: 'Organization', id: 'brygga', name: 'Brygga' },
    `${MESSAGING}/medcom-messaging-organization`,
    `Organisation: ${input.receiver?.name ?? 'Brygga'}`,
  );
  const sender = profiled<Organization>(
    input.sender ?? { resourceType: 'Organization', id: 'okand-avsandare', name: 'Okänd avsändare' },
    `${MESSAGING}/medcom-messaging-organization`,
    `Organisation: ${input.sender?.name ?? 'Okänd avsändare'}`,
  );
  const outcome = input.issue ? profiled(operationOutcome(input.issue), ACK_OUTCOME_PROFILE, `Fel: ${input.issue.text}`) : undefined;
  const header: MessageHeader = profiled<MessageHeader>(
    {
      resourceType: 'MessageHeader',
      id: randomUUID(),
      eventCoding: { system: MEDCOM_EVENT_CODES, code: EVENT.acknowledgement },
      destination: [
        {
          extension: primaryDestination(),
          endpoint: input.senderEndpoint ?? 'urn:okand',
          receiver: { reference: `Organization/${sender.id}` },
        },
      ],
      sender: { reference: `Organization/${receiver.id}` },
      source: { endpoint: input.endpoint },
      response: {
        identifier: input.headerId,
        code: input.code,
        ...(outcome ? { details: { reference: `OperationOutcome/${outcome.id}` } } : {}),
      },
    },
    ACK_HEADER_PROFILE,
    `Kvittens (${input.code}) för meddelandet ${input.headerId}`,
    `Från ${receiver.name ?? ''} till ${sender.name ?? ''}`,
  );
  const own: Provenance = profiled<Provenance>(
    {
      resourceType: 'Provenance',
      id: randomUUID(),
      target: [{ reference: `MessageHeader/${header.id}` }],
      occurredDateTime: now,
      recorded: now,
      activity: { coding: [{ system: MEDCOM_ACTIVITY_CODES, code: 'acknowledgement' }] },
      agent: [{ who: { reference: `Organization/${receiver.id}` } }],
      entity: [{ role: 'revision', what: { reference: `MessageHeader/${input.headerId}` } }],
    },
    `${MESSAGING}/medcom-messaging-provenance`,
    `Kvittens skickad ${now} av ${receiver.name ?? ''}`,
  );
  // The acknowledged message's chain first, then the acknowledgement's own Provenance.
  const chain = (input.provenances ?? []).map((p) =>
    profiled(p, `${MESSAGING}/medcom-messaging-provenance`, 'Proveniens för det kvitterade meddelandet'),
  );
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { profile: [MEDCOM_PROFILES.acknowledgement] },
    type: 'message',
    timestamp: now,
    entry: [
      entry(base, header),
      ...chain.map((p) => entry(base, p)),
      entry(base, own),
      entry(base, receiver),
      ...(sender.id !== receiver.id ? [entry(base, sender)] : []),
      ...(outcome ? [entry(base, outcome)] : []),
    ],
  };
}

/**
 * An acknowledgement sent again (for a duplicate or a resubmission): the same MessageHeader and
 * content, a new Bundle id and timestamp, as MedCom's reliable messaging requires of every send.
 */
export function resentAcknowledgement(stored: Record<string, unknown>): Record<string, unknown> {
  return { ...stored, id: randomUUID(), timestamp: new Date().toISOString() };
}

/** The code of an acknowledgement Bundle, when it acknowledges this header. */
export function ackCodeFor(bundle: unknown, headerId: string): AckCode | undefined {
  const header = (bundle as Bundle | undefined)?.entry?.[0]?.resource as MessageHeader | undefined;
  if (header?.resourceType !== 'MessageHeader' || header.eventCoding?.code !== EVENT.acknowledgement) return undefined;
  if (header.response?.identifier !== headerId) return undefined;
  return header.response.code as AckCode;
}
