import {
  type AnnualEvaluationInput,
  type AnnualEvaluationStatus,
  annualEvaluationStatusQuery,
  decideEvaluationUpdate,
  type EvaluationDecision,
  evaluationExpertScoreUpdate,
  type EvaluationPanelChange,
  evaluationPanelUpdate,
  type EvaluationPlatform,
  evaluationPlatformsQuery,
  type EvaluationResultSummary,
  type EvaluationSubmission,
  submitEvaluationUpdate,
  evaluationOutcomeSignal,
  type EvaluationScores,
  SearchAttributeKeys,
  submitEvaluationScoresUpdate,
  WorkflowIds,
} from '@sme/contracts';
import { allHandlersFinished, condition, getExternalWorkflowHandle, log, patched, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { msUntil } from './lib/clock';
import { lifecycle, notifications, Recipients } from './lib/activities';
import { refuse } from './lib/refusals';

const DAY_MS = 86_400_000;

/** Runs with this patch compute the evaluation from the indicator set; earlier runs took staff's typed results. */
export const EVALUATION_COMPUTES_PATCH = 'evaluation-computes-indicators';

/**
 * `evaluation-<year>`: the annual evaluation (第十九条, Annex 3) of the platforms due for `year` (listed before it),
 * started by a Schedule on 10 January. Each platform's indicators are gathered and computed by the indicator set
 * (its report, the register, its report's timeliness); staff review the results, adjusting an indicator only with a
 * reason, while experts score the qualitative ones; staff are reminded when the review period ends. Staff send the
 * results to the bureau, which approves them or returns them with a reason. Approved results are published and each
 * platform is told its outcome: 整改 opens a rectification, 不合格 a revocation proposal for the bureau (第十七条).
 */
export async function annualEvaluationWorkflow(input: AnnualEvaluationInput): Promise<AnnualEvaluationStatus> {
  // Decided before anything else, so that a run's history says which form it is.
  if (patched(EVALUATION_COMPUTES_PATCH)) return computedEvaluation(input);
  return typedEvaluation(input);
}

/** The earlier form, kept for runs that started with it: staff typed each platform's outcome and score. */
async function typedEvaluation(input: AnnualEvaluationInput): Promise<AnnualEvaluationStatus> {
  const s: AnnualEvaluationStatus = {
    year: input.year,
    stage: 'collecting',
    platforms: [],
    indicatorsCollected: 0,
    results: {},
    deadline: null,
    waitingFor: 'indicators',
    actor: null,
  };
  setHandler(annualEvaluationStatusQuery, () => s);
  setHandler(
    submitEvaluationScoresUpdate,
    (req) => {
      Object.assign(s.results, req.results);
      return s;
    },
    {
      validator: (req: EvaluationScores) => {
        if (s.stage !== 'scoring') throw refuse('no-scores-expected', '第十九条', `scores are not taken in stage ${s.stage} / 当前阶段不接受考评结果`);
        const unknown = Object.keys(req.results).filter((c) => !s.platforms.includes(c));
        if (unknown.length) throw refuse('not-evaluated', '第十九条', `not evaluated this year: ${unknown.join(', ')} / 不在本年度考评名单中`);
        for (const [code, r] of Object.entries(req.results)) {
          if (!['pass', 'rectify', 'revoke'].includes(r.outcome)) throw refuse('bad-outcome', '第十九条', `bad outcome for ${code} / 考评结论无效`);
          if (!/^\d{1,3}(\.\d{1,2})?$/.test(r.score)) throw refuse('bad-score', '第十九条', `bad score for ${code} / 分数无效`);
        }
      },
    },
  );
  upsertSearchAttributes([
    { key: SearchAttributeKeys.CallYear, value: input.year },
    { key: SearchAttributeKeys.Stage, value: 'evaluation_collecting' },
  ]);

  const due = await lifecycle.listPlatformsDue({ year: input.year });
  s.platforms = due.map((p) => p.creditCode);
  await Promise.all(
    due.map(async (p) => {
      await lifecycle.collectIndicators({ year: input.year, creditCode: p.creditCode });
      s.indicatorsCollected++;
    }),
  );

  s.stage = 'scoring';
  s.waitingFor = 'evaluation_scores';
  s.actor = 'center_staff';
  s.deadline = new Date(Date.now() + input.scoringDays * DAY_MS).toISOString();
  upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: 'evaluation_scoring' }]);
  const complete = (): boolean => s.platforms.every((c) => s.results[c] !== undefined);
  if (!(await condition(complete, input.scoringDays * DAY_MS))) {
    await notifications.storeInAppNotification({
      idempotencyKey: `${workflowInfo().workflowId}:scores-overdue`,
      recipient: Recipients.centerStaff,
      kind: 'evaluation.overdue',
      title: { zh: `${input.year}年度考核评价结果逾期`, en: `${input.year} evaluation scores overdue` },
      body: { zh: `仍有 ${s.platforms.filter((c) => !s.results[c]).length} 个示范平台未录入考评结果。`, en: 'Some platforms still have no evaluation result.' },
    });
    await condition(complete);
  }

  s.stage = 'notifying';
  s.waitingFor = null;
  s.actor = null;
  for (const code of s.platforms) {
    const r = s.results[code]!;
    try {
      await getExternalWorkflowHandle(WorkflowIds.platform(code)).signal(evaluationOutcomeSignal, { year: input.year, outcome: r.outcome, score: r.score });
    } catch (err) {
      log.warn('platform workflow not running: outcome kept in the evaluation only', { creditCode: code, error: String(err) });
    }
  }
  s.stage = 'done';
  upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: 'evaluation_done' }]);
  return s;
}

