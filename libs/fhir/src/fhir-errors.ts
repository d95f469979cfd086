import type { Response } from 'express';
import type { ErrorBody } from '@brygga/common';
import type { OperationOutcome, OperationOutcomeIssue } from './r4';
import { randomUUID } from 'node:crypto';

export const FHIR_JSON = 'application/fhir+json';

/** The OperationOutcome issue type (http://hl7.org/fhir/issue-type) for an HTTP status. */
const ISSUE_BY_STATUS: Record<number, OperationOutcomeIssue['code']> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
  503: 'transient',
};

/**
 * The `WWW-Authenticate` challenge of a 401 (RFC 6750): a caller without a token is told to bring
 * one, a caller whose token was refused is told that it was.
 */
export function bearerChallenge(tokenPresented: boolean): string {
  return tokenPresented
    ? 'Bearer realm="brygga-fhir", error="invalid_token", error_description="Ogiltig eller utgången åtkomsttoken"'
    : 'Bearer realm="brygga-fhir"';
}

/** Writes an OperationOutcome with a status (every FHIR error answer). */
export function sendOperationOutcome(res: Response, status: number, outcome: OperationOutcome): void {
  if (status === 401) res.setHeader('WWW-Authenticate', bearerChallenge(res.req.headers.authorization !== undefined));
  res.status(status).type(FHIR_JSON).send(JSON.stringify(outcome));
}

/**
 * Brygga's error answer (a guard's 401/403, a DomainError, an unknown route, a 500 with its
 * correlation id) as an OperationOutcome: one issue for the error, one per field it names (with
 * the element as the issue's expression).
 */
export function renderFhirError(res: Response, body: ErrorBody): void {
  const code = ISSUE_BY_STATUS[body.statusCode] ?? (body.statusCode >= 500 ? 'exception' : 'invalid');
  const severity = body.statusCode >= 500 ? 'fatal' : 'error';
  const issues: OperationOutcomeIssue[] = [
    {
      severity,
      code,
      details: { text: body.message },
      diagnostics: body.correlationId ? `correlationId ${body.correlationId}` : undefined,
    },
    ...(body.fields ?? []).map((f): OperationOutcomeIssue => ({
      severity,
      code,
      details: { text: `${f.field} ${f.message}` },
      expression: [f.field],
    })),
  ];
  sendOperationOutcome(res, body.statusCode, { resourceType: 'OperationOutcome', id: randomUUID(), issue: issues });
}
