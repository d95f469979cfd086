export * from './citizens.entities';
export * from './citizens.module';
export * from './citizen-access.service';
export * from './citizens.dto';
