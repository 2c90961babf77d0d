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

/** Recipients of in-app notifications. */
export const Recipients = {
  institution: (creditCode: string): string => `institution:${creditCode}`,
  centerStaff: 'role:center_staff',
  bureau: 'role:bureau',
  expert: (id: string): string => `expert:${id}`,
} as const;
