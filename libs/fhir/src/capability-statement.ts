import type { CapabilityStatement } from 'fhir/r4';
import { MEDCOM_MESSAGE_PROFILES } from './codes';

/** When this statement's content last changed (FHIR requires a date). */
const STATEMENT_DATE = '2026-12-06';

/**
 * What Brygga's FHIR endpoint does (GET /fhir/metadata, FHIR R4 §3.1.0.1): messaging only, the
 * MedCom messages it receives and sends with their profiles, $process-message and $validate,
 * OAuth 2.0 client credentials as the security.
 */
export function capabilityStatement(publicUrl: string): CapabilityStatement {
  const profiles = Object.values(MEDCOM_MESSAGE_PROFILES);
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STATEMENT_DATE,
    publisher: 'Brygga',
    kind: 'instance',
    software: { name: 'Brygga' },
    implementation: { description: 'Brygga: samordnad utskrivning (FHIR-meddelanden)', url: `${publicUrl}/fhir` },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Meddelanden enligt MedCom (HospitalNotification, CareCommunication, Acknowledgement) som FHIR R4-Bundles.',
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] }],
          description:
            'OAuth 2.0 client credentials: en JWT-åtkomsttoken (RFC 9068) för Bryggas FHIR-målgrupp i Authorization: Bearer. Systemet agerar för den enhet det är registrerat för.',
        },
        resource: [
          {
            type: 'Bundle',
            supportedProfile: profiles,
            operation: [{ name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' }],
          },
        ],
        operation: [
          { name: 'process-message', definition: 'http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message' },
          { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' },
        ],
      },
    ],
    messaging: [
      {
        endpoint: [
          {
            protocol: { system: 'http://terminology.hl7.org/CodeSystem/message-transport', code: 'http' },
            address: `${publicUrl}/fhir/$process-message`,
          },
        ],
        reliableCache: 0,
        documentation:
          'Tillförlitlig meddelandehantering enligt MedCom: varje meddelande kvitteras (Acknowledgement); en dubblett eller ett omsänt meddelande får samma kvittens och tillämpas en gång.',
        supportedMessage: [
          ...profiles.map((definition) => ({ mode: 'receiver' as const, definition })),
          ...profiles.map((definition) => ({ mode: 'sender' as const, definition })),
        ],
      },
    ],
  };
}
