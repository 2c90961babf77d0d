import { type ApplicationsActivities, type LifecycleActivities, type NotificationsActivities, TaskQueues } from '@sme/contracts';
import { proxyActivities } from '@temporalio/workflow';

/** Activity proxies shared by the workflows: each routes to the owning service's task queue. */
const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;

export const applications = proxyActivities<ApplicationsActivities>({
  taskQueue: TaskQueues.applications,
  startToCloseTimeout: '30s',
  retry: { ...retry, nonRetryableErrorTypes: ['ApplicationNotFound'] },
});

export const lifecycle = proxyActivities<LifecycleActivities>({
  taskQueue: TaskQueues.applications,
  startToCloseTimeout: '1m',
  retry: { ...retry, nonRetryableErrorTypes: ['ApplicationNotFound', 'PolicyInputError'] },
});

export const notifications = proxyActivities<NotificationsActivities>({
  taskQueue: TaskQueues.notifications,
  startToCloseTimeout: '30s',
  retry,
});

/** Inbox addresses come from the one typed source the inbox reads too. */
export { Recipients } from '@sme/contracts';
