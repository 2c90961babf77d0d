import { Module } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { OperationsModule } from '../operations/operations.module';
import { PlatformsModule } from '../platforms/platforms.module';
import { WorkbenchController } from './workbench.controller';
import { WorkbenchService } from './workbench.service';

/** The workbench room: reads what the other rooms keep, decides nothing. */
@Module({ imports: [NoticesModule, OperationsModule, PlatformsModule], controllers: [WorkbenchController], providers: [WorkbenchService] })
export class WorkbenchModule {}
