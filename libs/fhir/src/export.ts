import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { threadPatientCard, type MessageDto, type ThreadPatientCard } from '@brygga/threads';
import {
  BRYGGA_ACTIVITY_CODES,
  BRYGGA_BODY_EXTENSION,
  BRYGGA_EPISODE_SYSTEM,
  BRYGGA_KIND_EXTENSION,
  BRYGGA_PAYLOAD_EXTENSION,
  CONVERSATION_SYSTEM,
  DK_IDENTIFIERS,
  EVENT,
  MEDCOM_ACTIVITY_CODES,
  MEDCOM_CC_CATEGORY_CODES,
  MEDCOM_EVENT_CODES,
  SE_IDENTIFIERS,
  type IdentifierCountry,
} from './codes';
import { primaryDestination } from './acknowledgement';
import { MEDCOM_MESSAGE_PROFILES } from './codes';
import { organisationOf } from './identifiers';
import type {
  Bundle,
  BundleEntry,
  Communication,
  Encounter,
  Extension,
  Identifier,
  MessageHeader,
  Patient,
  Practitioner,
  PractitionerRole,
  Provenance,
  Resource,
} from './r4';

/** A person's display name as a FHIR HumanName: the last word the family name, the rest given names. */
function practitionerName(name: string): { text: string; family: string; given?: string[] } {
  const words = name.trim().split(/\s+/);
  const family = words.pop() || name;
  return { text: name, family, ...(words.length ? { given: words } : {}) };
}

/** The Brygga kinds that are sent to other units' systems, and the activity each is sent with. */
export const EXPORT_ACTIVITIES: Readonly<Record<string, { event: string; system: string; code: string; revise?: string }>> = {
  inskrivningsmeddelande: {
    event: EVENT.hospitalNotification,
    system: MEDCOM_ACTIVITY_CODES,
    code: 'admit-inpatient',
    revise: 'revise-admit-inpatient',
  },
  utskrivningsmeddelande: {
    event: EVENT.hospitalNotification,
    system: MEDCOM_ACTIVITY_CODES,
    code: 'discharge-inpatient-home',
    revise: 'revise-discharge-inpatient-home',
  },
  // A thread cancelled as entered in error (in the web client, or by an imported cancellation): the
  // receiver's admission is cancelled, as MedCom's cancel-admit-inpatient (only where the admission was sent).
  arende_makulerat: { event: EVENT.hospitalNotification, system: MEDCOM_ACTIVITY_CODES, code: 'cancel-admit-inpatient' },
  // Leave and return: the municipality pauses and resumes its services (MedCom's STOR and SLOR).
  permission: {
    event: EVENT.hospitalNotification,
    system: MEDCOM_ACTIVITY_CODES,
    code: 'start-leave-inpatient',
    revise: 'revise-start-leave-inpatient',
  },
  permission_slut: {
    event: EVENT.hospitalNotification,
    system: MEDCOM_ACTIVITY_CODES,
    code: 'end-leave-inpatient',
    revise: 'revise-end-leave-inpatient',
  },
  // Death (MedCom's MORS): the stay's activity stays admit-inpatient; the patient is marked deceased
  // and the encounter ends at the time of death (HospitalNotification 3.0, "Deceased").
  dodsfall: { event: EVENT.hospitalNotification, system: MEDCOM_ACTIVITY_CODES, code: 'admit-inpatient' },
  fritext: { event: EVENT.careCommunication, system: MEDCOM_ACTIVITY_CODES, code: 'new-message' },
  planerad_utskrivning: { event: EVENT.careCommunication, system: BRYGGA_ACTIVITY_CODES, code: 'planerad-utskrivning' },
  utskrivningsklar: { event: EVENT.careCommunication, system: BRYGGA_ACTIVITY_CODES, code: 'utskrivningsklar' },
  avbrott: { event: EVENT.careCommunication, system: BRYGGA_ACTIVITY_CODES, code: 'avbrott' },
  sip_kallelse: { event: EVENT.careCommunication, system: BRYGGA_ACTIVITY_CODES, code: 'sip-kallelse' },
  hemgangsbeslut: { event: EVENT.careCommunication, system: BRYGGA_ACTIVITY_CODES, code: 'hemgangsbeslut' },
};

/** MedCom's leave period on a HospitalNotification's Encounter (start of leave; its end on return). */
export const LEAVE_PERIOD_EXTENSION =
  'http://medcomfhir.dk/ig/hospitalnotification/StructureDefinition/medcom-hospitalnotifiation-leave-period-extension';
