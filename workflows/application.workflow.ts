import {
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  applicationStatusQuery,
  ApplicationStages,
  SearchAttributeKeys,
  supplementMaterialsUpdate,
  type ApplicationStage,
  type ApplicationStatus,
  type ApplicationWorkflowInput,
  type ApplicationOutcome,
  applicationOutcomeSignal,
  applicationRegisteredSignal,
  assignExpertsUpdate,
  reapplicationSignal,
  recordSiteVisitUpdate,
  closeApplicationUpdate,
  recuseExpertUpdate,
  replaceExpertUpdate,
  submitScoreUpdate,
  WorkflowIds,
} from '@sme/contracts';
import { aggregatePanel, chineseDate, describeMissing, panelSizeProblem, periodInDays, POLICIES, rubricTotal, settleFindings } from '@sme/policy';
import { applications, lifecycle, notifications, Recipients } from './lib/activities';
import { refuse } from './lib/refusals';
import { calendarWith, today } from './lib/clock';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Histories recorded before the review stages existed end at `accepted`; this marks the change. */
export const REVIEW_STAGES_PATCH = 'application-review-stages';
/** Runs with this patch count the materials period by the Civil Code and the working-day calendar (as published). */
export const MATERIALS_PERIOD_PATCH = 'application-materials-civil-code-period';
/** Runs with this patch remind late experts once for the state found, then every interval from then. */
export const EXPERT_REMINDER_PATCH = 'application-expert-reminder-from-now';
/** Runs with this patch have the site visit confirm or fail every clause only evidence can settle, before scoring. */
export const SITE_FINDINGS_PATCH = 'application-site-visit-settles-evidence';

/** The call's policy version governs the application (staff chose it); workflows started before it was passed use the year's. */
const policyOf = (input: ApplicationWorkflowInput) => (input.policyVersion ? POLICIES.get(input.policyVersion) : POLICIES.forCallYear(input.callYear));

/**
 * One application, `application-<id>`: the completeness check of Art. 10, with a request for the missing
 * materials and a deadline, until it is complete (accepted) or the deadline passes.
 * Later stages (eligibility, site visit, scoring, outcome) extend this workflow.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationStatus> {
  const recipient = Recipients.institution(input.creditCode);
  const materialsDays = policyOf(input).periods.materialsDeadlineDays;
  const keyPrefix = workflowInfo().workflowId;
  const status: ApplicationStatus = {
    applicationId: input.applicationId,
    applicant: {
      creditCode: input.creditCode,
      institutionName: input.institutionName,
      callYear: input.callYear,
      policyVersion: policyOf(input).id,
    },
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
          throw refuse('materials-not-requested', '第十条', `no materials are requested in stage ${status.stage} / 当前阶段无需补充材料`);
        }
      },
    },
  );

  await tellPlatform(input, 'pending');
  for (;;) {
    enter(ApplicationStages.completenessCheck, 'completeness_check', 'system');
    const attempt = status.completenessChecks + 1;
    const result = await applications.checkCompleteness({ applicationId: input.applicationId, attempt });
    status.completenessChecks = attempt;
    status.missing = result.missing;
    if (result.details) status.missingDetails = result.details;

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
      if (!patched(REVIEW_STAGES_PATCH)) return status;
      return reviewStages(input, status, enter);
    }

    // The period to supply them counts as the Civil Code counts it: from the next day, its last day moved off a rest
    // day, ending at 24:00 Asia/Shanghai (第十条; 民法典第二百零一条、第二百零三条), not 240 hours from now.
    const period = patched(MATERIALS_PERIOD_PATCH)
      ? periodInDays(today(), materialsDays, calendarWith([await lifecycle.publishedCalendar()]), policyOf(input), '第十条')
      : null;
    const deadline = period ? new Date(period.endsAt) : new Date(Date.now() + materialsDays * DAY_MS);
    status.deadline = deadline.toISOString();
    supplied = false;
    enter(ApplicationStages.awaitingMaterials, 'materials', 'applicant');
    // Named by the rule that found them missing: no file, or none of the kind the template asks for (第十条).
    const names = describeMissing(result.missing, result.details);
    await notifications.storeInAppNotification({
      idempotencyKey: `${keyPrefix}:materials-requested:${attempt}`,
      recipient,
      kind: 'application.materials_requested',
      title: { zh: '请补充申报材料', en: 'Missing application materials' },
      body: {
        zh: period ? `请于${chineseDate(period.due)}（含）前上传补充：${names.zh}，上传后提交核查（第十条）。` : `请于 ${materialsDays} 日内补充：${names.zh}（第十条）。`,
        en: period ? `Please upload by the end of ${period.due}: ${names.en}, then ask for the check (Art. 10).` : `Please supply within ${materialsDays} days: ${names.en} (Art. 10).`,
      },
    });

    const arrived = await condition(() => supplied, period ? Math.max(1, deadline.getTime() - Date.now()) : materialsDays * DAY_MS);
    if (!arrived) {
      enter(ApplicationStages.closedIncomplete, null, null);
      if (patched(REVIEW_STAGES_PATCH)) await tellCall(input, status, 'incomplete', null, false);
      await tellPlatform(input, 'failed');
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

/** Runs with this patch tell a platform re-applying in its expiry year that its re-application is pending or failed. */
export const REAPPLICATION_PATCH = 'application-tells-platform';

