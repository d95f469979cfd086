import type { Bundle, Encounter, FhirResource, MessageHeader, Organization, Patient, Provenance, Reference } from './r4';

/** A message the sender must fix: answered with a fatal-error acknowledgement and an OperationOutcome in Swedish. */
export class FhirRefusal extends Error {
  constructor(
    /** A standard OperationOutcome issue code (http://hl7.org/fhir/issue-type). */
    readonly issueCode: string,
    message: string,
    readonly expression?: string,
  ) {
    super(message);
  }
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Reads the resources of a message Bundle and resolves its references as FHIR does within a
 * Bundle: by an entry's fullUrl (an absolute URL or a `urn:uuid:`), or relative ("Organization/x").
 */
export class BundleReader {
  readonly resources: FhirResource[];
  private readonly byFullUrl: Map<string, FhirResource>;

  constructor(readonly bundle: Bundle) {
    this.resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => Boolean(r));
    this.byFullUrl = new Map(
      (bundle.entry ?? []).filter((e) => typeof e.fullUrl === 'string' && e.resource).map((e) => [e.fullUrl!, e.resource!]),
    );
  }

  get header(): MessageHeader {
    return this.resources[0] as MessageHeader;
  }

  get bundleId(): string {
    return this.bundle.id!;
  }

  ofType<T extends FhirResource>(type: T['resourceType']): T[] {
    return this.resources.filter((r): r is T => r.resourceType === type);
  }

  /** The resource a reference points at, within the Bundle. */
  resolve<T extends FhirResource>(reference: Reference | undefined, type: T['resourceType'], field: string): T {
    const ref = reference?.reference ?? '';
    const [refType, refId] = ref.split('/').slice(-2);
    const found = this.byFullUrl.get(ref) ?? this.resources.find((r) => r.resourceType === refType && r.id === refId);
    if (!found || found.resourceType !== type) throw new FhirRefusal('invalid', `${field} pekar inte på en ${type} i meddelandet.`, field);
    return found as T;
  }

  /** The Provenance of this message (its target is the MessageHeader), with its activity code. */
  provenance(): Provenance {
    const headerId = this.header.id;
    const own = this.ofType<Provenance>('Provenance').filter((p) =>
      (p.target ?? []).some((t) => referencedId(t, 'MessageHeader') === headerId || this.byFullUrl.get(t.reference ?? '') === this.header),
    );
    if (!own.length)
      throw new FhirRefusal(
        'required',
        'Meddelandet saknar en Provenance för sin MessageHeader.',
        'Bundle.entry.resource.ofType(Provenance)',
      );
    return own[0];
  }

  activityCode(): string | undefined {
    return this.provenance().activity?.coding?.[0]?.code;
  }

  /** The MessageHeader ids this message revises or removes (Provenance.entity). */
  predecessors(role: 'revision' | 'removal' | 'any' = 'any'): string[] {
    return (this.provenance().entity ?? [])
      .filter((e) => (role === 'any' ? e.role === 'revision' || e.role === 'removal' : e.role === role))
      .map((e) => referencedId(e.what, 'MessageHeader'))
      .filter((id): id is string => Boolean(id));
  }

  sender(): Organization {
    return this.resolve<Organization>(this.header.sender, 'Organization', 'MessageHeader.sender');
  }

  receiver(): Organization {
    const destination = this.header.destination?.[0];
    return this.resolve<Organization>(destination?.receiver, 'Organization', 'MessageHeader.destination.receiver');
  }

  patient(): Patient {
    const patients = this.ofType<Patient>('Patient');
    if (patients.length !== 1)
      throw new FhirRefusal('required', 'Meddelandet ska innehålla exakt en Patient.', 'Bundle.entry.resource.ofType(Patient)');
    return patients[0];
  }

  encounter(): Encounter {
    return this.resolve<Encounter>(this.header.focus?.[0], 'Encounter', 'MessageHeader.focus');
  }
}

export function referencedId(reference: Reference | undefined, type: string): string | undefined {
  const [refType, refId] = (reference?.reference ?? '').split('/').slice(-2);
  return refType === type && refId && ID.test(refId) ? refId : undefined;
}

export function isFhirId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}
