import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ERROR_RENDERER, type AppConfig } from '@brygga/common';
import { operationOutcome } from './acknowledgement';
import { FHIR_JSON, renderFhirError, sendOperationOutcome } from './fhir-errors';
import { fhirShapeProblem } from './fhir-shape';

function refuse(res: Response, status: number, code: string, text: string, expression?: string): void {
  sendOperationOutcome(res, status, operationOutcome({ code, text, expression }, 'fatal'));
}

/** Set once the FHIR body is read: the api's generic input limits (http-hardening) leave it to FHIR's rules. */
export const FHIR_BODY_READ = 'fhirBodyRead';

type ErrorHandler = (error: unknown, req: Request, res: Response, next: NextFunction) => void;

/** Resolves the system behind the request's access token (and keeps it on the request for the guard). */
export type IdentifySystem = (req: Request) => Promise<boolean>;

/**
 * The body of FHIR requests, before Brygga's own JSON parser and before the guard: the media type
 * is checked before anything is read (415), then the access token: nothing is read for a caller
 * without one (the guard answers 401, or 403 for a person's session) or with one we do not accept
 * (401). Only then the size while reading (413, FHIR_MAX_BODY_BYTES), and JSON that does not parse
 * is a 400; each with an OperationOutcome in Swedish. Every later error of a /fhir request (the
 * guard's 401 or 403, a refused input, an unknown route) is an OperationOutcome too, and a 401
 * carries `WWW-Authenticate: Bearer`.
 */
export function fhirHttp(config: AppConfig, identify: IdentifySystem): (RequestHandler | ErrorHandler)[] {
  const post =
    (handler: RequestHandler): RequestHandler =>
    (req, res, next) =>
      req.method === 'POST' && !res.locals.fhirUnread ? handler(req, res, next) : next();
  return [
    (req: Request, res: Response, next: NextFunction) => {
      res.locals[ERROR_RENDERER] = renderFhirError;
      if (req.method !== 'POST') return next();
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== FHIR_JSON)
        return refuse(res, 415, 'not-supported', `Meddelandet måste skickas som ${FHIR_JSON} (inte ${type || 'utan Content-Type'}).`);
      if (req.headers.authorization === undefined) {
        res.locals.fhirUnread = true;
        return next();
      }
      identify(req).then(
        (known) => (known ? next() : refuse(res, 401, 'login', 'Ogiltig eller utgången åtkomsttoken.')),
        (error: unknown) => next(error),
      );
    },
    post(express.raw({ type: () => true, limit: config.fhir.maxBodyBytes })),
    post((req: Request, res: Response, next: NextFunction) => {
      try {
        req.body = JSON.parse((req.body as Buffer).toString('utf8')) as unknown;
      } catch {
        return refuse(res, 400, 'structure', 'Meddelandet är inte giltig JSON.');
      }
      // Judged by FHIR's rules (fhir-shape.ts), not the api's generic field-count limit.
      const problem = fhirShapeProblem(req.body);
      if (problem) return refuse(res, 400, 'structure', problem.text, problem.expression);
      res.locals[FHIR_BODY_READ] = true;
      next();
    }),
    (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') return refuse(res, 413, 'too-costly', `Meddelandet är större än ${config.fhir.maxBodyBytes} byte.`);
      if (type) return refuse(res, 400, 'structure', 'Meddelandet kunde inte läsas.');
      next(error);
    },
  ];
}
