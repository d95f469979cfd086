import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { cleanText, conflict, invalid, notFound } from '@brygga/common';
import { normaliseIdentityNumber, type IdentityType } from './identity-number';
import type { CorrectIdentityDto, PatientInputDto } from './patient.dto';
import { Patient } from './patient.entity';

@Injectable()
export class PatientsService {
  /**
   * The patient with this identity, created when new. A protected-identity flag is only ever
   * tightened by a later registration, never loosened.
   */
  async findOrCreate(manager: EntityManager, input: PatientInputDto): Promise<Patient> {
    // The caller gets the stored record (which an earlier registration may have named differently
    // or marked protected): it must not show the user more than they typed.
    const { type, number, issuer } = this.identity(input);
    const rows: Patient[] = await manager.query(
      `INSERT INTO patient (identity_type, identity_number, reserve_issuer, given_name, family_name, protected_identity)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT patient_identity
       DO UPDATE SET protected_identity = patient.protected_identity OR EXCLUDED.protected_identity
       RETURNING id`,
      // The same text rules as every input, whichever way the name came (a form, another system).
      [
        type,
        number,
        issuer,
        cleanText(input.givenName, 'patient.givenName'),
        cleanText(input.familyName, 'patient.familyName'),
        input.protectedIdentity ?? false,
      ],
    );
    return manager.findOneByOrFail(Patient, { id: rows[0].id });
  }

  /** The id of the patient with this identity, if registered (nothing is created). */
  async findId(manager: EntityManager, input: PatientInputDto): Promise<string | undefined> {
    const { type, number, issuer } = this.identity(input);
    const found = await manager.findOneBy(Patient, { identityType: type, identityNumber: number, reserveIssuer: issuer });
    return found?.id;
  }

  /**
   * Replaces the patient's identity number (a reserve number by a personnummer, say) through the
   * one database function that may (brygga_correct_patient_identity): the correction row with old
   * and new is written in the same statement, in the caller's transaction, which also writes the
   * access-log row. A number another patient already has is a 409, and nothing changes.
   */
  async correctIdentity(
    manager: EntityManager,
    patientId: string,
    input: CorrectIdentityDto,
    byUserId: string,
  ): Promise<{ correctionId: string; old: { type: IdentityType; number: string }; new: { type: IdentityType; number: string } }> {
    const next = this.identity(input as PatientInputDto);
    const current = await manager.findOneBy(Patient, { id: patientId });
    if (!current) throw notFound('Patienten');
    if (current.identityType === next.type && current.identityNumber === next.number) {
      throw conflict('Patienten har redan det identitetsnumret.');
    }
    try {
      const [{ id }]: { id: string }[] = await manager.query('SELECT brygga_correct_patient_identity($1, $2, $3, $4, $5, $6) AS id', [
        patientId,
        next.type,
        next.number,
        next.issuer,
        byUserId,
        input.orsak?.trim() || null,
      ]);
      return {
        correctionId: id,
        old: { type: current.identityType, number: current.identityNumber },
        new: { type: next.type, number: next.number },
      };
    } catch (error) {
      const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      if (driver?.code === '23505' && driver.constraint === 'patient_identity') {
        throw conflict('Identitetsnumret används redan av en annan patient i Brygga. Kontrollera numret.');
      }
      throw error;
    }
  }

  private identity(input: PatientInputDto): { type: IdentityType; number: string; issuer: string } {
    if (input.personnummer !== undefined) {
      const number = normaliseIdentityNumber(input.personnummer, 'personnummer');
      if (!number) throw invalid('patient.personnummer', 'är inte ett giltigt personnummer');
      return { type: 'personnummer', number, issuer: '' };
    }
    if (input.samordningsnummer !== undefined) {
      const number = normaliseIdentityNumber(input.samordningsnummer, 'samordningsnummer');
      if (!number) throw invalid('patient.samordningsnummer', 'är inte ett giltigt samordningsnummer');
      return { type: 'samordningsnummer', number, issuer: '' };
    }
    if (input.reservnummer) {
      return { type: 'reservnummer', number: input.reservnummer.value.toUpperCase(), issuer: input.reservnummer.issuer };
    }
    throw invalid('patient', 'ange personnummer, samordningsnummer eller reservnummer');
  }
}
