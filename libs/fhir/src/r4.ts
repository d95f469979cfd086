/** FHIR R4 types (@types/fhir, its R4 module), in one place for the lib. */
export type {
  Bundle,
  BundleEntry,
  MessageHeader,
  Provenance,
  Patient,
  Encounter,
  Organization,
  Communication,
  OperationOutcome,
  OperationOutcomeIssue,
  Identifier,
  Reference,
  Extension,
  Resource,
  FhirResource,
} from 'fhir/r4';
