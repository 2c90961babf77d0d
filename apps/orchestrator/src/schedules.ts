import { TaskQueues, WorkflowTypes } from '@sme/contracts';
import { type Client, ScheduleAlreadyRunning } from '@temporalio/client';

/**
 * The yearly Schedules (DESIGN.md): the annual call opens on 1 March and the annual evaluation of the previous
 * year starts on 10 January, at 09:00 Asia/Shanghai. Created once; an existing schedule is left as staff set it.
 */
export const YEARLY_SCHEDULES = [
  { scheduleId: 'annual-call', workflowType: WorkflowTypes.scheduledAnnualCall, month: 'MARCH', dayOfMonth: 1 },
  { scheduleId: 'annual-evaluation', workflowType: WorkflowTypes.scheduledAnnualEvaluation, month: 'JANUARY', dayOfMonth: 10 },
] as const;

export async function ensureSchedules(client: Client): Promise<string[]> {
  const created: string[] = [];
  for (const s of YEARLY_SCHEDULES) {
    try {
      await client.schedule.create({
        scheduleId: s.scheduleId,
        spec: { calendars: [{ month: s.month, dayOfMonth: s.dayOfMonth, hour: 9 }], timezone: 'Asia/Shanghai' },
        action: { type: 'startWorkflow', workflowType: s.workflowType, taskQueue: TaskQueues.lifecycle, args: [] },
        policies: { catchupWindow: '7 days', overlap: 'SKIP' },
      });
      created.push(s.scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  return created;
}
