import { Module } from '@nestjs/common';
import { Patient } from './patient.entity';
import { PatientIdentityCorrection } from './patient-correction.entity';
import { PatientsService } from './patients.service';

@Module({ providers: [PatientsService], exports: [PatientsService] })
export class PatientsModule {}

export const PATIENT_ENTITIES = [Patient, PatientIdentityCorrection];
