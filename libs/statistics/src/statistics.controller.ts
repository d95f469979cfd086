import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { addDays, localDate } from '@brygga/deadlines';
import { toCsv } from './csv';
import { StatisticsQueryDto } from './statistics-query.dto';
import { StatisticsService } from './statistics.service';

function period(query: StatisticsQueryDto): { from: string; to: string } {
  const to = query.to ?? localDate(new Date());
  return { from: query.from ?? addDays(to, -29), to };
}

@Controller('api/statistics')
@Authenticated({ capability: 'statistics.read' })
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get()
  get(@CurrentActor() actor: Actor, @Query() query: StatisticsQueryDto) {
    return this.statistics.compute(actor, period(query), 'json');
  }

  /** The same figures as CSV (semicolons, decimal commas) for a spreadsheet. */
  @Get('export')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async export(@CurrentActor() actor: Actor, @Query() query: StatisticsQueryDto, @Res({ passthrough: true }) res: Response) {
    const p = period(query);
    const result = await this.statistics.compute(actor, p, 'csv');
    res.setHeader('Content-Disposition', `attachment; filename="brygga-statistik-${p.from}-${p.to}.csv"`);
    return toCsv(result);
  }
}
