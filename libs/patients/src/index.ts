export * from './identity-number';
export * from './patient.entity';
export * from './patient.dto';
export * from './patients.service';
export * from './patients.module';
export * from './patient-correction.entity';
