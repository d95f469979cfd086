import { Module } from '@nestjs/common';
import { DemoSeed } from './demo-seed';
import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';

@Module({
  controllers: [DirectoryController],
  providers: [DirectoryService, DemoSeed],
  exports: [DirectoryService],
})
export class DirectoryModule {}
