import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { connectNats, OutboxRelay } from '@sme/messaging';
import type { RuntimeConfig } from '@sme/runtime';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';

/** Runs the relay of `applications.outbox` for the life of the service. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private nats?: NatsConnection;
  private relay?: OutboxRelay;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connectNats(this.config.natsUrl, 'applications-outbox-relay', this.config.natsAccess);
    this.relay = new OutboxRelay(this.dataSource, this.nats, {
      table: 'applications.outbox',
      pollMs: this.config.outboxPollMs,
      logger: this.logger,
    });
    this.relay.start();
    this.logger.log(`relaying applications.outbox to ${this.config.natsUrl}`);
  }

  nudge(): void {
    this.relay?.nudge();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
    await this.nats?.drain().catch(() => undefined);
  }
}
