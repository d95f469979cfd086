export * from './actor-resolver';
export * from './access.guard';
export * from './auth.module';
export * from './session.entities';
export * from './session.service';
export * from './oidc.service';
export * from './pages';
