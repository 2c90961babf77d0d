import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { PublicReportController, ReportController } from './report.controller';
import { ReportService } from './report.service';

/** Annual reports (第十五条): the structured form, the served-enterprise list, return for correction, public summaries. */
@Module({ imports: [EvaluationsModule], controllers: [ReportController, PublicReportController], providers: [ReportService], exports: [ReportService] })
export class ReportsModule {}
