import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { sessionRevocationsProvider } from '@sme/messaging';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, SCORING_ENTITIES, useAuditSealKey } from '@sme/persistence';
import { HealthController, MetricsController, type RuntimeConfig, TemporalClientHolder } from '@sme/runtime';
import { EvaluationPanelController } from './evaluation-panels/evaluation-panel.controller';
import { EvaluationPanelService } from './evaluation-panels/evaluation-panel.service';
import { ExpertController } from './experts/expert.controller';
import { ExpertService } from './experts/expert.service';
import { PanelController } from './panels/panel.controller';
import { PanelService } from './panels/panel.service';
import { RUNTIME_CONFIG } from './tokens';
import { ExpertWorkbenchController } from './workbench/workbench.controller';
import { ExpertWorkbenchService } from './workbench/workbench.service';

/** The scoring service: the expert pool, panels with conflict checks and declarations, hidden scores, ranking; the experts of the annual evaluation. */
@Module({})
export class AppModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    // Every audit event this process appends seals the chain head with the deployment's key.
    useAuditSealKey(config.auditHmacKey);
    return {
      module: AppModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, SCORING_ENTITIES))],
      controllers: [HealthController, MetricsController, ExpertController, PanelController, EvaluationPanelController, ExpertWorkbenchController],
      providers: [
        sessionRevocationsProvider(config, new Logger('sessions')),
        { provide: RUNTIME_CONFIG, useValue: config },
        ExpertService,
        PanelService,
        EvaluationPanelService,
        ExpertWorkbenchService,
        { provide: TemporalClientHolder, useFactory: () => TemporalClientHolder.connect(config) },
      ],
    };
  }
}
