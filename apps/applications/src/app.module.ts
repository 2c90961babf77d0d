import { type DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TaskQueues } from '@sme/contracts';
import { APPLICATIONS_ENTITIES, dataSourceOptions } from '@sme/persistence';
import { HealthController, MetricsController, type RuntimeConfig, TemporalClientHolder, activityWorkerProvider } from '@sme/runtime';
import { ApplicationActivities } from './applications/application.activities';
import { ApplicationController } from './applications/application.controller';
import { ApplicationService } from './applications/application.service';
import { DraftController } from './applications/draft.controller';
import { DraftService } from './applications/draft.service';
import { AuditController } from './audit/audit.controller';
import { CallController } from './calls/call.controller';
import { RegistryController } from './registry/registry.controller';
import { LifecycleActivitiesService } from './lifecycle/lifecycle.activities';
import { CallService } from './calls/call.service';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { RulesController } from './rules/rules.controller';
import { RulesService } from './rules/rules.service';
import { CalendarService } from './rules/calendar.service';
import { RUNTIME_CONFIG } from './tokens';
import { AuthController } from './auth/auth.controller';
import { EvidenceController } from './evidence/evidence.controller';
import { EvidenceService } from './evidence/evidence.service';
import { EVIDENCE_SCANNER, SignatureScanner } from './evidence/scanner';
import { CallDecisionsController } from './calls/call-decisions.controller';
import { EvaluationController } from './evaluations/evaluation.controller';
import { WorkflowGateway } from './lifecycle/workflow-gateway';
import { NoticeController } from './notices/notice.controller';
import { NoticeService } from './notices/notice.service';
import { PlatformController, PlatformListController } from './platforms/platform.controller';
import { PlatformImportController } from './platforms/platform-import.controller';
import { PlatformImportService } from './platforms/platform-import.service';
import { PlatformService } from './platforms/platform.service';
import { AuthService } from './auth/auth.service';
import { OperationsController } from './operations/operations.controller';
import { OperationsService } from './operations/operations.service';

@Module({})
export class AppModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, APPLICATIONS_ENTITIES)),
        TypeOrmModule.forFeature(APPLICATIONS_ENTITIES),
        // Evidence uploads: held in memory (sniffed, scanned, hashed) up to the configured size, one file per request.
        MulterModule.register({ defParamCharset: 'utf8', limits: { fileSize: config.evidenceMaxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 8 } }),
      ],
      controllers: [AuthController, DraftController, HealthController, MetricsController, ApplicationController, CallController, RulesController, AuditController, RegistryController, CallDecisionsController, NoticeController, PlatformImportController, PlatformListController, PlatformController, EvaluationController, EvidenceController, OperationsController],
      providers: [
        { provide: RUNTIME_CONFIG, useValue: config },
        AuthService,
        WorkflowGateway,
        EvidenceService,
        { provide: EVIDENCE_SCANNER, useClass: SignatureScanner },
        NoticeService,
        OperationsService,
        PlatformService,
        PlatformImportService,
        ApplicationService,
        DraftService,
        CallService,
        RulesService,
        CalendarService,
        ApplicationActivities,
        LifecycleActivitiesService,
        OutboxRelayService,
        { provide: TemporalClientHolder, useFactory: () => TemporalClientHolder.connect(config) },
        activityWorkerProvider(config, TaskQueues.applications, ApplicationActivities, LifecycleActivitiesService),
      ],
    };
  }
}
