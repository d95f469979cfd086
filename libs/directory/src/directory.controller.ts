import { Controller, Get } from '@nestjs/common';
import { Authenticated } from '@brygga/common';
import { DirectoryService } from './directory.service';
import { ApiOkResponse } from '@nestjs/swagger';
import { UnitListDto } from './directory.dto';

/** The units one can invite to a thread. Names of care units only: no patient data. */
@Controller('api/units')
@Authenticated()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOkResponse({ type: UnitListDto })
  async list() {
    return { units: await this.directory.allUnits() };
  }
}
