import { Module } from '@nestjs/common';
import { DemoSeed } from './demo-seed';
import { DirectoryService } from './directory.service';

@Module({
  providers: [DirectoryService, DemoSeed],
  exports: [DirectoryService],
})
export class DirectoryModule {}
