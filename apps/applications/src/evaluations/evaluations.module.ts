import { EvaluationActivities } from './evaluation.activities';
import { Module } from '@nestjs/common';
import { EvaluationController } from './evaluation.controller';

/** The annual evaluation (第十九条). */
@Module({ controllers: [EvaluationController], providers: [EvaluationActivities], exports: [EvaluationActivities] })
export class EvaluationsModule {}
