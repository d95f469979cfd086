import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, ForSystems, type Actor } from '@brygga/common';
import { FhirImportService } from './import.service';

/**
 * FHIR messaging for hospital and municipal systems (docs/fhir.md). Its contract is FHIR's and
 * MedCom's, not Brygga's OpenAPI document; the body is read by fhirHttp() before the guard.
 */
@ApiExcludeController()
@Controller('fhir')
export class FhirController {
  constructor(private readonly imports: FhirImportService) {}

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
    if (result.body) res.type('application/fhir+json');
    return result.body;
  }
}
