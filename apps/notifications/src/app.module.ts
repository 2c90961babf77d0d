import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { sessionRevocationsProvider } from '@sme/messaging';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TaskQueues } from '@sme/contracts';
import { dataSourceOptions, NOTIFICATIONS_ENTITIES } from '@sme/persistence';
import { HealthController, MetricsController, type RuntimeConfig, activityWorkerProvider } from '@sme/runtime';
import { EventConsumerService } from './events/event-consumer.service';
import { InboxActivities } from './inbox/inbox.activities';
import { InboxController } from './inbox/inbox.controller';
import { InboxService } from './inbox/inbox.service';
import { RUNTIME_CONFIG } from './tokens';
import { EMAIL_CHANNEL, LoggingSmsGateway, SMS_GATEWAY, SmtpChannel } from './delivery/channels';
import { DeliveryWorkerService } from './delivery/delivery-worker.service';

@Module({})
export class AppModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, NOTIFICATIONS_ENTITIES)),
        TypeOrmModule.forFeature(NOTIFICATIONS_ENTITIES),
      ],
      controllers: [HealthController, MetricsController, InboxController],
      providers: [
        sessionRevocationsProvider(config, new Logger('sessions')),
        { provide: RUNTIME_CONFIG, useValue: config },
        InboxService,
        InboxActivities,
        EventConsumerService,
        DeliveryWorkerService,
        { provide: EMAIL_CHANNEL, useFactory: () => new SmtpChannel(config.smtpUrl, config.mailFrom) },
        { provide: SMS_GATEWAY, useClass: LoggingSmsGateway },
        activityWorkerProvider(config, TaskQueues.notifications, InboxActivities),
      ],
    };
  }
}