/** The Brygga kinds that continue a stay already notified: each names the receiver's previous HospitalNotification. */
const FOLLOW_UPS = new Set(['permission', 'permission_slut', 'dodsfall']);

const CC_DEFINITION = 'http://medcomfhir.dk/ig/messagedefinitions/MessageDefinition/MedComCareCommunicationMessageDefinition|5.0';
const CC_PROVENANCE_PROFILE = 'http://medcomfhir.dk/ig/carecommunication/StructureDefinition/medcom-careCommunication-provenance';
const HN_HEADER_PROFILE = 'http://medcomfhir.dk/ig/hospitalnotification/StructureDefinition/medcom-hospitalNotification-messageHeader';
const CC_HEADER_PROFILE = 'http://medcomfhir.dk/ig/carecommunication/StructureDefinition/medcom-careCommunication-messageHeader';

const SWEDISH: Record<string, string> = {
  planerad_utskrivning: 'Planerad utskrivning',
  utskrivningsklar: 'Underrättelse: patienten är utskrivningsklar',
  avbrott: 'Utskrivningsklar återkallad (avbrott)',
  sip_kallelse: 'Kallelse till SIP',
  hemgangsbeslut: 'Hemgångsbeslut',
};

function patientIdentifier(facts: ThreadPatientCard): Identifier {
  if (facts.identityType === 'personnummer') return { system: SE_IDENTIFIERS.personnummer, value: facts.identityNumber };
  if (facts.identityType === 'samordningsnummer') return { system: SE_IDENTIFIERS.samordningsnummer, value: facts.identityNumber };
  if (facts.reserveIssuer === DK_IDENTIFIERS.cpr) return { system: DK_IDENTIFIERS.cpr, value: facts.identityNumber };
  return { system: `urn:brygga:fhir:reservnummer:${facts.reserveIssuer}`, value: facts.identityNumber };
}

function text(message: MessageDto): string {
  if (message.kind === 'fritext') return message.body ?? '';
  const details = Object.entries(message.payload ?? {})
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('\n');
  return [SWEDISH[message.kind] ?? message.kind, details, message.body ?? ''].filter(Boolean).join('\n\n');
}

const stringExtension = (url: string, value: string): Extension => ({ url, valueString: value });

/**
 * The thread's MedCom conversation identifier (a CareCommunication's Communication.identifier): the
 * one its latest received CareCommunication carried, or one Brygga makes for the thread, kept so
 * that a reply in it is found again (import.service.ts).
 */
async function conversationOf(manager: EntityManager, threadId: string): Promise<string> {
  const [known]: { value: string }[] = await manager.query(
    'SELECT value FROM fhir_episode WHERE thread_id = $1 AND system = $2 ORDER BY created_at DESC LIMIT 1',
    [threadId, CONVERSATION_SYSTEM],
  );
  if (known) return known.value;
  const value = `urn:uuid:${randomUUID()}`;
  await manager.query('INSERT INTO fhir_episode (system, value, thread_id) VALUES ($1, $2, $3)', [CONVERSATION_SYSTEM, value, threadId]);
  return value;
}

interface PreviousNotification {
  headerId: string;
  /** Its Provenances (MedCom: a follow-up carries the chain of the stay's earlier notifications). */
  provenances: Provenance[];
  /** The start of the leave the latest start-leave notification to this receiver reported. */
  leaveStart?: string;
}

/** The latest HospitalNotification this thread sent to the receiver (the outbox keeps what was sent). */
async function previousNotification(
  manager: EntityManager,
  threadId: string,
  receiverUnitId: string,
): Promise<PreviousNotification | undefined> {
  const [row]: { message_header_id: string; bundle: Bundle }[] = await manager.query(
    `SELECT message_header_id, bundle FROM fhir_outbox
      WHERE thread_id = $1 AND receiver_unit_id = $2 AND bundle #>> '{entry,0,resource,eventCoding,code}' = $3
      ORDER BY queue_position DESC LIMIT 1`,
    [threadId, receiverUnitId, EVENT.hospitalNotification],
  );
  if (!row) return undefined;
  const [leave]: { start: string | null }[] = await manager.query(
    `SELECT jsonb_path_query_first(bundle, '$.entry[*].resource ? (@.resourceType == "Encounter").extension[*] ? (@.url == $url).valuePeriod.start', jsonb_build_object('url', $3::text)) #>> '{}' AS start
       FROM fhir_outbox
      WHERE thread_id = $1 AND receiver_unit_id = $2
        AND jsonb_path_exists(bundle, '$.entry[*].resource ? (@.resourceType == "Provenance").activity.coding[*] ? (@.code == "start-leave-inpatient")')
      ORDER BY queue_position DESC LIMIT 1`,
    [threadId, receiverUnitId, LEAVE_PERIOD_EXTENSION],
  );
  const provenances = (row.bundle.entry ?? [])
    .map((e) => e.resource as Resource)
    .filter((r): r is Provenance => r?.resourceType === 'Provenance');
  return { headerId: row.message_header_id, provenances, leaveStart: leave?.start ?? undefined };
}