/** Platforms gathered at once: enough to be quick, few enough to keep the database and history calm. */
const COLLECT_BATCH = 20;

async function computedEvaluation(input: AnnualEvaluationInput): Promise<AnnualEvaluationStatus> {
  const wfId = workflowInfo().workflowId;
  const s: AnnualEvaluationStatus = {
    year: input.year,
    stage: 'collecting',
    platforms: [],
    indicatorsCollected: 0,
    results: {},
    deadline: null,
    waitingFor: 'indicators',
    actor: null,
    indicatorSet: null,
    provisional: null,
    approval: { returns: [], approvedBy: null, approvedAt: null },
  };
  let submitted = false;
  let decision: EvaluationDecision | null = null;
  const setStage = (stage: AnnualEvaluationStatus['stage'], waitingFor: string | null, actor: AnnualEvaluationStatus['actor']): void => {
    Object.assign(s, { stage, waitingFor, actor });
    upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: `evaluation_${stage}` }]);
  };
  setHandler(annualEvaluationStatusQuery, () => s);
  setHandler(
    submitEvaluationScoresUpdate,
    (_req: EvaluationScores) => s,
    { validator: (_req: EvaluationScores) => { throw refuse('computed-evaluation', '第十九条', 'this evaluation is computed from the indicators: adjust an indicator, with its reason / 本年度考核按指标计算得分，请调整指标并写明理由'); } },
  );
  setHandler(
    submitEvaluationUpdate,
    (_req: EvaluationSubmission) => {
      submitted = true;
      return s;
    },
    { validator: (_req: EvaluationSubmission) => { if (s.stage !== 'reviewing' || submitted) throw refuse('not-reviewing', '第十九条', `the results are not under review (stage ${s.stage}) / 考核结果不在审核阶段`); } },
  );
  setHandler(
    decideEvaluationUpdate,
    (d) => {
      decision = d;
      return s;
    },
    {
      validator: (d) => {
        if (s.stage !== 'approval' || decision) throw refuse('not-in-approval', '第十九条', `the results are not with the bureau (stage ${s.stage}) / 考核结果未报市工信局审定`);
        if (d.decision !== 'approve' && d.decision !== 'return') throw refuse('bad-decision', '第十九条', 'approve or return / 须审定通过或退回');
        if (d.decision === 'return' && !d.reason?.trim()) throw refuse('reason-required', '第十九条', 'a return needs its reason / 退回须写明理由');
      },
    },
  );
  // The experts' panels (第十九条; the scoring room applies 第十二条's conflict rules) and their scores, while staff review.
  let listed: EvaluationPlatform[] = [];
  const listedCodes = new Set<string>();
  setHandler(evaluationPlatformsQuery, () => listed);
  const whileReviewing = (what: string): void => {
    if (s.stage !== 'reviewing' || submitted) throw refuse('not-reviewing', '第十九条', `${what} only while staff review the results (stage ${s.stage}) / 仅在服务中心审核考核结果期间可以进行`);
  };
  const unlisted = (codes: string[]): string[] => codes.filter((c) => !listedCodes.has(c));
  let panelChanges = 0;
  setHandler(evaluationPanelUpdate, (c) => changePanels(++panelChanges, c), {
    validator: (c: EvaluationPanelChange) => {
      whileReviewing('panels change');
      if (!['assign', 'replace', 'recuse'].includes(c.kind)) throw refuse('bad-panel-change', '第十九条', 'assign, replace or recuse / 须为指派、更换或回避');
      const missing = unlisted(c.panels.map((p) => p.creditCode));
      if (missing.length) throw refuse('not-evaluated', '第十九条', `not evaluated this year: ${missing.join(', ')} / 不在本年度考核名单中`);
      if (c.panels.some((p) => p.experts.length === 0 || p.experts.some((e) => typeof e !== 'string' || !e))) throw refuse('bad-panel', '第十九条', 'each panel names its experts / 每个平台须有评分专家');
      if (c.kind !== 'assign' && !c.expertId) throw refuse('bad-panel-change', '第十九条', 'name the expert / 须指明专家');
    },
  });
  setHandler(evaluationExpertScoreUpdate, (x) => lifecycle.recordEvaluationExpertScore({ year: input.year, creditCode: x.creditCode, expertId: x.expertId, score: x.score }), {
    validator: (x) => {
      whileReviewing('experts score');
      if (unlisted([x.creditCode]).length) throw refuse('not-evaluated', '第十九条', `not evaluated this year: ${x.creditCode} / 不在本年度考核名单中`);
      if (!/^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/.test(x.score)) throw refuse('bad-score', '第十九条', 'a score is 0-100 with at most two places / 分数须为0至100，最多两位小数');
    },
  });
  /** Sets the expected panels, then tells whom it concerns: the experts newly named, or staff of a recusal. */
  async function changePanels(n: number, c: EvaluationPanelChange): Promise<{ platforms: number }> {
    const changed = c.panels.length ? await lifecycle.setEvaluationPanels({ year: input.year, panels: c.panels }) : { platforms: 0 };
    const told = new Map<string, number>();
    if (c.kind === 'assign') for (const p of c.panels) for (const e of p.experts) told.set(e, (told.get(e) ?? 0) + 1);
    if (c.kind === 'replace') told.set(c.expertId!, c.panels.length);
    await Promise.all([...told].map(([expert, platforms]) =>
      notifications.storeInAppNotification({
        idempotencyKey: `${wfId}:panel-${n}:${expert}`,
        recipient: Recipients.expert(expert),
        kind: 'evaluation.expert_assigned',
        title: { zh: `${input.year}年度示范平台考核评价：请评分`, en: `${input.year} platform evaluation: your scores are asked` },
        body: {
          zh: `请对 ${platforms} 个示范平台的定性指标评分：先声明有无利益冲突（第十二条），再查阅其年度报告并评分。评审截止：${s.deadline?.slice(0, 10) ?? ''}。`,
          en: `Please score ${platforms} platform(s) on the qualitative indicators: declare any conflict of interest first (Art. 12), then read the annual report and score. Due ${s.deadline?.slice(0, 10) ?? ''}.`,
        },
      }),
    ));
    if (c.kind === 'recuse') {
      await notifications.storeInAppNotification({
        idempotencyKey: `${wfId}:panel-${n}:recused`,
        recipient: Recipients.centerStaff,
        kind: 'evaluation.expert_recused',
        title: { zh: `${input.year}年度考核评价：专家申请回避`, en: `${input.year} evaluation: an expert stood aside` },
        body: {
          zh: `专家回避了 ${c.panels.map((p) => p.creditCode).join('、')} 的评分${c.statement ? `（${c.statement}）` : ''}，请更换专家（第十二条）。`,
          en: `An expert stood aside on ${c.panels.map((p) => p.creditCode).join(', ')}${c.statement ? ` (${c.statement})` : ''}; please replace them (Art. 12).`,
        },
      });
    }
    return changed;
  }
  upsertSearchAttributes([
    { key: SearchAttributeKeys.CallYear, value: input.year },
    { key: SearchAttributeKeys.Stage, value: 'evaluation_collecting' },
  ]);

  const opened = await lifecycle.openEvaluation({ year: input.year, ...(input.policyVersion ? { policyVersion: input.policyVersion } : {}) });
  s.indicatorSet = opened.indicatorSet;
  s.provisional = opened.provisional;
  // The facts come from the reports on the year (第十五条, due by the end of February): before they are due there is
  // nothing to compute with, so an evaluation started on 10 January (its Schedule) waits for them.
  const untilReports = msUntil(Date.parse(opened.reportsDueAt));
  if (untilReports > 0) {
    setStage('awaiting_reports', 'annual_reports', null);
    s.deadline = opened.reportsDueAt;
    await sleep(untilReports);
    setStage('collecting', 'indicators', null);
  }
  const due = await lifecycle.listPlatformsDue({ year: input.year });
  s.platforms = due.map((p) => p.creditCode);
  listed = due.map((p) => ({ creditCode: p.creditCode, institutionName: p.institutionName }));
  for (const p of due) listedCodes.add(p.creditCode);
  let flagged = 0;
  for (let i = 0; i < due.length; i += COLLECT_BATCH) {
    const batch: EvaluationResultSummary[] = await Promise.all(due.slice(i, i + COLLECT_BATCH).map((p) => lifecycle.collectIndicators({ year: input.year, creditCode: p.creditCode })));
    s.indicatorsCollected += batch.length;
    flagged += batch.filter((r) => r.flags.includes('no-report')).length;
  }

  // Staff review: the review period counts from the first time the results reach them.
  s.deadline = new Date(Date.now() + input.scoringDays * DAY_MS).toISOString();
  for (let round = 1; ; round++) {
    await lifecycle.setEvaluationStage({ year: input.year, stage: 'reviewing' });
    setStage('reviewing', 'evaluation_review', 'center_staff');
    submitted = false;
    await notifications.storeInAppNotification({
      idempotencyKey: `${wfId}:review-${round}`,
      recipient: Recipients.centerStaff,
      kind: 'evaluation.review',
      title: { zh: `${input.year}年度考核评价结果待审核`, en: `${input.year} evaluation results to review` },
      body: round === 1
        ? { zh: `已按指标计算 ${s.platforms.length} 个示范平台的得分（${flagged} 个未报送年度报告）。请审核、调整并报市工信局审定。`, en: `${s.platforms.length} platforms were scored by the indicators (${flagged} without a report). Please review, adjust and send them to the bureau.` }
        : { zh: `市工信局退回了考核结果：${s.approval!.returns.at(-1)!.reason}`, en: `The bureau returned the results: ${s.approval!.returns.at(-1)!.reason}` },
    });
    const remaining = Date.parse(s.deadline) - Date.now();
    if (!(remaining > 0 && (await condition(() => submitted, remaining)))) {
      if (!submitted) {
        await notifications.storeInAppNotification({
          idempotencyKey: `${wfId}:review-overdue`,
          recipient: Recipients.centerStaff,
          kind: 'evaluation.overdue',
          title: { zh: `${input.year}年度考核评价结果逾期未报`, en: `${input.year} evaluation results overdue` },
          body: { zh: `审核期已于${s.deadline.slice(0, 10)}届满，请尽快审核并报市工信局审定。`, en: `The review period ended ${s.deadline.slice(0, 10)}; please send the results to the bureau.` },
        });
        await condition(() => submitted);
      }
    }
    // A panel change or an expert's score taken just before staff sent the results is kept before the bureau sees them.
    await condition(allHandlersFinished);
    await lifecycle.setEvaluationStage({ year: input.year, stage: 'approval' });
    setStage('approval', 'evaluation_approval', 'bureau');
    decision = null;
    await notifications.storeInAppNotification({
      idempotencyKey: `${wfId}:approval-${round}`,
      recipient: Recipients.bureau,
      kind: 'evaluation.approval',
      title: { zh: `${input.year}年度考核评价结果待审定`, en: `${input.year} evaluation results for approval` },
      body: { zh: '服务中心已报送考核结果，请审定通过或退回（第十九条）。', en: 'The center sent the evaluation results: approve them or return them (Art. 19).' },
    });
    await condition(() => decision !== null);
    const d: EvaluationDecision = decision!;
    if (d.decision === 'approve') {
      s.approval!.approvedBy = d.by;
      s.approval!.approvedAt = new Date().toISOString();
      break;
    }
    s.approval!.returns.push({ reason: d.reason, by: d.by, at: new Date().toISOString() });
  }

  await lifecycle.setEvaluationStage({ year: input.year, stage: 'approved' });
  setStage('notifying', null, null);
  const outcomes = await lifecycle.evaluationOutcomes({ year: input.year });
  for (const r of outcomes) {
    s.results[r.creditCode] = { outcome: r.outcome, score: r.total };
    try {
      await getExternalWorkflowHandle(WorkflowIds.platform(r.creditCode)).signal(evaluationOutcomeSignal, { year: input.year, outcome: r.outcome, score: r.total });
    } catch (err) {
      log.warn('platform workflow not running: outcome kept in the evaluation only', { creditCode: r.creditCode, error: String(err) });
    }
  }
  // Published on the public site once approved (第十八条: open to the public).
  await lifecycle.setEvaluationStage({ year: input.year, stage: 'published' });
  setStage('done', null, null);
  return s;
}
