import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@sme/persistence';
import { HealthController, MetricsController, type RuntimeConfig } from '@sme/runtime';

/** The scoring service: experts, assignments and panel scores arrive with issue 5; health and docs now. */
@Module({})
export class AppModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, []))],
      controllers: [HealthController, MetricsController],
    };
  }
}
