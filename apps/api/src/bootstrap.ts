import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import {
  type AppConfig,
  type AuthenticatedRequest,
  compileTrust,
  Drain,
  HttpExceptionFilter,
  sendError,
  toErrorBody,
  validationException,
} from '@brygga/common';
import { SessionService, SystemActorResolver } from '@brygga/auth';
import { BryggaSocketAdapter } from '@brygga/realtime';
import { rulesInForce } from '@brygga/deadlines';
import { HttpObserver, nestLogger } from '@brygga/observability';
import { fhirHttp } from '@brygga/fhir';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { answerClientErrors, fixedHeaders, inputShapeGuard, noStore } from './http-hardening';
import { webClient } from './web-client';

/** Builds the api with everything that makes it safe to face a network; main.ts and the tests share it. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  rulesInForce(config); // a broken rules file stops the start here, with its faults named
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl), {
    bodyParser: false,
    // Held until pino takes over (JSON lines, LOG_LEVEL): libs/observability.
    bufferLogs: true,
    // A module that cannot start throws to the caller (main.ts logs one line and stops what it
    // began) instead of Nest logging a stack trace and exiting the process itself.
    abortOnError: false,
  });
  app.useLogger(nestLogger(config));
  // The same trust function as clientAddress() (sockets, access log): X-Forwarded-For only from configured proxies.
  app.set('trust proxy', compileTrust(config.trustProxy));
  // First of all: the correlation id, the request's log line and metrics (libs/observability);
  // then a stopping node answers new requests 503 and counts the ones in flight.
  app.use(app.get(HttpObserver).middleware);
  app.use(app.get(Drain).httpMiddleware);
  app.disable('x-powered-by');
  // No ETag computed (a SHA-1 of every body) for answers that are never cached: /api and /auth
  // answers are no-store; the static files (serve-static) and the web client's index.html set their own.
  app.set('etag', false);
  answerClientErrors(app.getHttpServer() as Server);
  const https = config.publicUrl.startsWith('https://');
  app.use(
    fixedHeaders(
      helmet({
        contentSecurityPolicy: {
          directives: {
            // The web client: its own scripts only (no inline script), its api and socket on this origin.
            scriptSrc: ["'self'"],
            // Attachment previews: the client shows fetched files as blob: URLs (img, sandboxed iframe).
            imgSrc: ["'self'", 'data:', 'blob:'],
            frameSrc: ['blob:'],
            connectSrc: [
              "'self'",
              ...new Set([config.publicUrl, ...config.webOrigins].map((o) => new URL(o).origin.replace(/^http/, 'ws'))),
            ],
            // Browsers apply form-action to the redirect after a form post: logout goes on to the IdP.
            formAction: ["'self'", ...(config.oidc.issuer ? [new URL(config.oidc.issuer).origin] : [])],
            upgradeInsecureRequests: https ? [] : null,
          },
        },
        strictTransportSecurity: https,
      }),
    ),
  );
  // The web client's files and its HTML routes: public, no session needed (all data is behind /api).
  app.use(noStore);
  app.use(...webClient(undefined, { sourceMaps: config.nodeEnv !== 'production' }));
  // FHIR messages have their own media type and size limit (libs/fhir): read before the JSON parser.
  const systems = app.get(SystemActorResolver);
  app.use(
    '/fhir',
    ...fhirHttp(config, async (req) => {
      const request = req as AuthenticatedRequest;
      request.actor = await systems.resolve(request);
      return request.actor !== undefined;
    }),
  );
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  app.useBodyParser('urlencoded', { limit: config.maxBodyBytes, extended: false });
  app.use(inputShapeGuard);
  const sessions = app.get(SessionService);
  app.use(sessions.middleware);
  // Body-parser errors happen before Nest's filters see the request: answer them here, in JSON.
  const logger = new Logger('Http');
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    sendError(res, toErrorBody(error, logger));
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // The filter reads the validated class's metadata through the error's target to tell our
      // Swedish messages from class-validator's defaults; the target is never sent.
      validationError: { target: true },
      exceptionFactory: validationException,
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  const sockets = new BryggaSocketAdapter(app, config, databaseUrl);
  await sockets.connect();
  app.useWebSocketAdapter(sockets);
  // The API's map is for developers: not published in production.
  if (config.nodeEnv !== 'production') {
    const document = buildOpenApiDocument(app);
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', swaggerUiEnabled: false });
  }
  if (config.redisUrl) {
    // Redis channels are named by the installation's id, which exists once init has run the migrations.
    await app.init();
    await sockets.shareThroughRedis();
  }
  return app;
}
