import { Logger } from '@nestjs/common';
import { TaskQueues } from '@sme/contracts';
import { connectNats } from '@sme/messaging';
import { loadConfig, temporalConnectionOptions } from '@sme/runtime';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { ApplicationStarter } from './application-starter';
import { closeListener, listenForProbes, portOf } from './health.listener';
import { ensureSchedules } from './schedules';
import { workflowCode } from './workflow-bundle';

/**
 * The orchestrator: the Temporal worker for the `lifecycle` queue (workflows only, no activities) and the
 * starters that turn domain events into workflow starts; its HTTP serves only the probes (health and readiness).
 */
async function main(): Promise<void> {
  const config = loadConfig('orchestrator');
  const logger = new Logger('orchestrator');

  const nativeConnection = await NativeConnection.connect(temporalConnectionOptions(config.temporalAddress, config.temporalAccess));
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.temporalNamespace,
    taskQueue: TaskQueues.lifecycle,
    ...workflowCode(config.workflowsPath, (message) => logger.warn(message)),
    // The SDK's default (600 per GiB of heap, 2,300 here) held 2.3 GiB at 10,000 platforms (bench/scale, issue 16).
    maxCachedWorkflows: config.workflowCacheSize,
    // After a crash, the server waits this long for the dead worker's sticky queue before any worker may resume.
    stickyQueueScheduleToStartTimeout: '3s',
  });

  const clientConnection = await Connection.connect(temporalConnectionOptions(config.temporalAddress, config.temporalAccess));
  const client = new Client({ connection: clientConnection, namespace: config.temporalNamespace });
  const nats = await connectNats(config.natsUrl, 'orchestrator', config.natsAccess);
  const starter = new ApplicationStarter(nats, client, logger);
  // Ready while the worker runs and the starter consumes: 503 until then and again once shutdown begins.
  const probes = await listenForProbes(config.port, config.host, {
    workerState: () => worker.getState(),
    natsClosed: () => nats.isClosed(),
    consuming: () => starter.consuming,
  });
  logger.log(`health and readiness on http://${config.host}:${portOf(probes)}/api/health and /api/ready`);

  const stopStarter = async (): Promise<void> => {
    await starter.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopStarter());
  process.once('SIGTERM', () => void stopStarter());

  await starter.start();
  const created = await ensureSchedules(client);
  if (created.length) logger.log(`created yearly schedules: ${created.join(', ')}`);
  logger.log(`workflow worker polling task queue "${TaskQueues.lifecycle}" in namespace "${config.temporalNamespace}"`);
  await worker.run(); // returns after SIGINT/SIGTERM once in-flight tasks are done
  await stopStarter();
  await closeListener(probes);
  await nats.drain().catch(() => undefined);
  await clientConnection.close();
  await nativeConnection.close();
  logger.log('stopped');
}

main().catch((err: unknown) => {
  process.stderr.write(`orchestrator failed / 流程编排服务失败: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
