import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Drain, HealthRegistry, Public, RETRY_AFTER_SECONDS } from '@brygga/common';
import { DatabaseMonitor } from './outage';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { HealthDto } from './health.dto';

interface Health {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unreachable';
  node: 'ok' | 'stopping';
  [part: string]: string;
}

/**
 * 200 when this node can serve, 503 with what is down otherwise: the database, the node itself
 * (stopping: a load balancer should send no more work), or a part such as the socket adapter.
 */
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly database: DatabaseMonitor,
    private readonly drain: Drain,
    private readonly registry: HealthRegistry,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const health: Health = {
      status: 'ok',
      database: (await this.database.reachable()) ? 'ok' : 'unreachable',
      node: this.drain.stopping ? 'stopping' : 'ok',
      ...this.registry.all,
    };
    if (Object.entries(health).some(([part, state]) => part !== 'status' && state !== 'ok')) {
      health.status = 'unavailable';
      res.status(503).setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    return health;
  }
}
