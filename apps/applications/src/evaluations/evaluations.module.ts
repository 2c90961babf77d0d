import { EvaluationActivities } from './evaluation.activities';
import { Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { EvaluationController, PublicEvaluationController } from './evaluation.controller';
import { EvaluationService } from './evaluation.service';

/** The annual evaluation (第十九条). */
@Module({ imports: [RulesModule], controllers: [EvaluationController, PublicEvaluationController], providers: [EvaluationActivities, EvaluationService], exports: [EvaluationActivities] })
export class EvaluationsModule {}
