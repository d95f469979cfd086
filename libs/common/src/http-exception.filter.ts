import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, FieldError } from './errors';
import { databaseOutage, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from './unavailable';
import { storageFull } from './storage-full';
import { databaseWaits } from './database-waits';
import { CORRELATION_HEADER, correlationContext, currentCorrelationId } from './telemetry';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A file the malware scanner refused (libs/attachments). */
  infected: 422,
};

const GENERIC: Record<number, string> = {
  400: 'Felaktig begäran.',
  401: 'Du är inte inloggad.',
  403: 'Du har inte behörighet att göra detta.',
  404: 'Resursen finns inte.',
  405: 'Metoden är inte tillåten.',
  409: 'Konflikt med befintliga uppgifter.',
  413: 'Begäran är för stor.',
  415: 'Formatet stöds inte.',
  422: 'Begäran kunde inte behandlas.',
  429: 'För många förfrågningar. Försök igen om en stund.',
};

/**
 * Swedish wording for class-validator's constraint names, as class-validator 0.15 spells them
 * (isUuid, isIso8601, isLength…). Constraints declared with a message of their own (ours are in
 * Swedish) need no entry; constraint-messages.spec.ts fails when a constraint used in libs/ has
 * neither.
 */
export const CONSTRAINT_MESSAGES: Readonly<Record<string, string>> = {
  // Raised by the validator itself, whatever decorators a class has.
  whitelistValidation: 'är inte ett tillåtet fält',
  nestedValidation: 'måste vara ett objekt',
  unknownValue: 'är felaktigt',
  isDefined: 'saknas',
  isNotEmpty: 'får inte vara tomt',
  isString: 'måste vara text',
  isInt: 'måste vara ett heltal',
  isNumber: 'måste vara ett tal',
  isNumberString: 'måste vara ett tal skrivet med siffror',
  isBoolean: 'måste vara sant eller falskt',
  isIn: 'har ett värde som inte är tillåtet',
  isEnum: 'har ett värde som inte är tillåtet',
  isUuid: 'måste vara ett giltigt id',
  isIso8601: 'måste vara ett datum eller en tidpunkt (ISO 8601)',
  isDateString: 'måste vara ett datum (ÅÅÅÅ-MM-DD)',
  isLength: 'har fel längd',
  maxLength: 'är för långt',
  minLength: 'är för kort',
  min: 'är för litet',
  max: 'är för stort',
  isArray: 'måste vara en lista',
  arrayMaxSize: 'har för många element',
  arrayMinSize: 'har för få element',
  arrayUnique: 'innehåller dubbletter',
  isObject: 'måste vara ett objekt',
  matches: 'har fel format',
};

/** An answer names at most this many fields: 20,000 unknown keys once gave a 1.8 MB answer. */
export const MAX_FIELD_ERRORS = 20;

/** The key class-validator gives a constraint in ValidationError.constraints (as its executor does). */
export function constraintNameOf(metadata: ValidationMetadata): string {
  if (metadata.type !== 'customValidation') return metadata.type;
  const [constraint] = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  return constraint?.name || metadata.type;
}

/** A message set at the decorator (ValidateNested sets an English one itself: that one does not count). */
export function hasMessageOfItsOwn(metadata: ValidationMetadata): boolean {
  return metadata.message !== undefined && metadata.type !== 'nestedValidation' && metadata.type !== 'promiseValidation';
}

/**
 * Whether the decorator that raised this constraint carries a message of its own (ours are in
 * Swedish and say more than the generic word), read from class-validator's metadata. Without the
 * validated object to look it up by, the message is class-validator's default.
 */
function hasOwnMessage(error: ValidationError, constraint: string): boolean {
  const target = (error.target as object | undefined)?.constructor;
  if (!target || target === Object || error.property === undefined) return false;
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .some((m) => m.propertyName === error.property && hasMessageOfItsOwn(m) && constraintNameOf(m) === constraint);
}

