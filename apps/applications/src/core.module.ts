import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APPLICATIONS_ENTITIES, dataSourceOptions } from '@sme/persistence';
import { type RuntimeConfig, TemporalClientHolder } from '@sme/runtime';
import { WorkflowGateway } from './lifecycle/workflow-gateway';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { RUNTIME_CONFIG } from './tokens';

/**
 * What every room of the applications service shares: the configuration, the database, the Temporal client, the
 * outbox relay, and the one decision path (`WorkflowGateway`, over libs/runtime `askWorkflow` and libs/persistence
 * `decideOnce`). Global, so a concept's module names only its own pieces.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    const feature = TypeOrmModule.forFeature(APPLICATIONS_ENTITIES);
    return {
      module: CoreModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, APPLICATIONS_ENTITIES)), feature],
      providers: [
        { provide: RUNTIME_CONFIG, useValue: config },
        { provide: TemporalClientHolder, useFactory: () => TemporalClientHolder.connect(config) },
        OutboxRelayService,
        WorkflowGateway,
      ],
      exports: [RUNTIME_CONFIG, TemporalClientHolder, OutboxRelayService, WorkflowGateway, feature],
    };
  }
}