/**
 * A platform re-applying (第十七条) keeps its title while this application is pending and loses it when it fails: its
 * workflow is told. An institution that holds no title has no platform workflow; the signal then finds nobody.
 */
async function tellPlatform(input: ApplicationWorkflowInput, state: 'pending' | 'failed'): Promise<void> {
  if (!patched(REAPPLICATION_PATCH)) return;
  try {
    await getExternalWorkflowHandle(WorkflowIds.platform(input.creditCode)).signal(reapplicationSignal, { callYear: input.callYear, applicationId: input.applicationId, state, on: today() });
  } catch {
    // not a platform (yet): nothing to keep
  }
}

/** Signals the year's call workflow; an application outlives a missing call (it says so in its status). */
async function tellCall(
  input: ApplicationWorkflowInput,
  status: ApplicationStatus,
  result: ApplicationOutcome['result'] | 'registered',
  score: string | null,
  dispersed: boolean,
): Promise<void> {
  const call = getExternalWorkflowHandle(WorkflowIds.annualCall(input.callYear));
  const submittedAt = new Date(workflowInfo().startTime).toISOString();
  try {
    if (result === 'registered') {
      await call.signal(applicationRegisteredSignal, { applicationId: input.applicationId, creditCode: input.creditCode, submittedAt });
    } else {
      await call.signal(applicationOutcomeSignal, {
        applicationId: input.applicationId,
        creditCode: input.creditCode,
        institutionName: input.institutionName,
        callYear: input.callYear,
        result,
        score,
        dispersed,
        submittedAt,
      });
    }
    status.callNotified = true;
  } catch (err) {
    status.callNotified = false;
    log.warn('the call workflow of the year is not running', { callYear: input.callYear, error: String(err) });
  }
}

/**
 * After acceptance: the automatic eligibility check (第六条至第八条), the site visit with the Annex 2 checklist and
 * the served-enterprise survey (第十一条), and the expert panel (第十二条): assignment, scores by update, reminders
 * to late experts, replacement of an expert; the aggregate goes to the call.
 */
