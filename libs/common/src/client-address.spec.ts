import { Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { clientAddress } from './client-address';

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  const socket = Object.defineProperty(new Socket(), 'remoteAddress', { value: remoteAddress });
  return { socket, connection: socket, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} } as unknown as IncomingMessage;
}

describe('client address', () => {
  it('ignores X-Forwarded-For unless the peer is a configured proxy', () => {
    expect(clientAddress(request('127.0.0.1', '203.0.113.9'), false)).toBe('127.0.0.1');
    expect(clientAddress(request('10.0.0.5', '203.0.113.9'), 'loopback')).toBe('10.0.0.5');
    expect(clientAddress(request('127.0.0.1', '203.0.113.9'), 'loopback')).toBe('203.0.113.9');
  });

  it('walks back only through trusted hops', () => {
    // A client that sends its own X-Forwarded-For through one trusted proxy cannot choose its address.
    expect(clientAddress(request('10.0.0.2', '198.51.100.1, 203.0.113.9'), '10.0.0.0/8')).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2', '198.51.100.1, 203.0.113.9'), 1)).toBe('203.0.113.9');
  });
});
