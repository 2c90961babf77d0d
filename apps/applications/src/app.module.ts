import { CallActivities } from './calls/call.activities';
import { EvaluationActivities } from './evaluations/evaluation.activities';
import { PlatformActivities } from './platforms/platform.activities';
import { CalendarActivities } from './rules/calendar.activities';
import { NoticeActivities } from './notices/notice.activities';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { sessionRevocationsProvider } from '@sme/messaging';
import { useAuditSealKey } from '@sme/persistence';
import { TaskQueues } from '@sme/contracts';
import { activityWorkerProvider, HealthController, MetricsController, type RuntimeConfig } from '@sme/runtime';
import { ApplicationActivities } from './applications/application.activities';
import { ApplicationsModule } from './applications/applications.module';
import { AuditModule } from './audit/audit.module';
import { AccountsModule } from './accounts/accounts.module';
import { CallsModule } from './calls/calls.module';
import { CoreModule } from './core.module';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { EvidenceModule } from './evidence/evidence.module';
import { NoticesModule } from './notices/notices.module';
import { OperationsModule } from './operations/operations.module';
import { PlatformsModule } from './platforms/platforms.module';
import { ReportsModule } from './reports/reports.module';
import { RegistryModule } from './registry/registry.module';
import { RulesModule } from './rules/rules.module';
import { WorkbenchModule } from './workbench/workbench.module';
import { SearchModule } from './search/search.module';

/**
 * The applications service: one module per concept (a room each, in its folder), all on the shared core (the
 * database, Temporal, the outbox, the decision path); the activity worker serves the activities of the concepts
 * that have them.
 */
@Module({})
export class AppModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    // Every audit event this process appends seals the chain head with the deployment's key.
    useAuditSealKey(config.auditHmacKey);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        AccountsModule,
        CallsModule,
        ApplicationsModule,
        EvidenceModule.forRoot(config),
        NoticesModule,
        PlatformsModule,
        ReportsModule,
        EvaluationsModule,
        RegistryModule,
        AuditModule,
        RulesModule,
        WorkbenchModule,
        OperationsModule,
        SearchModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        sessionRevocationsProvider(config, new Logger('sessions')),
        activityWorkerProvider(config, TaskQueues.applications, ApplicationActivities, CallActivities, PlatformActivities, EvaluationActivities, CalendarActivities, NoticeActivities),
      ],
    };
  }
}
