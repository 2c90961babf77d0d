import { Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { RuntimeConfig } from './config';
import { temporalConnectionOptions } from './temporal-access';

export interface WorkerHostOptions {
  taskQueue: string;
  /** The activity implementations this service owns, bound to their dependencies. */
  activities: object;
}

/**
 * Hosts a Temporal activity worker inside a Nest application: created in onModuleInit, run in
 * onApplicationBootstrap, drained in onModuleDestroy (enable shutdown hooks in main.ts).
 */
export class TemporalWorkerHost implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TemporalWorkerHost.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly options: WorkerHostOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.config.temporalAddress, this.config.temporalAccess));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporalNamespace,
      taskQueue: this.options.taskQueue,
      activities: this.options.activities,
    });
  }

  onApplicationBootstrap(): void {
    const worker = this.worker;
    if (!worker) throw new Error('Temporal worker was not created');
    this.running = worker.run().catch((err: unknown) => {
      this.logger.error(`worker on "${this.options.taskQueue}" stopped: ${String(err)}`);
      throw err;
    });
    this.logger.log(`activity worker polling task queue "${this.options.taskQueue}"`);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}

/** A Nest provider hosting the activity worker of a service, with the activities of each given class. */
export function activityWorkerProvider(
  config: RuntimeConfig,
  taskQueue: string,
  ...activityClasses: Array<new (...args: never[]) => { asActivities(): object }>
): { provide: typeof TemporalWorkerHost; inject: typeof activityClasses; useFactory: (...a: Array<{ asActivities(): object }>) => TemporalWorkerHost } {
  return {
    provide: TemporalWorkerHost,
    inject: activityClasses,
    useFactory: (...instances) =>
      new TemporalWorkerHost(config, { taskQueue, activities: Object.assign({}, ...instances.map((i) => i.asActivities())) }),
  };
}
