import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppConfig } from '@brygga/common';
import { operationOutcome } from './acknowledgement';

const FHIR_JSON = 'application/fhir+json';

function refuse(res: Response, status: number, code: string, text: string): void {
  res.status(status).type(FHIR_JSON).send(JSON.stringify(operationOutcome({ code, text }, 'fatal')));
}

/**
 * The body of FHIR requests, before Brygga's own JSON parser and before the guard: the media type
 * is checked before anything is read (415), the size while reading (413, FHIR_MAX_BODY_BYTES), and
 * JSON that does not parse is a 400; each with an OperationOutcome in Swedish.
 */
type ErrorHandler = (error: unknown, req: Request, res: Response, next: NextFunction) => void;

export function fhirHttp(config: AppConfig): (RequestHandler | ErrorHandler)[] {
  return [
    (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'POST') return next();
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== FHIR_JSON) return refuse(res, 415, 'not-supported', `Meddelandet måste skickas som ${FHIR_JSON} (inte ${type || 'utan Content-Type'}).`);
      next();
    },
    express.raw({ type: () => true, limit: config.fhir.maxBodyBytes }),
    (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'POST') return next();
      try {
        req.body = JSON.parse((req.body as Buffer).toString('utf8')) as unknown;
      } catch {
        return refuse(res, 400, 'structure', 'Meddelandet är inte giltig JSON.');
      }
      next();
    },
    (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') return refuse(res, 413, 'too-costly', `Meddelandet är större än ${config.fhir.maxBodyBytes} byte.`);
      if (type) return refuse(res, 400, 'structure', 'Meddelandet kunde inte läsas.');
      next(error);
    },
  ];
}