async function reviewStages(
  input: ApplicationWorkflowInput,
  status: ApplicationStatus,
  enter: (stage: ApplicationStage, waitingFor: string | null, actor: ApplicationStatus['actor']) => void,
): Promise<ApplicationStatus> {
  const policy = policyOf(input);
  const recipient = Recipients.institution(input.creditCode);
  const wfId = workflowInfo().workflowId;
  status.experts = [];
  status.scoresDue = null;
  status.score = null;
  status.siteVisit = null;
  status.eligibility = null;
  await tellCall(input, status, 'registered', null, false);

  enter(ApplicationStages.eligibilityCheck, 'eligibility_check', 'system');
  status.eligibility = await lifecycle.checkEligibility({ applicationId: input.applicationId, policyVersion: policy.id });
  if (!status.eligibility.eligible) {
    enter(ApplicationStages.ineligible, null, null);
    await notifications.storeInAppNotification({
      idempotencyKey: `${wfId}:ineligible`,
      recipient,
      kind: 'application.ineligible',
      title: { zh: '申报未通过条件审查', en: 'Application not eligible' },
      body: {
        zh: `不符合：${status.eligibility.failedArticles.join('、')}。`,
        en: `Not met: ${status.eligibility.failedArticles.join(', ')}.`,
      },
    });
    await tellCall(input, status, 'ineligible', null, false);
    await tellPlatform(input, 'failed');
    return status;
  }

  // No wait without an end (第十二条): staff may close an application whose review cannot be completed, with a reason.
  let closedBy: { by: string; reason: string } | null = null;
  setHandler(
    closeApplicationUpdate,
    (req) => {
      closedBy = { by: req.by, reason: req.reason.trim() };
      return status;
    },
    {
      validator: (req) => {
        const closable: ApplicationStage[] = [ApplicationStages.awaitingSiteVisit, ApplicationStages.awaitingExperts, ApplicationStages.scoring];
        if (!closable.includes(status.stage)) throw refuse('not-closable', '第十二条', `an application in stage ${status.stage} is not closed by staff / 当前阶段不能由服务中心终止`);
        if (closedBy) throw refuse('already-closed', '第十二条', 'the application is already closed / 该申报已终止');
        if (!req.reason?.trim()) throw refuse('reason-required', '第十二条', 'closing an application needs its reason / 终止申报须写明理由');
      },
    },
  );
  const closeByStaff = async (): Promise<ApplicationStatus> => {
    const c = closedBy!;
    status.closure = { by: c.by, reason: c.reason, at: new Date().toISOString() };
    enter(ApplicationStages.closedByStaff, null, null);
    await notifications.storeInAppNotification({
      idempotencyKey: `${wfId}:closed-by-staff`,
      recipient,
      kind: 'application.closed_by_staff',
      title: { zh: '申报已由服务中心终止', en: 'Application closed by the center' },
      body: { zh: `${input.institutionName}的申报评审无法完成，已终止。理由：${c.reason}`, en: `The review of ${input.institutionName}'s application cannot be completed and it is closed. Reason: ${c.reason}` },
    });
    await tellCall(input, status, 'withdrawn', null, false);
    await tellPlatform(input, 'failed');
    return status;
  };

  let visit: import('@sme/contracts').SiteVisitReport | null = null;
  // 第十一条: the visit settles every clause the facts could not (needs_evidence), each confirmed or failed.
  const settles = patched(SITE_FINDINGS_PATCH);
  const pending = settles ? (status.eligibility.pending ?? []) : [];
  const qualifying = status.eligibility.qualifyingFunctions ?? [];
  setHandler(
    recordSiteVisitUpdate,
    (report) => {
      visit = report;
      return status;
    },
    {
      validator: (report) => {
        if (status.stage !== ApplicationStages.awaitingSiteVisit) throw refuse('no-site-visit-expected', '第十一条', `no site visit is expected in stage ${status.stage} / 当前阶段不接受现场考察结果`);
        if (visit) throw refuse('site-visit-recorded', '第十一条', 'the site visit is already recorded / 现场考察结果已录入');
        const known = new Set(policy.siteChecklist.items.map((i) => i.id));
        const unknown = Object.keys(report.checklist ?? {}).filter((k) => !known.has(k));
        if (unknown.length) throw refuse('unknown-checklist-item', '第十一条', `unknown checklist items: ${unknown.join(', ')} / 核查表无此项`);
        if (!(report.surveySatisfaction >= 0 && report.surveySatisfaction <= 1)) throw refuse('bad-survey', '第十一条', 'surveySatisfaction must be 0..1 / 测评满意度须在0到1之间');
        if (!report.expertIds?.length) throw refuse('experts-required', '第十一条', 'a site visit names its experts / 须写明考察专家');
        if (settles) {
          const v = settleFindings(pending, report.findings ?? {}, qualifying, policy.functionsRequiredMin);
          if (v.unsettled.length) throw refuse('clauses-unsettled', '第十一条', `confirm or fail every clause to be verified: ${v.unsettled.join(', ')} / 以下待核实条款须逐项确认属实或不属实：${v.unsettled.join('、')}`);
          if (v.unknown.length) throw refuse('clauses-not-pending', '第十一条', `these clauses are not to be verified here: ${v.unknown.join(', ')} / 以下条款无需现场核实：${v.unknown.join('、')}`);
        }
      },
    },
  );
  enter(ApplicationStages.awaitingSiteVisit, 'site_visit', 'center_staff');
  await condition(() => visit !== null || closedBy !== null);
  if (closedBy) return closeByStaff();
  const v: import('@sme/contracts').SiteVisitReport = visit!;
  status.siteVisit = {
    surveySatisfaction: v.surveySatisfaction,
    checklistMet: Object.values(v.checklist).filter(Boolean).length,
    checklistTotal: policy.siteChecklist.items.length,
    expertIds: v.expertIds,
  };
  if (settles && pending.length) {
    const verdict = settleFindings(pending, v.findings ?? {}, qualifying, policy.functionsRequiredMin);
    status.eligibility = {
      ...status.eligibility,
      findings: { ...v.findings },
      qualifyingFunctions: verdict.qualifyingFunctions,
      eligible: verdict.eligible,
      outcome: verdict.eligible ? 'eligible' : 'ineligible',
      failedArticles: verdict.failedArticles,
    };
    if (!verdict.eligible) {
      enter(ApplicationStages.ineligible, null, null);
      const failed = pending.filter((p) => verdict.failed.includes(p.id));
      await notifications.storeInAppNotification({
        idempotencyKey: `${wfId}:ineligible-at-site-visit`,
        recipient,
        kind: 'application.ineligible',
        title: { zh: '申报经实地考察未通过核实', en: 'Application not confirmed by the site visit' },
        body: {
          zh: `实地考察未能核实：${failed.map((p) => `${p.reason.zh.replace(/^需佐证材料及实地考察核实：/, '')}（${p.article}）`).join('；')}。不符合：${verdict.failedArticles.join('、')}（第十一条）。`,
          en: `The site visit could not confirm: ${failed.map((p) => `${p.id} (${p.article})`).join('; ')}. Not met: ${verdict.failedArticles.join(', ')} (Art. 11).`,
        },
      });
      await tellCall(input, status, 'ineligible', null, false);
      await tellPlatform(input, 'failed');
      return status;
    }
  }

  const totals = new Map<string, string>();
  let assigned = false;
  setHandler(
    assignExpertsUpdate,
    (req) => {
      status.experts = req.expertIds.map((expertId) => ({ expertId, submitted: false, reminders: 0 }));
      status.scoresDue = new Date(Date.now() + req.dueInDays * DAY_MS).toISOString();
      assigned = true;
      return status;
    },
    {
      validator: (req) => {
        if (status.stage !== ApplicationStages.awaitingExperts) throw refuse('no-panel-expected', '第十二条', `experts are not being assigned in stage ${status.stage} / 当前阶段不能指派专家`);
        if (assigned) throw refuse('panel-exists', '第十二条', 'the panel is already assigned / 已指派评审专家');
        if (!req.expertIds?.length || new Set(req.expertIds).size !== req.expertIds.length) throw refuse('experts-distinct', '第十二条', 'name distinct experts / 专家不能为空或重复');
        const small = panelSizeProblem(req.expertIds.length, policy);
        if (small) throw refuse('panel-too-small', '第十二条', `${small.en} / ${small.zh}`);
        if (!Number.isInteger(req.dueInDays) || req.dueInDays < 1 || req.dueInDays > 60) throw refuse('bad-due-days', '第十二条', 'dueInDays must be 1..60 / 评分期限须为1至60天');
      },
    },
  );
  // An expert who declares a conflict (第十二条) is off the reminders, and staff are told to replace them: the panel
  // never waits, unseen, on someone who may not score.
  let recusals: Array<{ expertId: string; statement: string | null }> = [];
  setHandler(
    recuseExpertUpdate,
    (req) => {
      status.experts!.find((x) => x.expertId === req.expertId)!.recused = true;
      recusals = [...recusals, req];
      return status;
    },
    {
      validator: (req) => {
        if (status.stage !== ApplicationStages.scoring) throw refuse('not-scoring', '第十二条', `experts recuse only while scoring / 仅评分阶段可回避`);
        const e = status.experts!.find((x) => x.expertId === req.expertId);
        if (!e) throw refuse('not-on-panel', '第十二条', `${req.expertId} is not on this panel / 该专家不在本评审组`);
        if (e.submitted) throw refuse('already-scored', '第十二条', `${req.expertId} has already scored / 该专家已评分`);
        if (e.recused) throw refuse('already-recused', '第十二条', `${req.expertId} has already recused / 该专家已回避`);
      },
    },
  );
  setHandler(
    replaceExpertUpdate,
    (req) => {
      const e = status.experts!.find((x) => x.expertId === req.from)!;
      e.expertId = req.to;
      e.reminders = 0;
      delete e.recused;
      return status;
    },
    {
      validator: (req) => {
        if (status.stage !== ApplicationStages.scoring) throw refuse('not-scoring', '第十二条', 'experts are replaced only while scoring / 仅评分阶段可更换专家');
        const e = status.experts!.find((x) => x.expertId === req.from);
        if (!e) throw refuse('not-on-panel', '第十二条', `${req.from} is not on this panel / 该专家不在本评审组`);
        if (e.submitted) throw refuse('already-scored', '第十二条', `${req.from} has already scored / 该专家已评分`);
        if (status.experts!.some((x) => x.expertId === req.to)) throw refuse('already-on-panel', '第十二条', `${req.to} is already on the panel / 该专家已在评审组`);
        if (!req.reason?.trim()) throw refuse('reason-required', '第十二条', 'a replacement needs its reason / 更换须写明理由');
      },
    },
  );
  setHandler(
    submitScoreUpdate,
    (req) => {
      totals.set(req.expertId, rubricTotal(req.scores, policy));
      status.experts!.find((x) => x.expertId === req.expertId)!.submitted = true;
      return status;
    },
    {
      validator: (req) => {
        if (status.stage !== ApplicationStages.scoring) throw refuse('not-scoring', '第十二条', `scores are not taken in stage ${status.stage} / 当前阶段不接受评分`);
        const e = status.experts!.find((x) => x.expertId === req.expertId);
        if (!e) throw refuse('not-on-panel', '第十二条', `${req.expertId} is not on this panel / 该专家不在本评审组`);
        if (e.submitted) throw refuse('already-scored', '第十二条', `${req.expertId} has already scored / 该专家已评分`);
        rubricTotal(req.scores, policy); // throws with the criterion at fault
      },
    },
  );
  enter(ApplicationStages.awaitingExperts, 'expert_assignment', 'center_staff');
  await condition(() => assigned || closedBy !== null);
  if (closedBy) return closeByStaff();

  enter(ApplicationStages.scoring, 'expert_scores', 'center_staff');
  let round = 0;
  let nextReminder = Date.parse(status.scoresDue!);
  const fromNow = patched(EXPERT_REMINDER_PATCH);
  while (!status.experts!.every((e) => e.submitted)) {
    const roster = status.experts!.map((e) => e.expertId).join(',');
    const wait = nextReminder - Date.now();
    // A time already past is due now (a `condition` timeout of 0 would wait for ever).
    const timedOut =
      fromNow && wait <= 0
        ? true
        : !(await condition(() => status.experts!.every((e) => e.submitted) || status.experts!.map((e) => e.expertId).join(',') !== roster || recusals.length > 0 || closedBy !== null, Math.max(0, wait)));
    if (closedBy) return closeByStaff();
    for (const r of recusals) {
      await notifications.storeInAppNotification({
        idempotencyKey: `${wfId}:recused:${r.expertId}`,
        recipient: Recipients.role('staff'),
        kind: 'scoring.expert_recused',
        title: { zh: '评审专家回避，请更换', en: 'An expert recused: replace them' },
        body: {
          zh: `${input.institutionName}的评审专家声明存在利益冲突并回避（第十二条），请指派替换专家。`,
          en: `An expert on the panel for ${input.institutionName} declared a conflict and recused (Art. 12): assign a replacement.`,
        },
      });
    }
    recusals = [];
    if (!timedOut) continue;
    round++;
    for (const e of status.experts!.filter((x) => !x.submitted && !x.recused)) {
      e.reminders++;
      await notifications.storeInAppNotification({
        idempotencyKey: `${wfId}:score-reminder:${e.expertId}:${round}`,
        recipient: Recipients.expert(e.expertId),
        kind: 'scoring.reminder',
        title: { zh: '请尽快完成评分', en: 'Your score is due' },
        body: { zh: `${input.institutionName}的评分已于${status.scoresDue}到期。`, en: `The score for ${input.institutionName} was due ${status.scoresDue}.` },
      });
    }
    // Reminders are for people: after a worker outage, one reminder for the state found, the next a full interval on.
    nextReminder = fromNow ? Date.now() + policy.periods.expertReminderEveryDays * DAY_MS : nextReminder + policy.periods.expertReminderEveryDays * DAY_MS;
  }

  const aggregate = aggregatePanel([...totals.values()], policy);
  status.score = aggregate.score;
  status.dispersed = aggregate.dispersed;
  enter(ApplicationStages.scored, null, null);
  await tellCall(input, status, 'scored', aggregate.score, aggregate.dispersed);
  return status;
}
