/**
 * @brygga/contracts: what the api and the web client share, as plain TypeScript (no Nest, no
 * decorators, nothing that runs on a server): enumerations, message-kind payloads and the typed
 * socket event map. The HTTP shapes are in libs/contracts/openapi.json, generated from the api's classes.
 */
export * from './enums';
export * from './message-kinds';
export * from './socket-events';
