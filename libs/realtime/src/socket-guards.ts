import type { Socket } from 'socket.io';
import { CLIENT_EVENTS } from './socket-events';

const RATE_PER_SECOND = 20;
const BURST = 40;
const STRIKES_BEFORE_DISCONNECT = 20;

type Packet = unknown[];

/**
 * Per-connection protection: unknown events get an error acknowledgement, a flood gets 429
 * acknowledgements and then the connection is closed. Nothing here reaches a service.
 */
export function guardSocket(socket: Socket): void {
  let tokens = BURST;
  let last = Date.now();
  let strikes = 0;
  const refuse = (packet: Packet, statusCode: number, message: string): void => {
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: false, error: { statusCode, message } });
  };
  socket.use((packet: Packet, next) => {
    const now = Date.now();
    tokens = Math.min(BURST, tokens + ((now - last) / 1000) * RATE_PER_SECOND);
    last = now;
    if (tokens < 1) {
      refuse(packet, 429, 'För många förfrågningar. Försök igen om en stund.');
      if (++strikes >= STRIKES_BEFORE_DISCONNECT) socket.disconnect(true);
      return;
    }
    tokens -= 1;
    if (!(CLIENT_EVENTS as readonly unknown[]).includes(packet[0])) {
      refuse(packet, 400, 'Okänd händelse.');
      return;
    }
    next();
  });
}
