import {
  type AnnualEvaluationInput,
  type AnnualEvaluationStatus,
  annualEvaluationStatusQuery,
  evaluationOutcomeSignal,
  type EvaluationScores,
  SearchAttributeKeys,
  submitEvaluationScoresUpdate,
  WorkflowIds,
} from '@sme/contracts';
import { condition, getExternalWorkflowHandle, log, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { lifecycle, notifications, Recipients } from './lib/activities';
import { refuse } from './lib/refusals';

const DAY_MS = 86_400_000;

/**
 * `evaluation-<year>`: the annual evaluation (第十九条, Annex 3) of the platforms due for `year` (listed before it),
 * started by a Schedule. Collects each platform's indicators, waits for the center's scores (reminding staff when
 * the scoring period ends), then signals each platform its outcome: pass, rectify or revoke.
 */
export async function annualEvaluationWorkflow(input: AnnualEvaluationInput): Promise<AnnualEvaluationStatus> {
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
