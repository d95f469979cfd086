import type { EntityManager } from 'typeorm';
import { cleanText } from '@brygga/common';
import { unitCard, unitIdsByHsaId } from '@brygga/directory';
import { normaliseIdentityNumber, type PatientInputDto } from '@brygga/patients';
import { FhirRefusal } from './bundle-reader';
import { DK_IDENTIFIERS, matchingSystems, organisationSystems, SE_IDENTIFIERS, type IdentifierCountry } from './codes';
import type { Identifier, Organization, Patient } from './r4';

/** The patient's identity as Brygga stores it, from the identifier systems the deployment accepts. */
export function patientIdentity(
  patient: Patient,
  country: IdentifierCountry,
): Pick<PatientInputDto, 'personnummer' | 'samordningsnummer' | 'reservnummer'> {
  const identifiers = patient.identifier ?? [];
  const known = country === 'se' ? [SE_IDENTIFIERS.personnummer, SE_IDENTIFIERS.samordningsnummer] : [DK_IDENTIFIERS.cpr];
  const identifier = identifiers.find((i) => i.system && (known as string[]).includes(i.system));
  if (!identifier?.value) {
    const systems = identifiers.map((i) => i.system ?? '(inget system)').join(', ');
    throw new FhirRefusal(
      'code-invalid',
      `Patientens identifierare har ett okänt system (${systems}); godtas: ${known.join(', ')}.`,
      'Patient.identifier.system',
    );
  }
  if (identifier.system === DK_IDENTIFIERS.cpr) {
    if (!/^\d{10}$/.test(identifier.value))
      throw new FhirRefusal('value', 'CPR-numret måste vara tio siffror.', 'Patient.identifier.value');
    // Stored like a reserve number: with the issuing system (the Danish CPR register) beside it.
    return { reservnummer: { issuer: DK_IDENTIFIERS.cpr, value: identifier.value } };
  }
  const kind = identifier.system === SE_IDENTIFIERS.personnummer ? 'personnummer' : 'samordningsnummer';
  if (!normaliseIdentityNumber(identifier.value, kind))
    throw new FhirRefusal('value', `Patientens ${kind} är inte giltigt.`, 'Patient.identifier.value');
  return { [kind]: identifier.value };
}

/** The patient's name as sent (MedCom's examples give the family name only). */
export function patientName(patient: Patient): { givenName: string; familyName: string } {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  return {
    givenName: cleanText((name?.given ?? []).join(' '), 'Patient.name.given') || '–',
    familyName: cleanText(name?.family ?? '', 'Patient.name.family') || '–',
  };
}

/**
 * The directory unit an Organization names, by an identifier that names one unit (HSA-id; SOR, never
 * the shared EAN: matchingSystems); undefined when none.
 */
export async function unitOf(manager: EntityManager, organisation: Organization, country: IdentifierCountry): Promise<string | undefined> {
  const systems = matchingSystems(country);
  const identifiers = (organisation.identifier ?? []).filter((i): i is Identifier & { system: string; value: string } =>
    Boolean(i.system && i.value && systems.includes(i.system)),
  );
  if (!identifiers.length) return undefined;
  const hsaIds = identifiers.filter((i) => i.system === SE_IDENTIFIERS.hsaId || i.system === SE_IDENTIFIERS.hsaIdOld).map((i) => i.value);
  const rows: { unit_id: string }[] = await manager.query(
    'SELECT unit_id FROM unit_identifier WHERE (system, value) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
    [identifiers.map((i) => i.system), identifiers.map((i) => i.value)],
  );
  const units = [...new Set([...(await unitIdsByHsaId(manager, hsaIds)), ...rows.map((r) => r.unit_id)])];
  if (units.length > 1)
    throw new FhirRefusal('multiple-matches', `Organisationen ${organisation.name ?? ''} motsvarar flera enheter i katalogen.`);
  return units[0];
}

/** An Organization resource for a directory unit, as Brygga sends it (HSA-id, or the unit's other identifiers). */
export async function organisationOf(manager: EntityManager, unitId: string, country: IdentifierCountry): Promise<Organization> {
  const unit = await unitCard(manager, unitId);
  const others: { system: string; value: string }[] = await manager.query(
    'SELECT system, value FROM unit_identifier WHERE unit_id = $1 ORDER BY system, value',
    [unitId],
  );
  const systems = organisationSystems(country);
  const identifier: Identifier[] = [
    ...(country === 'se' && unit?.hsaId ? [{ system: SE_IDENTIFIERS.hsaId, value: unit.hsaId }] : []),
    ...others.filter((o) => systems.includes(o.system)).map((o) => ({ system: o.system, value: o.value })),
  ];
  return { resourceType: 'Organization', id: unitId, identifier, name: unit?.name ?? '' };
}