export function validationErrorsToFields(errors: ValidationError[], parent = ''): FieldError[] {
  const fields: FieldError[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const [name, given] of Object.entries(error.constraints ?? {})) {
      // A message set at the decorator is ours and Swedish; class-validator's defaults are translated here.
      const message = hasOwnMessage(error, name) ? given : (CONSTRAINT_MESSAGES[name] ?? 'är felaktigt');
      fields.push({ field: path, message });
    }
    if (error.children?.length) fields.push(...validationErrorsToFields(error.children, path));
  }
  return fields;
}

export function validationException(errors: ValidationError[]): DomainError {
  return fieldsException(validationErrorsToFields(errors));
}

/** One 400 for a list of field errors, cut to MAX_FIELD_ERRORS. */
export function fieldsException(all: FieldError[]): DomainError {
  const fields = all.slice(0, MAX_FIELD_ERRORS);
  const more = all.length > fields.length ? ` (och ${all.length - fields.length} fel till)` : '';
  const summary = fields.map((f) => `${f.field} ${f.message}`).join('; ');
  return new DomainError('validation', `Ogiltiga uppgifter: ${summary}${more}`, fields);
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  fields?: FieldError[];
  conflicts?: string[];
  correlationId?: string;
}

export function toErrorBody(exception: unknown, logger: Logger): ErrorBody {
  // A wait cut short by a timeout (a held lock, a full pool), an unreachable database (or a
  // stopping node) or a full disk is no bug: 503, and the cause is logged once, not here.
  if (databaseWaits.report(exception) || databaseOutage.report(exception) || storageFull.report(exception))
    return { statusCode: 503, error: 'unavailable', message: UNAVAILABLE_MESSAGE };
  if (exception instanceof DomainError) {
    const statusCode = STATUS[exception.code];
    return {
      statusCode,
      error: exception.code,
      message: exception.message,
      ...(exception.fields.length ? { fields: exception.fields } : {}),
      ...(exception.conflicts.length ? { conflicts: exception.conflicts } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    if (statusCode < 500) {
      return { statusCode, error: 'http_' + statusCode, message: GENERIC[statusCode] ?? 'Felaktig begäran.' };
    }
  }
  // Errors raised by Express middleware (body parser) carry status and type.
  const status = (exception as { status?: unknown })?.status;
  const type = (exception as { type?: unknown })?.type;
  if (typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string') {
    const message = type === 'entity.parse.failed' ? 'Begärans innehåll är inte giltig JSON.' : (GENERIC[status] ?? 'Felaktig begäran.');
    return { statusCode: status, error: type, message };
  }
  // The request's own id where there is one (the log line and the access-log row carry it too).
  const correlationId = currentCorrelationId() ?? randomUUID();
  // Only the stack and the correlation id: request bodies may hold patient data.
  logger.error(`Unhandled error ${correlationId}: ${(exception as Error)?.stack ?? String(exception)}`);
  return { statusCode: 500, error: 'internal', message: `Ett oväntat fel inträffade (referens ${correlationId}).`, correlationId };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const correlationId = res.getHeader(CORRELATION_HEADER);
    // The logged id of an unexpected error must be the request's, whatever async context this runs in.
    const body =
      typeof correlationId === 'string'
        ? correlationContext.run({ correlationId }, () => toErrorBody(exception, this.logger))
        : toErrorBody(exception, this.logger);
    sendError(res, body);
  }
}

/**
 * Writes an error answer; a 503 tells the client when to retry. Every error answer carries the
 * request's correlation id (set by libs/observability), which the log line and the access log hold too.
 */
export function sendError(res: Response, body: ErrorBody): void {
  if (res.headersSent) return;
  if (body.statusCode === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  const correlationId = res.getHeader(CORRELATION_HEADER);
  if (typeof correlationId === 'string') body = { ...body, correlationId };
  const render = (res.locals as { [ERROR_RENDERER]?: ErrorRenderer })[ERROR_RENDERER];
  if (render) return render(res, body);
  res.status(body.statusCode).json(body);
}

/**
 * Where an API has an error format of its own (FHIR's OperationOutcome under /fhir), its
 * middleware puts a renderer in `res.locals[ERROR_RENDERER]`: every error of that request,
 * from a guard, a filter or a body parser, is then written by it.
 */
export const ERROR_RENDERER = 'errorRenderer';
export type ErrorRenderer = (res: Response, body: ErrorBody) => void;
