import {
  annualCallStatusQuery,
  type AnnualCallInput,
  type AnnualCallStatus,
  type ApplicationOutcome,
  applicationOutcomeSignal,
  applicationRegisteredSignal,
  extendCallDeadlineUpdate,
  internalReviewUpdate,
  reapplicationSignal,
  SearchAttributeKeys,
  submitCandidateListUpdate,
  WorkflowIds,
} from '@sme/contracts';
import { endOfDayShanghai, isIsoDate, parts, POLICIES, rankCandidates } from '@sme/policy';
import { condition, executeChild, getExternalWorkflowHandle, log, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { lifecycle, notifications, Recipients } from './lib/activities';
import { refuse } from './lib/refusals';
import { msUntil, today } from './lib/clock';
import { publicNoticeWorkflow } from './public-notice.workflow';

/** Calls started with this patch tell each scored applicant left without a title that its re-application failed. */
export const TELL_REAPPLICANTS_PATCH = 'call-tells-reapplicants';

/**
 * A platform re-applying in its expiry year keeps its title until its application is decided (第十七条): the scored
 * ones the call leaves without a title (below the line, the list rejected, an objection upheld) are told. Applicants
 * without a title have no platform workflow, and the signal finds nobody.
 */
async function tellUnawarded(year: number, outcomes: Iterable<ApplicationOutcome>, awarded: string[]): Promise<void> {
  if (!patched(TELL_REAPPLICANTS_PATCH)) return;
  for (const o of outcomes) {
    if (o.result !== 'scored' || awarded.includes(o.creditCode)) continue;
    try {
      await getExternalWorkflowHandle(WorkflowIds.platform(o.creditCode)).signal(reapplicationSignal, { callYear: year, applicationId: o.applicationId, state: 'failed', on: today() });
    } catch {
      // not a platform: nothing to end
    }
  }
}

/** Calls started with this patch first adopt the year's applications submitted before they started. */
const DAY_MS = 24 * 60 * 60 * 1000;
export const ADOPT_SUBMITTED_PATCH = 'call-adopts-submitted';
/** Runs with this patch tell those who must act what the call still waits for, every `callWaitReminderDays`. */
export const CALL_WAITS_TELL_PATCH = 'call-waits-tell-who-must-act';

/**
 * `call-<year>`: the annual call (年度申报通知, 第十条) from opening to awards. Submissions close at the deadline
 * (staff may extend it); the call waits for every application's panel result, ranks the scored ones and draws the
 * quota line (第四条, 第十二条), goes through the bureau's internal review (第十三条: approve, send back, reject), the
 * public notice, and awards the titles (第十四条), each of which starts or renews a platform workflow.
 */
export async function annualCallWorkflow(input: AnnualCallInput): Promise<AnnualCallStatus> {
  const policy = POLICIES.get(input.policyVersion);
  const registered = new Map<string, { creditCode: string; submittedAt: string }>();
  const outcomes = new Map<string, ApplicationOutcome>();
  let listSubmitted: { by: string; exclude: string[] } | null = null;
  let review: { decision: 'approve' | 'send_back' | 'reject'; reason: string | null } | null = null;

  const s: AnnualCallStatus = {
    year: input.year,
    stage: 'open',
    quota: input.quota,
    closesOn: input.closesOn,
    closesAt: endOfDayShanghai(input.closesOn),
    policyVersion: policy.id,
    applications: 0,
    outcomesReceived: 0,
    ranking: [],
    reviewHistory: [],
    noticeId: null,
    awarded: [],
    removedByObjection: [],
    waitingFor: 'submissions',
    actor: 'applicants',
  };
  const enter = (stage: AnnualCallStatus['stage'], waitingFor: string | null, actor: AnnualCallStatus['actor']): void => {
    s.stage = stage;
    s.waitingFor = waitingFor;
    s.actor = actor;
    upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: `call_${stage}` }]);
  };

  setHandler(annualCallStatusQuery, () => s);
  setHandler(applicationRegisteredSignal, (a) => {
    if (s.stage !== 'open') {
      log.warn('application registered after the call closed: ignored', { applicationId: a.applicationId });
      return;
    }
    registered.set(a.applicationId, { creditCode: a.creditCode, submittedAt: a.submittedAt });
    s.applications = registered.size;
  });
  setHandler(applicationOutcomeSignal, (o) => {
    if (!registered.has(o.applicationId)) registered.set(o.applicationId, { creditCode: o.creditCode, submittedAt: o.submittedAt });
    outcomes.set(o.applicationId, o);
    s.applications = registered.size;
    s.outcomesReceived = outcomes.size;
  });
  setHandler(
    extendCallDeadlineUpdate,
    (req) => {
      s.closesOn = req.closesOn;
      s.closesAt = endOfDayShanghai(req.closesOn);
      log.info('call deadline extended', { closesOn: req.closesOn, reason: req.reason });
      return s;
    },
    {
      validator: (req) => {
        if (s.stage !== 'open') throw refuse('call-closed', '第十条', 'submissions are already closed / 申报已截止，无法延期');
        if (!isIsoDate(req.closesOn) || req.closesOn <= s.closesOn) throw refuse('deadline-not-later', '第十条', `the new deadline must be a date after ${s.closesOn} / 新截止日期须晚于原截止日期`);
        if (!req.reason?.trim()) throw refuse('reason-required', '第十条', 'an extension needs its reason / 延期须写明理由');
      },
    },
  );
  setHandler(
    submitCandidateListUpdate,
    async (req) => {
      listSubmitted = { by: req.by, exclude: req.exclude ?? [] };
      await condition(() => s.stage !== 'ranking');
      return s;
    },
    {
      validator: (_req) => {
        if (s.stage !== 'ranking') throw refuse('no-list-expected', '第十二条', `no list is being prepared in stage ${s.stage} / 当前阶段不能提交候选名单`);
        // Two lists in one workflow task: the stage has not moved yet, the first list has.
        if (listSubmitted) throw refuse('list-already-submitted', '第十二条', 'the candidate list is already submitted / 候选名单已提交');
      },
    },
  );
  setHandler(
    internalReviewUpdate,
    async (req) => {
      review = { decision: req.decision, reason: req.reason ?? null };
      s.reviewHistory.push({ decision: req.decision, reason: req.reason ?? null, at: new Date().toISOString() });
      await condition(() => s.stage !== 'internal_review');
      return s;
    },
    {
      validator: (req) => {
        if (s.stage !== 'internal_review') throw refuse('no-review-expected', '第十三条', `nothing awaits internal review in stage ${s.stage} / 当前阶段无需内审`);
        // Approve and reject delivered together: the first decides, the second is refused.
        if (review) throw refuse('review-already-taken', '第十三条', `the review is already decided (${review.decision}) / 内审已作出决定`);
        if (req.decision !== 'approve' && !req.reason?.trim()) throw refuse('reason-required', '第十三条', 'sending back or rejecting needs a reason / 退回或不予通过须写明理由');
      },
    },
  );

  upsertSearchAttributes([
    { key: SearchAttributeKeys.CallYear, value: input.year },
    { key: SearchAttributeKeys.Stage, value: 'call_open' },
  ]);

  // An application submitted before the call started (or before a restart) told nobody: count it now, with its
  // outcome if it already has one. Signals that arrived first win; nothing is counted twice (keyed by id).
  if (patched(ADOPT_SUBMITTED_PATCH)) {
    for (const a of await lifecycle.callApplications({ year: input.year })) {
      if (!registered.has(a.applicationId)) registered.set(a.applicationId, { creditCode: a.creditCode, submittedAt: a.submittedAt });
      if (a.outcome && !outcomes.has(a.applicationId)) outcomes.set(a.applicationId, a.outcome);
    }
    s.applications = registered.size;
    s.outcomesReceived = outcomes.size;
  }

  // Open until 24:00 of the closing day; an extension moves the timer.
  while (Date.now() < Date.parse(s.closesAt)) {
    const closesAt = s.closesAt;
    await condition(() => s.closesAt !== closesAt, msUntil(Date.parse(closesAt)));
  }

  // No wait without an end: a wait past `callWaitReminderDays` is said to those who must act (and on the status, for
  // the operations screen), again every as many days, until it ends.
  const tells = patched(CALL_WAITS_TELL_PATCH);
  const waitTelling = async (
    what: 'panel_results' | 'candidate_list' | 'internal_review',
    done: () => boolean,
    pending: () => string[],
    recipient: Parameters<typeof notifications.storeInAppNotification>[0]['recipient'],
    text: { zh: string; en: string },
  ): Promise<void> => {
    if (!tells) return void (await condition(done));
    const since = new Date().toISOString();
    let reminders = 0;
    while (!(await condition(done, policy.periods.callWaitReminderDays * DAY_MS))) {
      reminders++;
      s.stillWaiting = { what, since, reminders, pending: pending() };
      await notifications.storeInAppNotification({
        idempotencyKey: `${workflowInfo().workflowId}:still-waiting:${what}:${since}:${reminders}`,
        recipient,
        kind: 'call.still_waiting',
        title: { zh: `${input.year}年度认定仍在等待`, en: `The ${input.year} call is still waiting` },
        body: {
          zh: `${text.zh}（自 ${since.slice(0, 10)} 起）${s.stillWaiting.pending.length ? `：${s.stillWaiting.pending.join('、')}` : ''}。`,
          en: `${text.en} (since ${since.slice(0, 10)})${s.stillWaiting.pending.length ? `: ${s.stillWaiting.pending.join(', ')}` : ''}.`,
        },
      });
    }
    s.stillWaiting = null;
  };

  enter('awaiting_panel', 'panel_results', 'experts');
  await waitTelling(
    'panel_results',
    () => [...registered.keys()].every((id) => outcomes.has(id)),
    () => [...registered.keys()].filter((id) => !outcomes.has(id)),
    Recipients.role('staff'),
    { zh: '以下申报尚无评审结果，请推进现场考察、指派或更换专家，或终止无法完成的申报', en: 'These applications have no outcome yet: move their site visit and panel on, replace experts, or close those that cannot be completed' },
  );

  for (;;) {
    const scored = [...outcomes.values()].filter((o) => o.result === 'scored' && o.score !== null);
    enter('ranking', 'candidate_list', 'center_staff');
    s.ranking = rankCandidates(
      scored.map((o) => ({ applicationId: o.applicationId, creditCode: o.creditCode, institutionName: o.institutionName, score: o.score!, submittedAt: o.submittedAt })),
      input.quota,
    ).map((r) => ({ rank: r.rank, applicationId: r.applicationId, creditCode: r.creditCode, institutionName: r.institutionName, score: r.score, withinQuota: r.withinQuota }));
    listSubmitted = null;
    await waitTelling('candidate_list', () => listSubmitted !== null, () => [], Recipients.role('staff'), { zh: '候选名单尚未提交内审', en: 'The candidate list has not been submitted for internal review' });
    const exclude = new Set(listSubmitted!.exclude);
    // Excluding someone above the line does not pull a lower-ranked one over it: the quota line is the rank.
    s.ranking = s.ranking.map((r) => ({ ...r, withinQuota: r.withinQuota && !exclude.has(r.creditCode) }));

    review = null;
    enter('internal_review', 'internal_review', 'bureau');
    await notifications.storeInAppNotification({
      idempotencyKey: `${workflowInfo().workflowId}:review-requested:${s.reviewHistory.length}`,
      recipient: Recipients.bureau,
      kind: 'call.review_requested',
      title: { zh: `${input.year}年度示范平台候选名单待内审`, en: `${input.year} candidate list awaits internal review` },
      body: { zh: '请审定候选名单（第十三条）。', en: 'Please review the candidate list (Art. 13).' },
    });
    await waitTelling('internal_review', () => review !== null, () => [], Recipients.bureau, { zh: '候选名单尚待内审（第十三条）', en: 'The candidate list awaits internal review (Art. 13)' });
    if (review!.decision === 'approve') break;
    if (review!.decision === 'reject') {
      enter('rejected', null, null);
      await tellUnawarded(input.year, outcomes.values(), []);
      return s;
    }
  }

  enter('public_notice', 'public_notice', 'public');
  const noticeId = `${input.year}-1`;
  s.noticeId = noticeId;
  const candidates = s.ranking.filter((r) => r.withinQuota).map((r) => ({ creditCode: r.creditCode, institutionName: r.institutionName, rank: r.rank }));
  const notice = await executeChild(publicNoticeWorkflow, {
    workflowId: WorkflowIds.publicNotice(noticeId),
    args: [{ noticeId, callYear: input.year, published: today(), workingDays: policy.periods.noticeWorkingDays, dayOne: policy.periods.noticeDayOne, candidates }],
  });
  s.removedByObjection = notice.removed.map((r) => r.creditCode);

  enter('awarding', null, 'system');
  const awardedOn = today();
  // The list year is the year the list was published, i.e. its notice ended (第十四条, 第十九条), not the call year:
  // a 2026 call whose notice ends in January 2027 lists its platforms in 2027.
  const listYear = parts(notice.end).year;
  for (const c of notice.confirmed) {
    await lifecycle.awardTitle({ callYear: input.year, creditCode: c.creditCode, institutionName: c.institutionName, awardedOn, listYear, policyVersion: policy.id });
    s.awarded.push(c.creditCode);
  }
  await tellUnawarded(input.year, outcomes.values(), s.awarded);
  enter('closed', null, null);
  return s;
}
