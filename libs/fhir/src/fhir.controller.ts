import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, CurrentActor, ForSystems, Public, type Actor, type AppConfig } from '@brygga/common';
import { capabilityStatement } from './capability-statement';
import { FHIR_JSON } from './fhir-errors';
import { FhirImportService } from './import.service';
import { validateOperation } from './validate-operation';

/**
 * FHIR messaging for hospital and municipal systems (docs/fhir.md). Its contract is FHIR's and
 * MedCom's, not Brygga's OpenAPI document; the body is read by fhirHttp() before the guard, and
 * every error is an OperationOutcome (fhir-errors.ts).
 */
@ApiExcludeController()
@Controller('fhir')
export class FhirController {
  constructor(
    private readonly imports: FhirImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** FHIR's capability statement: public, as FHIR expects of `metadata` (it holds no patient data). */
  @Get('metadata')
  @Public()
  metadata(@Res({ passthrough: true }) res: Response): Record<string, unknown> {
    res.type(FHIR_JSON);
    return capabilityStatement(this.config.publicUrl) as unknown as Record<string, unknown>;
  }

  @Post('$process-message')
  @ForSystems('fhir.exchange')
  @HttpCode(200)
  async processMessage(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown> | undefined> {
    const result = await this.imports.process(actor, req.body as unknown);
    res.status(result.status);
    if (result.body) res.type(FHIR_JSON);
    return result.body;
  }

  /** A system checks a message without sending it: the OperationOutcome of the checks $process-message makes first. */
  @Post('$validate')
  @ForSystems('fhir.exchange')
  @HttpCode(200)
  validate(@Req() req: Request, @Res({ passthrough: true }) res: Response): Record<string, unknown> {
    res.type(FHIR_JSON);
    return validateOperation(req.body as unknown) as unknown as Record<string, unknown>;
  }

  @Post('Bundle/$validate')
  @ForSystems('fhir.exchange')
  @HttpCode(200)
  validateBundle(@Req() req: Request, @Res({ passthrough: true }) res: Response): Record<string, unknown> {
    res.type(FHIR_JSON);
    return validateOperation(req.body as unknown) as unknown as Record<string, unknown>;
  }
}
