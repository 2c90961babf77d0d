import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { APPLICATIONS_ENTITIES, dataSourceOptions } from '@sme/persistence';
import { type RuntimeConfig, TemporalClientHolder } from '@sme/runtime';
import type { DataSource } from 'typeorm';
import { WorkflowGateway } from './lifecycle/workflow-gateway';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { PgThrottlerStorage } from './accounts/throttling';
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
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, APPLICATIONS_ENTITIES)),
        feature,
        // The request limits (issue 12), counted in PostgreSQL so every instance shares them.
        ThrottlerModule.forRootAsync({
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => ({
            throttlers: [
              { name: 'auth', ttl: config.throttleWindowMs, limit: config.throttleAuthLimit },
              { name: 'objection', ttl: config.throttleWindowMs, limit: config.throttleObjectionLimit },
            ],
            storage: new PgThrottlerStorage(dataSource),
          }),
        }),
      ],
      providers: [
        { provide: RUNTIME_CONFIG, useValue: config },
        { provide: TemporalClientHolder, useFactory: () => TemporalClientHolder.connect(config) },
        OutboxRelayService,
        WorkflowGateway,
      ],
      exports: [ThrottlerModule, RUNTIME_CONFIG, TemporalClientHolder, OutboxRelayService, WorkflowGateway, feature],
    };
  }
}
