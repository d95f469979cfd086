import { Controller, Get, HttpException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '@brygga/common';

@Controller('api/health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  async health(): Promise<{ status: 'ok'; database: 'ok' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new HttpException({ status: 'unavailable', database: 'unreachable' }, 503);
    }
    return { status: 'ok', database: 'ok' };
  }
}
