import type { OnModuleDestroy } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { RuntimeConfig } from './config';
import { temporalConnectionOptions } from './temporal-access';
import { DecisionDeadlineInterceptor } from './decisions';

/** A Temporal client for services that start, signal, update or query workflows. */
export class TemporalClientHolder implements OnModuleDestroy {
  private constructor(
    private readonly connection: Connection,
    readonly client: Client,
  ) {}

  static async connect(config: RuntimeConfig): Promise<TemporalClientHolder> {
    const connection = await Connection.connect(temporalConnectionOptions(config.temporalAddress, config.temporalAccess));
    return new TemporalClientHolder(connection, new Client({ connection, namespace: config.temporalNamespace, interceptors: { workflow: [new DecisionDeadlineInterceptor()] } }));
  }

  async onModuleDestroy(): Promise<void> {
    await this.connection.close();
  }
}