/**
 * The FHIR message for a Brygga message to one receiving unit: a HospitalNotification for the
 * admission and discharge notices, a CareCommunication for the rest (Brygga's own activity codes
 * where MedCom has none, the structured payload in an extension so that Brygga reads it back
 * unchanged). The Bundle id is set at each attempt; the MessageHeader id stays.
 */
export async function exportBundle(
  manager: EntityManager,
  input: {
    message: MessageDto;
    threadId: string;
    receiverUnitId: string;
    endpointUrl: string;
    headerId: string;
    /** The MessageHeader id this message corrects (sent earlier to the same receiver). */
    correctsHeaderId?: string;
    publicUrl: string;
    country: IdentifierCountry;
  },
): Promise<Bundle> {
  const { message } = input;
  const activity = EXPORT_ACTIVITIES[message.kind];
  const facts = await threadPatientCard(manager, input.threadId);
  if (!facts) throw new Error(`No thread ${input.threadId} to export from`);
  const [episode]: { system: string; value: string }[] = await manager.query(
    'SELECT system, value FROM fhir_episode WHERE thread_id = $1 AND system <> $2 ORDER BY created_at LIMIT 1',
    [input.threadId, CONVERSATION_SYSTEM],
  );
  const sender = await organisationOf(manager, message.author.unitId, input.country);
  const receiver = await organisationOf(manager, input.receiverUnitId, input.country);
  const base = `${input.publicUrl}/fhir`;
  const patient: Patient = {
    resourceType: 'Patient',
    id: randomUUID(),
    identifier: [patientIdentifier(facts)],
    name: [
      { use: 'official', family: facts.familyName, given: facts.givenName && facts.givenName !== '–' ? [facts.givenName] : undefined },
    ],
  };
  // MedCom's profiles are claimed where the deployment uses the identifiers they require (Danish CPR, SOR).
  const medcom = input.country === 'dk';
  const hospitalNotification = activity.event === EVENT.hospitalNotification;
  const payloadExtension = message.payload ? [stringExtension(BRYGGA_PAYLOAD_EXTENSION, JSON.stringify(message.payload))] : [];
  const bryggaExtensions = [
    stringExtension(BRYGGA_KIND_EXTENSION, message.kind),
    ...payloadExtension,
    ...(message.body && message.kind !== 'fritext' ? [stringExtension(BRYGGA_BODY_EXTENSION, message.body)] : []),
  ];
  let focus: Resource & { id: string };
  const previous =
    hospitalNotification && FOLLOW_UPS.has(message.kind)
      ? await previousNotification(manager, input.threadId, input.receiverUnitId)
      : undefined;
  if (activity.event === EVENT.hospitalNotification) {
    const payload = message.payload ?? {};
    const cancellation = message.kind === 'arende_makulerat';
    const admission = message.kind === 'inskrivningsmeddelande';
    const admittedAt = (facts.admittedAt ?? new Date(message.createdAt)).toISOString();
    let status: Encounter['status'];
    let period: NonNullable<Encounter['period']>;
    let extension: Extension[] = payloadExtension;
    if (cancellation) {
      [status, period, extension] = ['entered-in-error', { start: admittedAt }, []];
    } else if (admission) {
      [status, period] = ['in-progress', { start: String(payload.inskrivenAt) }];
    } else if (message.kind === 'permission') {
      status = 'onleave';
      period = { start: admittedAt };
      extension = [{ url: LEAVE_PERIOD_EXTENSION, valuePeriod: { start: String(payload.permissionFran) } }];
    } else if (message.kind === 'permission_slut') {
      status = 'in-progress';
      period = { start: admittedAt };
      extension = [
        {
          url: LEAVE_PERIOD_EXTENSION,
          valuePeriod: { ...(previous?.leaveStart ? { start: previous.leaveStart } : {}), end: String(payload.aterkomstAt) },
        },
      ];
    } else if (message.kind === 'dodsfall') {
      [status, period, extension] = ['finished', { start: admittedAt, end: String(payload.avlidenAt) }, []];
      patient.deceasedBoolean = true;
    } else {
      status = 'finished';
      period = { ...(facts.admittedAt ? { start: facts.admittedAt.toISOString() } : {}), end: String(payload.utskrivenAt) };
    }
    const encounter: Encounter = {
      resourceType: 'Encounter',
      id: randomUUID(),
      extension,
      status,
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: `Patient/${patient.id}` },
      episodeOfCare: [{ identifier: episode ?? { system: BRYGGA_EPISODE_SYSTEM, value: input.threadId } }],
      period,
      serviceProvider: { reference: `Organization/${sender.id}` },
    };
    focus = encounter as Encounter & { id: string };
  } else {
    const communication: Communication = {
      resourceType: 'Communication',
      id: randomUUID(),
      identifier: [{ value: await conversationOf(manager, input.threadId) }],
      // Under MedCom's profiles a Communication's extensions name its sender: Brygga's own go on the MessageHeader there.
      ...(medcom ? {} : { extension: bryggaExtensions }),
      status: 'unknown',
      category: [{ coding: [{ system: MEDCOM_CC_CATEGORY_CODES, code: 'other' }] }],
      subject: { reference: `Patient/${patient.id}` },
      payload: [{ contentString: text(message) }],
    };
    focus = communication as Communication & { id: string };
  }
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: input.headerId,
    ...(medcom ? { meta: { profile: [hospitalNotification ? HN_HEADER_PROFILE : CC_HEADER_PROFILE] } } : {}),
    ...(medcom && !hospitalNotification ? { extension: bryggaExtensions } : {}),
    eventCoding: { system: MEDCOM_EVENT_CODES, code: activity.event },
    destination: [{ extension: primaryDestination(), endpoint: input.endpointUrl, receiver: { reference: `Organization/${receiver.id}` } }],
    ...(medcom && !hospitalNotification ? { definition: CC_DEFINITION } : {}),
    sender: { reference: `Organization/${sender.id}` },
    source: { endpoint: base },
    focus: [{ reference: `${focus.resourceType}/${focus.id}` }],
  };
  const code = input.correctsHeaderId && activity.revise ? activity.revise : activity.code;
  // MedCom's CareCommunication has one activity for a new message: Brygga's notices are that, their kind in the extension.
  const medcomActivity = medcom && !hospitalNotification && activity.system !== MEDCOM_ACTIVITY_CODES;
  const provenance: Provenance = {
    resourceType: 'Provenance',
    id: randomUUID(),
    ...(medcom && !hospitalNotification ? { meta: { profile: [CC_PROVENANCE_PROFILE] } } : {}),
    target: [{ reference: `MessageHeader/${header.id}` }],
    occurredDateTime: message.createdAt,
    recorded: message.createdAt,
    activity: { coding: [medcomActivity ? { system: MEDCOM_ACTIVITY_CODES, code: 'new-message' } : { system: activity.system, code }] },
    agent: [{ who: { reference: `Organization/${sender.id}` } }],
    ...(input.correctsHeaderId || previous
      ? { entity: [{ role: 'revision' as const, what: { reference: `MessageHeader/${input.correctsHeaderId ?? previous!.headerId}` } }] }
      : medcom && !hospitalNotification
        ? // MedCom's CareCommunication: the message segment this Provenance records, by its identifier.
          { entity: [{ role: 'source' as const, what: { identifier: { value: `urn:uuid:${message.id}` } } }] }
        : {}),
  };
  // The person who wrote a CareCommunication (MedCom: the author's name is in the message).
  const author: Practitioner | undefined = hospitalNotification
    ? undefined
    : { resourceType: 'Practitioner', id: randomUUID(), name: [practitionerName(message.author.name)] };
  const role: PractitionerRole | undefined = author && {
    resourceType: 'PractitionerRole',
    id: randomUUID(),
    practitioner: { reference: `Practitioner/${author.id}` },
    organization: { reference: `Organization/${sender.id}` },
  };
  const entry = (resource: Resource & { id?: string }): BundleEntry => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource: resource as BundleEntry['resource'],
  });
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    ...(medcom
      ? {
          meta: {
            profile: [hospitalNotification ? MEDCOM_MESSAGE_PROFILES.hospitalNotification : MEDCOM_MESSAGE_PROFILES.careCommunication],
          },
        }
      : {}),
    type: 'message',
    timestamp: new Date().toISOString(),
    entry: [
      header,
      patient,
      focus,
      sender,
      ...(receiver.id !== sender.id ? [receiver] : []),
      // The stay's earlier Provenances, as MedCom's follow-ups carry them (those whose agent is in this message).
      ...(previous?.provenances ?? []).filter((p) => p.agent?.every((a) => a.who?.reference === `Organization/${sender.id}`)),
      provenance,
      ...(author && role ? [author, role] : []),
    ].map(entry),
  };
}
