/**
 * Domain errors carry a code; the HTTP filter maps codes to statuses and Swedish messages.
 * Services throw these and never HttpExceptions, so the same rules can serve other transports.
 */
export type ErrorCode =
  'validation' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'payload_too_large' | 'unsupported_media_type' | 'infected';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    /** A conflict's parts, each a Swedish sentence (e.g. what in the plan the discharge does not fit). */
    readonly conflicts: string[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what = 'Ärendet'): DomainError => new DomainError('not_found', `${what} finns inte.`);
export const forbidden = (message = 'Du har inte behörighet att göra detta.'): DomainError => new DomainError('forbidden', message);
export const invalid = (field: string, message: string): DomainError =>
  new DomainError('validation', `Ogiltigt värde i ${field}: ${message}`, [{ field, message }]);
export const conflict = (message: string): DomainError => new DomainError('conflict', message);
