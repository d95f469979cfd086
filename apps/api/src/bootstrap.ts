import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from '@nestjs/common';
import { type AppConfig, HttpExceptionFilter, toErrorBody, validationException } from '@brygga/common';
import { SessionService } from '@brygga/auth';
import { BryggaSocketAdapter } from '@brygga/realtime';
import { AppModule } from './app.module';
import { webClient } from './web-client';

/** Builds the api with everything that makes it safe to face a network; main.ts and the tests share it. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl), {
    bodyParser: false,
    logger: config.nodeEnv === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'],
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  const https = config.publicUrl.startsWith('https://');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The web client: its own scripts only (no inline script), its api and socket on this origin.
          scriptSrc: ["'self'"],
          connectSrc: ["'self'", ...new Set([config.publicUrl, ...config.webOrigins].map((o) => new URL(o).origin.replace(/^http/, 'ws')))],
          // Browsers apply form-action to the redirect after a form post: logout goes on to the IdP.
          formAction: ["'self'", ...(config.oidc.issuer ? [new URL(config.oidc.issuer).origin] : [])],
          upgradeInsecureRequests: https ? [] : null,
        },
      },
      strictTransportSecurity: https,
    }),
  );
  // The web client's files and its HTML routes: public, no session needed (all data is behind /api).
  app.use(...webClient());
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  app.useBodyParser('urlencoded', { limit: config.maxBodyBytes, extended: false });
  const sessions = app.get(SessionService);
  app.use(sessions.middleware);
  // Body-parser errors happen before Nest's filters see the request: answer them here, in JSON.
  const logger = new Logger('Http');
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const body = toErrorBody(error, logger);
    res.status(body.statusCode).json(body);
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationException,
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  const sockets = new BryggaSocketAdapter(app, config, databaseUrl);
  await sockets.connect();
  app.useWebSocketAdapter(sockets);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Brygga').setDescription('Utskrivning och hemgång: ärenden, meddelanden och åtkomstlogg').setVersion('0.1').build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', swaggerUiEnabled: false });
  return app;
}
