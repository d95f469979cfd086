/** The typed socket.io contract lives in @brygga/contracts, shared with the web client. */
export type { Ack, ClientToServerEvents, ServerToClientEvents } from '@brygga/contracts';
export { CLIENT_EVENTS } from '@brygga/contracts';

export const rooms = {
  thread: (id: string) => `thread:${id}`,
  unit: (id: string) => `unit:${id}`,
  user: (id: string) => `user:${id}`,
  session: (sid: string) => `session:${sid}`,
};
