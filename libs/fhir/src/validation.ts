import { Fhir } from 'fhir';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { FhirRefusal } from './bundle-reader';
import { EVENT } from './codes';

/**
 * MedCom's messaging rules, as FHIRPath expressions over the Bundle (fhirpath.js, the HL7
 * reference implementation): each must be true, or the message is refused with its issue code
 * and a Swedish text. The order matters: the first broken rule is the one reported.
 */
export interface MessagingRule {
  key: string;
  expression: string;
  issueCode: string;
  text: string;
  /** Only for messages of this event. */
  event?: string;
}

export const MESSAGING_RULES: MessagingRule[] = [
  {
    key: 'bundle-message',
    expression: "Bundle.type = 'message'",
    issueCode: 'invalid',
    text: 'Bundle.type måste vara "message": detta är inte ett meddelande.',
  },
  {
    key: 'bundle-id',
    expression: 'Bundle.id.exists() and Bundle.timestamp.exists()',
    issueCode: 'required',
    text: 'Bundle måste ha id och timestamp.',
  },
  {
    key: 'header-first',
    expression: 'Bundle.entry.first().resource is MessageHeader',
    issueCode: 'structure',
    text: 'Första posten i meddelandet måste vara dess MessageHeader.',
  },
  {
    key: 'one-header',
    expression: 'Bundle.entry.resource.ofType(MessageHeader).count() = 1',
    issueCode: 'structure',
    text: 'Meddelandet får bara ha en MessageHeader.',
  },
  { key: 'header-id', expression: 'Bundle.entry.first().resource.id.exists()', issueCode: 'required', text: 'MessageHeader saknar id.' },
  {
    key: 'event-code',
    expression: 'Bundle.entry.first().resource.event.code.exists()',
    issueCode: 'required',
    text: 'MessageHeader saknar händelsekod (eventCoding).',
  },
  {
    key: 'sender',
    expression: 'Bundle.entry.first().resource.sender.reference.exists()',
    issueCode: 'required',
    text: 'MessageHeader saknar avsändare (sender).',
  },
  {
    key: 'receiver',
    expression: 'Bundle.entry.first().resource.destination.receiver.reference.exists()',
    issueCode: 'required',
    text: 'MessageHeader saknar mottagare (destination.receiver).',
  },
  {
    key: 'provenance',
    expression:
      "Bundle.entry.resource.ofType(Provenance).where(target.reference.select($this.endsWith('MessageHeader/' & %headerId) or $this = %headerUrl).allTrue() and target.exists()).exists()",
    issueCode: 'required',
    text: 'Meddelandet saknar en Provenance för sin MessageHeader (Provenance.target).',
  },
  {
    key: 'provenance-activity',
    expression: 'Bundle.entry.resource.ofType(Provenance).all(activity.coding.code.exists())',
    issueCode: 'required',
    text: 'Varje Provenance måste ha en aktivitetskod.',
  },
  {
    key: 'hn-encounter',
    event: EVENT.hospitalNotification,
    expression: 'Bundle.entry.resource.ofType(Encounter).count() = 1',
    issueCode: 'required',
    text: 'En HospitalNotification måste ha exakt en Encounter.',
  },
  {
    key: 'hn-episode',
    event: EVENT.hospitalNotification,
    expression: 'Bundle.entry.resource.ofType(Encounter).episodeOfCare.identifier.where(system.exists() and value.exists()).exists()',
    issueCode: 'required',
    text: 'Encounter saknar vårdepisodens identifierare (episodeOfCare.identifier med system och value).',
  },
  {
    key: 'patient',
    event: EVENT.hospitalNotification,
    expression: 'Bundle.entry.resource.ofType(Patient).identifier.exists()',
    issueCode: 'required',
    text: 'Patienten saknar identifierare.',
  },
  {
    key: 'cc-patient',
    event: EVENT.careCommunication,
    expression: 'Bundle.entry.resource.ofType(Patient).identifier.exists()',
    issueCode: 'required',
    text: 'Patienten saknar identifierare.',
  },
  {
    key: 'cc-communication',
    event: EVENT.careCommunication,
    expression: 'Bundle.entry.resource.ofType(Communication).payload.exists()',
    issueCode: 'required',
    text: 'CareCommunication saknar innehåll (Communication.payload).',
  },
  {
    key: 'ack-response',
    event: EVENT.acknowledgement,
    expression: 'Bundle.entry.first().resource.response.where(identifier.exists() and code.exists()).exists()',
    issueCode: 'required',
    text: 'En kvittens måste ange vilket meddelande den kvitterar och med vilken kod (MessageHeader.response).',
  },
];

const structure = new Fhir();

/** Structure errors of FHIR R4 (the `fhir` package's validator, which knows every R4 resource and data type). */
export function structureErrors(resource: unknown): string[] {
  const result = structure.validate(resource as object, {});
  return result.messages.filter((m) => m.severity === 'error').map((m) => `${m.location ?? ''}: ${m.message ?? ''}`);
}

/** Throws a FhirRefusal for the first rule the message breaks, then for any R4 structure error. */
export function validateMessage(bundle: unknown): void {
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle) || (bundle as { resourceType?: unknown }).resourceType !== 'Bundle') {
    throw new FhirRefusal('invalid', 'Meddelandet måste vara en FHIR Bundle (resourceType "Bundle").', 'Bundle');
  }
  const first = (bundle as { entry?: { resource?: { id?: unknown; eventCoding?: { code?: unknown } } }[] }).entry?.[0]?.resource;
  const headerId = typeof first?.id === 'string' ? first.id : '';
  // A reference by the MessageHeader's fullUrl (a urn:uuid, FHIR allows it) names it as well as MessageHeader/<id>.
  const fullUrl = (bundle as { entry?: { fullUrl?: unknown }[] }).entry?.[0]?.fullUrl;
  const headerUrl = typeof fullUrl === 'string' ? fullUrl : '';
  const event = typeof first?.eventCoding?.code === 'string' ? first.eventCoding.code : '';
  for (const rule of MESSAGING_RULES) {
    if (rule.event && rule.event !== event) continue;
    const [ok] = fhirpath.evaluate(bundle, rule.expression, { headerId, headerUrl }, r4Model) as unknown[];
    if (ok !== true) throw new FhirRefusal(rule.issueCode, rule.text, rule.expression);
  }
  const errors = structureErrors(bundle);
  if (errors.length) {
    throw new FhirRefusal(
      'structure',
      `Meddelandet följer inte FHIR R4: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? ` (och ${errors.length - 5} fel till)` : ''}`,
    );
  }
}
