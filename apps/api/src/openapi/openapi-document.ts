import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, getSchemaPath, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ACCESS_METADATA, type AccessRule } from '@brygga/common';
import { ErrorBodyDto } from './error-body.dto';

type Operation = OpenAPIObject['paths'][string]['get'] & object;

/** The errors a route can answer, from its access rule (libs/common decorators.ts) and its input. */
function errorsFor(rule: AccessRule | undefined, operation: Operation): Record<string, string> {
  const errors: Record<string, string> = {};
  if (operation.requestBody || (operation.parameters ?? []).length > 0) errors['400'] = 'Ogiltig indata: ett meddelande per fält (fields).';
  if (rule && !rule.public) errors['401'] = 'Ingen giltig session.';
  if (rule && !rule.public && rule.capability) errors['403'] = 'Rollen ger inte behörigheten.';
  // A thread the user may not act on answers exactly like a missing one.
  if (rule && !rule.public && rule.thread)
    errors['404'] = 'Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll.';
  errors['503'] = 'Databasen nås inte, eller noden stängs: försök igen efter Retry-After.';
  return errors;
}

/** Every route's access rule, keyed like the document's paths ("get /api/threads/{id}"). */
function accessRules(app: INestApplication): Map<string, AccessRule | undefined> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const rules = new Map<string, AccessRule | undefined>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as new () => object;
      const base = (Reflect.getMetadata('path', controller) as string) ?? '';
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, () => unknown>)[name];
        const path = Reflect.getMetadata('path', handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata('method', handler) as number].toLowerCase();
        const openApiPath = `/${base}/${path}`
          .replace(/\/+/g, '/')
          .replace(/\/$/, '')
          .replace(/:(\w+)/g, '{$1}');
        rules.set(`${method} ${openApiPath}`, reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, controller]));
      }
    }
  }
  return rules;
}

/**
 * The API's contract: routes, inputs and answers from the controllers and DTO classes (the
 * @nestjs/swagger CLI plugin reads their types and doc comments at build time), and every route's
 * error answers from its access rule. Served at /api/docs-json and written to openapi.json.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Brygga')
    .setDescription(
      'Utskrivning och hemgång: ärenden, meddelanden och åtkomstlogg.\n\n' +
        // The one date-time rule (libs/common date-time.ts, docs/api.md "Dates and times").
        'Dates and times: every date-time (format date-time) carries an offset, Z or ±hh:mm (e.g. 2026-12-07T10:00:00+01:00); ' +
        'one without an offset (2026-12-07T10:00) is refused with 400 naming the field, on REST and socket input alike. ' +
        'A date (YYYY-MM-DD) is a calendar day in Sweden. FHIR: instants and dateTimes with a time carry an offset per FHIR R4.',
    )
    .setVersion('0.1')
    .addCookieAuth('brygga.sid')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBodyDto] });
  const rules = accessRules(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const rule = rules.get(`${method} ${path}`);
      for (const [status, description] of Object.entries(errorsFor(rule, operation))) {
        operation.responses[status] ??= { description, content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } } };
      }
      if (rule && !rule.public) operation.security = [{ cookie: [] }];
    }
  }
  return sortKeys(document);
}

/** The same document always serialises the same way: keys in order (arrays keep theirs). */
function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}
