/** Temporal task queues. Each service polls its own queue; the orchestrator polls `lifecycle` (workflows only). */
export const TaskQueues = {
  lifecycle: 'lifecycle',
  applications: 'applications',
  scoring: 'scoring',
  notifications: 'notifications',
} as const;
export type TaskQueue = (typeof TaskQueues)[keyof typeof TaskQueues];
