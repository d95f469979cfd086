import type { NextFunction, Request, RequestHandler, Response } from 'express';
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

/**
 * A middleware that only sets the same headers on every answer (helmet's eleven, none of which
 * depends on the request) as one middleware that sets the headers it was seen to set, worked
 * out once at start: one call and a loop per request instead of eleven middlewares.
 */
export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const headers: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  let done = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  // A request nothing can be read from: a middleware that looks at it fails here, at start, not per request.
  const nothing = new Proxy({} as Request, {
    get: (_target, key) => {
      throw new Error(`fixedHeaders: the middleware reads the request (${String(key)}); it cannot be worked out once`);
    },
  });
  void middleware(nothing, recorder as unknown as Response, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    done = true;
  });
  if (!done) throw new Error('fixedHeaders: the middleware did not call next() at once');
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
