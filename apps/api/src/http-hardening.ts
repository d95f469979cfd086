import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { assertInputShape } from '@brygga/common';
import { FHIR_BODY_READ } from '@brygga/fhir';

const PRIVATE_PREFIXES = ['/api/', '/auth/'];

/**
 * Every /api and /auth answer may carry patient data or a login step: no browser or proxy may
 * keep a copy (Cache-Control: no-store), whatever route, error or redirect produces it.
 */
export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/api' || req.path === '/auth' || PRIVATE_PREFIXES.some((p) => req.path.startsWith(p))) {
    res.setHeader('Cache-Control', 'no-store');
  }
  next();
}

/** NUL in a path segment reaches services as a string PostgreSQL cannot take. */
const ENCODED_NUL = /%00/i;

/**
 * Before validation: a parsed body or query that is too deep, has too many keys or holds a NUL
 * is refused with a short 400 (see INPUT_LIMITS); the error handler in bootstrap answers it.
 * FHIR messages have their own rules (libs/fhir).
 */
export function inputShapeGuard(req: Request, res: Response, next: NextFunction): void {
  try {
    if (ENCODED_NUL.test(req.originalUrl)) assertInputShape('\u0000', 'url');
    assertInputShape(req.query, 'query');
    // A FHIR message was judged by FHIR's rules when it was read (libs/fhir/src/fhir-shape.ts): a valid
    // Bundle of 1,000 entries has far more fields than any of the api's own bodies may.
    if (req.body !== undefined && !res.locals[FHIR_BODY_READ]) assertInputShape(req.body);
    next();
  } catch (error) {
    next(error);
  }
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers over its 16 KB
 * limit, a malformed request line) get a short Swedish JSON answer instead of an empty one.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({
      statusCode: tooLarge ? 431 : 400,
      error: tooLarge ? 'headers_too_large' : 'bad_request',
      message: tooLarge ? 'Adressen eller huvudena i begäran är för långa.' : 'Begäran kunde inte tolkas.',
    });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
