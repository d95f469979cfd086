import { Controller, Get } from '@nestjs/common';
import { Authenticated } from '@brygga/common';
import { DirectoryService } from './directory.service';

/** The units one can invite to a thread. Names of care units only: no patient data. */
@Controller('api/units')
@Authenticated()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  async list() {
    return { units: await this.directory.allUnits() };
  }
}
