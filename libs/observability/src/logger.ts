import type { LoggerService } from '@nestjs/common';
import { hostname } from 'node:os';
import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { currentCorrelationId, type AppConfig } from '@brygga/common';

/** Names this process in every line (and in metrics scraped from it): host and pid. */
export const NODE_ID = `${hostname()}:${process.pid}`;

/** 10 or 12 digits with an optional - or +: what a personnummer or samordningsnummer looks like. */
const IDENTITY_NUMBER = /\b(?:\d{2})?\d{6}[-+]?\d{4}\b/g;

/** A safety net under the rule that nothing logs patient data: identity numbers in any text are masked. */
export function scrub(text: string): string {
  return text.replace(IDENTITY_NUMBER, '[personnummer]');
}

/** Whether a text holds something that looks like an identity number (see scrub). */
export function looksLikeIdentityNumber(text: string): boolean {
  return new RegExp(IDENTITY_NUMBER.source).test(text);
}

function scrubValues(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValues(v, depth + 1));
  // A correlation id is ours or was refused when it looked like an identity number (http-observer):
  // scrubbing it would break the link to the error answer and the access log (a UUID's digits
  // look like a personnummer about once in 150).
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'correlationId' ? v : scrubValues(v, depth + 1)]));
}

/**
 * The process's logger: one JSON line per event with time, level, node and (inside a request)
 * correlationId. Human-readable only when a developer watches a terminal. What is never logged:
 * request bodies, query strings, headers (cookies, tokens); the request line names the route
 * template, not the path. Redaction and scrubbing are the safety net, not the rule.
 */
export function rootLogger(config: LoggerSettings): PinoLogger {
  let logger = loggers.get(config);
  if (!logger) loggers.set(config, (logger = createRootLogger(config.observability.logLevel, config.nodeEnv === 'development')));
  return logger;
}

/** One logger per app (its config object): the request middleware and Nest's logger share it. */
const loggers = new WeakMap<LoggerSettings, PinoLogger>();

/** What the logger needs of the configuration (tools pass just this). */
export type LoggerSettings = Pick<AppConfig, 'nodeEnv' | 'observability'>;

/** Readable lines only for a developer at a terminal; JSON for everything else (files, pipes, collectors). */
function createRootLogger(level: string, development: boolean): PinoLogger {
  const options = {
    level,
    base: { node: NODE_ID },
    // Inside a request or socket action: its correlation id (libs/common), read only when a line is written.
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId === undefined ? {} : { correlationId };
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (object: Record<string, unknown>) => scrubValues(object) as Record<string, unknown>,
    },
    redact: {
      paths: [
        'req.headers',
        'req.query',
        'req.body',
        'res.headers',
        'body',
        'payload',
        'cookie',
        'authorization',
        'token',
        '*.personnummer',
        '*.identityNumber',
        '*.givenName',
        '*.familyName',
      ],
      censor: '[redacted]',
    },
    hooks: {
      logMethod(this: PinoLogger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrub(a) : a)),
        );
      },
    },
  };
  const terminal = development && process.stdout.isTTY;
  return terminal ? pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,node' })) : pino(options);
}

/**
 * Nest's logger on the app's pino logger, from the first line main.ts writes to the last: the
 * same shape nestjs-pino gave them before (`context`, `msg`, `err`). Inside a request or
 * a socket action every line carries its correlation id (the root logger's mixin), without a
 * child logger per request.
 */
export function nestLogger(config: LoggerSettings): LoggerService {
  const logger = rootLogger(config);
  const write =
    (level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal') =>
    (message: unknown, ...params: unknown[]): void => {
      // Nest's contract: the context is the last parameter, when there is one.
      const context = params.length ? params[params.length - 1] : undefined;
      const rest = params.slice(0, -1);
      if (message instanceof Error) logger[level]({ context, err: message });
      else if (typeof message === 'object' && message !== null) logger[level]({ context, ...message });
      else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
        // Nest's exception handlers pass (message, stack, context).
        const err = new Error(String(message));
        err.stack = rest[0];
        logger[level]({ context, err });
      } else logger[level]({ context }, String(message));
    };
  return {
    verbose: write('trace'),
    debug: write('debug'),
    log: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
  };
}

/**
 * The one line of a start that failed, even before the configuration could be read: JSON (level
 * fatal, the node, the message) unless a person watches a terminal. Never a stack trace: every
 * refusal names its setting in its message.
 */
export function logStartFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): void {
  const message = error instanceof Error ? error.message : String(error);
  const development = (env.NODE_ENV ?? 'development') === 'development';
  createRootLogger('info', development).fatal({ context: 'Brygga' }, `Brygga did not start: ${message}`);
}
