import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import {
  RegisterSystemClientDto,
  SystemClientChangeDto,
  SystemClientDto,
  SystemClientEndpointDto,
  SystemClientListDto,
  SystemClientSecretDto,
} from './system-client-admin.dto';
import { SystemClientAdminService } from './system-client-admin.service';

/** The organisation's administrator registers its hospital and municipal systems (FHIR); no patient data here. */
@Controller('api/admin/system-clients')
@Authenticated({ capability: 'system.admin' })
export class SystemClientAdminController {
  constructor(private readonly clients: SystemClientAdminService) {}

  @Get()
  @ApiOkResponse({ type: SystemClientListDto })
  async list(@CurrentActor() actor: Actor): Promise<SystemClientListDto> {
    return { systemClients: await this.clients.list(actor) };
  }

  /** 201 with the system and its secret, shown this once. */
  @Post()
  @ApiCreatedResponse({ type: SystemClientSecretDto })
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterSystemClientDto): Promise<SystemClientSecretDto> {
    return this.clients.register(actor, dto);
  }

  /** A new secret, shown this once; the old one and its tokens stop working now. */
  @Post(':systemClientId/secret')
  @HttpCode(200)
  @ApiOkResponse({ type: SystemClientSecretDto })
  rotate(
    @CurrentActor() actor: Actor,
    @Param('systemClientId') id: string,
    @Body() dto: SystemClientChangeDto,
  ): Promise<SystemClientSecretDto> {
    return this.clients.rotate(actor, id, dto.orsak);
  }

  /** Where Brygga sends FHIR messages for the system's unit; null: nothing is sent. */
  @Put(':systemClientId/endpoint')
  @ApiOkResponse({ type: SystemClientDto })
  setEndpoint(
    @CurrentActor() actor: Actor,
    @Param('systemClientId') id: string,
    @Body() dto: SystemClientEndpointDto,
  ): Promise<SystemClientDto> {
    return this.clients.setEndpoint(actor, id, dto.endpointUrl);
  }

  @Post(':systemClientId/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: SystemClientDto })
  disable(@CurrentActor() actor: Actor, @Param('systemClientId') id: string, @Body() dto: SystemClientChangeDto): Promise<SystemClientDto> {
    return this.clients.setDisabled(actor, id, true, dto.orsak);
  }

  @Post(':systemClientId/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: SystemClientDto })
  enable(@CurrentActor() actor: Actor, @Param('systemClientId') id: string, @Body() dto: SystemClientChangeDto): Promise<SystemClientDto> {
    return this.clients.setDisabled(actor, id, false, dto.orsak);
  }
}
