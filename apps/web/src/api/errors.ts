import { signalUnauthenticated } from './session-events';

/** The server's Swedish message per field of a refused request (400). */
export interface FieldErrors {
  [field: string]: string;
}

/** A refused or failed request: the server's Swedish message and, for 400, a message per field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }

  /** 401: no session, or the session ended. */
  get unauthenticated(): boolean {
    return this.status === 401;
  }
}

/** No answer at all (network down, server gone). */
export const NO_ANSWER = 'Brygga svarar inte. Kontrollera nätverket och försök igen.';

/** `payload.utskrivningsklarAt` → `utskrivningsklarAt`, `patient.personnummer` → `personnummer`. */
function fieldKey(field: string): string {
  const parts = field.split('.');
  return parts.length > 1 && (parts[0] === 'payload' || parts[0] === 'patient') ? parts.slice(1).join('.') : field;
}

/** The server's error answer (ErrorBodyDto) as an ApiError; a 401 also tells the app shell. */
export function toApiError(status: number, data: unknown, options: { quiet401?: boolean } = {}): ApiError {
  const error = (data ?? {}) as { message?: unknown; fields?: { field: string; message: string }[] };
  const message = typeof error.message === 'string' ? error.message : `Något gick fel (${status}). Försök igen.`;
  const fields: FieldErrors = {};
  for (const f of error.fields ?? []) fields[fieldKey(f.field)] ??= f.message;
  if (status === 401 && !options.quiet401) signalUnauthenticated(message.startsWith('Sessionen') ? 'utgangen' : 'inte-inloggad');
  return new ApiError(status, message, fields);
}

/** The message to show for any failure: the server's when it gave one. */
export function messageOf(error: unknown, fallback?: string): string {
  if (error instanceof ApiError) return error.message;
  return fallback ?? (error instanceof Error ? error.message : String(error));
}

/** Thrown in development builds when an answer does not match openapi.json (api/contract-middleware.ts). */
export class ContractError extends Error {
  override readonly name = 'ContractError';
}
