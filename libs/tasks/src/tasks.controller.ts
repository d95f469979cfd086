import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { TaskListDto, TasksQueryDto } from './tasks.dto';
import { TasksService } from './tasks.service';

@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** Mina uppgifter: what my units have not done, across their active threads, most pressing first, paged. */
  @Get()
  @Authenticated({ capability: 'task.list' })
  @ApiOkResponse({ type: TaskListDto })
  list(@CurrentActor() actor: Actor, @Query() query: TasksQueryDto) {
    return this.tasks.list(actor, query);
  }
}
