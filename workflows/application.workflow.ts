import {
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  applicationStatusQuery,
  ApplicationStages,
  MATERIALS_DEADLINE_DAYS,
  SearchAttributeKeys,
  supplementMaterialsUpdate,
  TaskQueues,
  type ApplicationsActivities,
  type ApplicationStage,
  type ApplicationStatus,
  type ApplicationWorkflowInput,
  type NotificationsActivities,
} from '@sme/contracts';
import { REQUIRED_MATERIALS } from '@sme/policy';

const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;

const applications = proxyActivities<ApplicationsActivities>({
  taskQueue: TaskQueues.applications,
  startToCloseTimeout: '30s',
  retry: { ...retry, nonRetryableErrorTypes: ['ApplicationNotFound'] },
});

const notifications = proxyActivities<NotificationsActivities>({
  taskQueue: TaskQueues.notifications,
  startToCloseTimeout: '30s',
  retry,
});

const DAY_MS = 24 * 60 * 60 * 1000;

function materialNames(keys: string[]): { zh: string; en: string } {
  const found = REQUIRED_MATERIALS.filter((m) => keys.includes(m.key));
  return { zh: found.map((m) => m.name.zh).join('、'), en: found.map((m) => m.name.en).join(', ') };
}

/**
 * One application, `application-<id>`: the completeness check of Art. 10, with a request for the missing
 * materials and a deadline, until it is complete (accepted) or the deadline passes.
 * Later stages (eligibility, site visit, scoring, outcome) extend this workflow.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationStatus> {
  const recipient = `institution:${input.creditCode}`;
  const keyPrefix = workflowInfo().workflowId;
  const status: ApplicationStatus = {
    applicationId: input.applicationId,
    stage: ApplicationStages.completenessCheck,
    waitingFor: 'completeness_check',
    actor: 'system',
    deadline: null,
    completenessChecks: 0,
    missing: [],
    article: '第十条',
  };
  let supplied = false;

  const enter = (stage: ApplicationStage, waitingFor: string | null, actor: ApplicationStatus['actor']): void => {
    status.stage = stage;
    status.waitingFor = waitingFor;
    status.actor = actor;
    upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: stage }]);
  };

  setHandler(applicationStatusQuery, () => status);
  setHandler(
    supplementMaterialsUpdate,
    async (_request) => {
      const checksBefore = status.completenessChecks;
      supplied = true;
      await condition(() => status.completenessChecks > checksBefore);
      return status;
    },
    {
      validator: (_request) => {
        if (status.stage !== ApplicationStages.awaitingMaterials) {
          throw new Error(`no materials are requested in stage ${status.stage} / 当前阶段无需补充材料`);
        }
      },
    },
  );

  for (;;) {
    enter(ApplicationStages.completenessCheck, 'completeness_check', 'system');
    const attempt = status.completenessChecks + 1;
    const result = await applications.checkCompleteness({ applicationId: input.applicationId, attempt });
    status.completenessChecks = attempt;
    status.missing = result.missing;

    if (result.complete) {
      status.deadline = null;
      enter(ApplicationStages.accepted, null, null);
      await notifications.storeInAppNotification({
        idempotencyKey: `${keyPrefix}:accepted`,
        recipient,
        kind: 'application.accepted',
        title: { zh: '申报材料已受理', en: 'Application accepted' },
        body: {
          zh: `${input.institutionName}的${input.callYear}年度申报材料齐全，已受理（第十条）。`,
          en: `The ${input.callYear} application of ${input.institutionName} is complete and accepted (Art. 10).`,
        },
      });
      log.info('application accepted', { applicationId: input.applicationId });
      return status;
    }

    const deadline = new Date(Date.now() + MATERIALS_DEADLINE_DAYS * DAY_MS);
    status.deadline = deadline.toISOString();
    supplied = false;
    enter(ApplicationStages.awaitingMaterials, 'materials', 'applicant');
    const names = materialNames(result.missing);
    await notifications.storeInAppNotification({
      idempotencyKey: `${keyPrefix}:materials-requested:${attempt}`,
      recipient,
      kind: 'application.materials_requested',
      title: { zh: '请补充申报材料', en: 'Missing application materials' },
      body: {
        zh: `请于 ${MATERIALS_DEADLINE_DAYS} 日内补充：${names.zh}（第十条）。`,
        en: `Please supply within ${MATERIALS_DEADLINE_DAYS} days: ${names.en} (Art. 10).`,
      },
    });

    const arrived = await condition(() => supplied, MATERIALS_DEADLINE_DAYS * DAY_MS);
    if (!arrived) {
      enter(ApplicationStages.closedIncomplete, null, null);
      await notifications.storeInAppNotification({
        idempotencyKey: `${keyPrefix}:closed-incomplete`,
        recipient,
        kind: 'application.closed_incomplete',
        title: { zh: '申报因材料不全未受理', en: 'Application closed: materials incomplete' },
        body: {
          zh: `补充期限已过，仍缺：${names.zh}（第十条）。`,
          en: `The deadline passed and these are still missing: ${names.en} (Art. 10).`,
        },
      });
      return status;
    }
  }
}
