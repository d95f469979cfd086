export * from './dev-idp';
