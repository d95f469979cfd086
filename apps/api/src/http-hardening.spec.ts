import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { fixedHeaders } from './http-hardening';

/** The headers a middleware leaves on a response that already had X-Powered-By. */
function headersAfter(middleware: RequestHandler): Record<string, unknown> {
  const headers: Record<string, unknown> = { 'x-powered-by': 'Express' };
  const res = {
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  let nexts = 0;
  void middleware({ headers: {} } as Request, res as unknown as Response, (() => nexts++) as NextFunction);
  expect(nexts).toBe(1);
  return headers;
}

describe('fixedHeaders', () => {
  it("sets exactly helmet's headers, worked out once", () => {
    const options = {
      contentSecurityPolicy: {
        directives: { scriptSrc: ["'self'"], connectSrc: ["'self'", 'ws://localhost:3000'], upgradeInsecureRequests: [] },
      },
      strictTransportSecurity: true,
    };
    const expected = headersAfter(helmet(options));
    expect(expected['content-security-policy']).toContain('connect-src');
    expect(expected['x-powered-by']).toBeUndefined();
    expect(headersAfter(fixedHeaders(helmet(options)))).toEqual(expected);
  });

  it('refuses, at start, a middleware that reads the request', () => {
    const perRequest: RequestHandler = (req, res, next) => {
      res.setHeader('X-Path', req.path);
      next();
    };
    expect(() => fixedHeaders(perRequest)).toThrow(/reads the request \(path\)/);
  });
});
