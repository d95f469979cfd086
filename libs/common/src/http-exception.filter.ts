import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, ValidationError } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, FieldError } from './errors';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
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
  429: 'För många förfrågningar. Försök igen om en stund.',
};

/** Swedish wording for class-validator's constraint names. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  whitelistValidation: 'är inte ett tillåtet fält',
  isDefined: 'saknas',
  isNotEmpty: 'får inte vara tomt',
  isString: 'måste vara text',
  isInt: 'måste vara ett heltal',
  isNumber: 'måste vara ett tal',
  isBoolean: 'måste vara sant eller falskt',
  isIn: 'har ett värde som inte är tillåtet',
  isEnum: 'har ett värde som inte är tillåtet',
  isUUID: 'måste vara ett giltigt id',
  isISO8601: 'måste vara ett datum eller en tidpunkt (ISO 8601)',
  isDateString: 'måste vara ett datum (ÅÅÅÅ-MM-DD)',
  maxLength: 'är för långt',
  minLength: 'är för kort',
  min: 'är för litet',
  max: 'är för stort',
  isArray: 'måste vara en lista',
  arrayMaxSize: 'har för många element',
  arrayMinSize: 'har för få element',
  arrayUnique: 'innehåller dubbletter',
  isObject: 'måste vara ett objekt',
  nestedValidation: 'är felaktigt',
  matches: 'har fel format',
};

export function validationErrorsToFields(errors: ValidationError[], parent = ''): FieldError[] {
  const fields: FieldError[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const [name, english] of Object.entries(error.constraints ?? {})) {
      // Our own validators already speak Swedish; class-validator's built-ins are translated here.
      fields.push({ field: path, message: CONSTRAINT_MESSAGES[name] ?? english });
    }
    if (error.children?.length) fields.push(...validationErrorsToFields(error.children, path));
  }
  return fields;
}

export function validationException(errors: ValidationError[]): DomainError {
  const fields = validationErrorsToFields(errors);
  const summary = fields.map((f) => `${f.field} ${f.message}`).join('; ');
  return new DomainError('validation', `Ogiltiga uppgifter: ${summary}`, fields);
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  fields?: FieldError[];
  correlationId?: string;
}

export function toErrorBody(exception: unknown, logger: Logger): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = STATUS[exception.code];
    return {
      statusCode,
      error: exception.code,
      message: exception.message,
      ...(exception.fields.length ? { fields: exception.fields } : {}),
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
    const message =
      type === 'entity.parse.failed' ? 'Begärans innehåll är inte giltig JSON.' : (GENERIC[status] ?? 'Felaktig begäran.');
    return { statusCode: status, error: type, message };
  }
  const correlationId = randomUUID();
  // Only the stack and the correlation id: request bodies may hold patient data.
  logger.error(`Unhandled error ${correlationId}: ${(exception as Error)?.stack ?? String(exception)}`);
  return { statusCode: 500, error: 'internal', message: `Ett oväntat fel inträffade (referens ${correlationId}).`, correlationId };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception, this.logger);
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }
}
