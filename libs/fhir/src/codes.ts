/** Code systems and identifier systems of the messages Brygga exchanges (MedCom's, HL7 Sweden's, Brygga's own). */

const MEDCOM = 'http://medcomfhir.dk/ig/terminology/CodeSystem';
export const MEDCOM_EVENT_CODES = `${MEDCOM}/medcom-messaging-eventCodes`;
export const MEDCOM_ACTIVITY_CODES = `${MEDCOM}/medcom-messaging-activityCodes`;
export const MEDCOM_CC_CATEGORY_CODES = `${MEDCOM}/medcom-careCommunication-categoryCodes`;

export const EVENT = {
  hospitalNotification: 'hospital-notification-message',
  careCommunication: 'care-communication-message',
  acknowledgement: 'acknowledgement-message',
} as const;

/** Brygga's own activity codes, for the discharge law's messages MedCom has no code for. */
export const BRYGGA_ACTIVITY_CODES = 'urn:brygga:fhir:activity';
/** Extension carrying a structured Brygga payload (JSON) in a CareCommunication, for a lossless round trip. */
export const BRYGGA_PAYLOAD_EXTENSION = 'urn:brygga:fhir:extension:payload';
/** Extension naming the Brygga message kind of a CareCommunication. */
export const BRYGGA_KIND_EXTENSION = 'urn:brygga:fhir:extension:kind';
/** Extension carrying the free text that goes with a structured Brygga message. */
export const BRYGGA_BODY_EXTENSION = 'urn:brygga:fhir:extension:body';
/**
 * The `fhir_episode` system under which a MedCom CareCommunication conversation identifier
 * (Communication.identifier) is mapped to its thread, both for conversations received and sent.
 */
export const CONVERSATION_SYSTEM = 'urn:brygga:fhir:medcom-conversation';
/** The identifier system of episodes of care (threads) that Brygga itself opened. */
export const BRYGGA_EPISODE_SYSTEM = 'urn:brygga:fhir:episode';

export const SE_IDENTIFIERS = {
  personnummer: 'http://electronichealth.se/identifier/personnummer',
  samordningsnummer: 'http://electronichealth.se/identifier/samordningsnummer',
  hsaId: 'urn:oid:1.2.752.29.4.19',
  /** HSA-id under the older OID some contracts still use. */
  hsaIdOld: 'urn:oid:1.2.752.129.2.1.4.1',
} as const;

export const DK_IDENTIFIERS = {
  cpr: 'urn:oid:1.2.208.176.1.2',
  sor: 'urn:oid:1.2.208.176.1.1',
  ean: 'https://www.gs1.org/gln',
} as const;

export type IdentifierCountry = 'se' | 'dk';

/** The organisation identifier systems a deployment accepts, its HSA-id (or SOR) first. */
export function organisationSystems(country: IdentifierCountry): string[] {
  return country === 'se' ? [SE_IDENTIFIERS.hsaId, SE_IDENTIFIERS.hsaIdOld] : [DK_IDENTIFIERS.sor, DK_IDENTIFIERS.ean];
}

/**
 * The identifier systems an Organization is matched on: those that name one unit. A Danish EAN
 * (GLN) location number is shared (a municipality's EAN covers many SOR units), so in a Danish
 * deployment only the SOR code decides; the EAN is still sent.
 */
export function matchingSystems(country: IdentifierCountry): string[] {
  return country === 'se' ? [SE_IDENTIFIERS.hsaId, SE_IDENTIFIERS.hsaIdOld] : [DK_IDENTIFIERS.sor];
}

/** The MedCom message profiles (Bundle) Brygga receives and sends. */
export const MEDCOM_MESSAGE_PROFILES = {
  hospitalNotification: 'http://medcomfhir.dk/ig/hospitalnotification/StructureDefinition/medcom-hospitalNotification-message',
  careCommunication: 'http://medcomfhir.dk/ig/carecommunication/StructureDefinition/medcom-careCommunication-message',
  acknowledgement: 'http://medcomfhir.dk/ig/acknowledgement/StructureDefinition/medcom-messaging-acknowledgement',
} as const;

export const MEDCOM_PROFILES = MEDCOM_MESSAGE_PROFILES;
