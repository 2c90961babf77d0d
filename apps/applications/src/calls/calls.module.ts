import { CallActivities } from './call.activities';
import { Module } from '@nestjs/common';
import { CallDecisionsController } from './call-decisions.controller';
import { CallController } from './call.controller';
import { CallService } from './call.service';

/** The annual call (第四条, 第十条, 第十三条): its set-up, start, and the decisions on it. */
@Module({ controllers: [CallController, CallDecisionsController], providers: [CallService, CallActivities], exports: [CallActivities] })
export class CallsModule {}
