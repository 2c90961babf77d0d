import {
  applicationStatusQuery,
  assignExpertsUpdate,
  closeApplicationUpdate,
  recordSiteVisitUpdate,
  recuseExpertUpdate,
  replaceExpertUpdate,
  submitScoreUpdate,
  supplementMaterialsUpdate,
  TaskQueues,
  WorkflowIds,
} from '@sme/contracts';
import { XIAMEN_2021_114 } from '@sme/policy';
import { eventually, FakeServices, recordHistory, skipTo, workersDownUntil, workflowTestEnv } from '@sme/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { applicationWorkflow } from './application.workflow';

const DAY_MS = 24 * 60 * 60 * 1000;
const MATERIALS_DEADLINE_DAYS = XIAMEN_2021_114.periods.materialsDeadlineDays;
const FULL = { performance: 25, capability: 20, management: 15, staff: 10, functions: 20, innovation: 10 };
const scores = (minus: number) => ({ ...FULL, performance: 25 - minus });

describe(applicationWorkflow.name, () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  const input = (id: string) => ({ applicationId: id, creditCode: '91350200MA8DEM018T', institutionName: '测试机构', callYear: 2026 });
  const start = (id: string) =>
    env.client.workflow.start(applicationWorkflow, { taskQueue: TaskQueues.lifecycle, workflowId: WorkflowIds.application(id), args: [input(id)] });
  const stage = (h: WorkflowHandle<typeof applicationWorkflow>, s: string) =>
    eventually(() => h.query(applicationStatusQuery), (x) => x.stage === s, `stage ${s}`);

  async function throughPanel(h: WorkflowHandle<typeof applicationWorkflow>, experts: string[]): Promise<void> {
    await stage(h, 'awaiting_site_visit');
    await h.executeUpdate(recordSiteVisitUpdate, { args: [{ checklist: { premises: true, survey: true }, surveySatisfaction: 0.92, opinion: '属实', expertIds: ['e1', 'e2'] }] });
    await stage(h, 'awaiting_experts');
    await h.executeUpdate(assignExpertsUpdate, { args: [{ expertIds: experts, dueInDays: 5 }] });
  }

  it('takes a complete, eligible application through the site visit and the panel to a score', async () => {
    const svc = new FakeServices(env);
    const result = await svc.run(bundle, async () => {
      const h = await start('a1');
      // A panel of at least the policy's minimum (five); one of fewer is refused (第十二条).
      await stage(h, 'awaiting_site_visit');
      await h.executeUpdate(recordSiteVisitUpdate, { args: [{ checklist: { premises: true, survey: true }, surveySatisfaction: 0.92, opinion: '属实', expertIds: ['e1', 'e2'] }] });
      await stage(h, 'awaiting_experts');
      await expect(h.executeUpdate(assignExpertsUpdate, { args: [{ expertIds: ['x1', 'x2', 'x3'], dueInDays: 5 }] })).rejects.toThrow();
      await h.executeUpdate(assignExpertsUpdate, { args: [{ expertIds: ['x1', 'x2', 'x3', 'x4', 'x5'], dueInDays: 5 }] });
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x1', scores: scores(0) }] });
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x2', scores: scores(5) }] });
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x3', scores: scores(10) }] });
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x4', scores: scores(5) }] });
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x5', scores: scores(5) }] });
      return h.result();
    });
    expect(result).toMatchObject({ stage: 'scored', score: '95.00', dispersed: false, completenessChecks: 1, callNotified: false });
    expect(result.siteVisit).toMatchObject({ surveySatisfaction: 0.92, checklistMet: 2, checklistTotal: 9 });
    expect(svc.sent().map((n) => n.idempotencyKey)).toEqual(['application-a1:accepted']);
  });

  it('asks for missing materials, re-checks when they are supplied and answers the update', async () => {
    const svc = new FakeServices(env);
    svc.materials.set('a2', { applicationForm: true, platformIntroduction: false, supportingEvidence: true });
    await svc.run(bundle, async () => {
      const h = await start('a2');
      const waiting = await stage(h, 'awaiting_materials');
      expect(waiting).toMatchObject({ actor: 'applicant', missing: ['platformIntroduction'] });
      expect(Date.parse(waiting.deadline!) - (await env.currentTimeMs())).toBeGreaterThan((MATERIALS_DEADLINE_DAYS - 1) * DAY_MS);
      svc.materials.set('a2', { applicationForm: true, platformIntroduction: true, supportingEvidence: true });
      const answer = await h.executeUpdate(supplementMaterialsUpdate, { args: [{}] });
      expect(answer).toMatchObject({ stage: 'accepted', completenessChecks: 2, missing: [] });
      await stage(h, 'awaiting_site_visit');
      await expect(h.executeUpdate(supplementMaterialsUpdate, { args: [{}] })).rejects.toThrow();
      await h.terminate('test done');
    });
    expect(svc.sent().map((n) => n.idempotencyKey)).toEqual(['application-a2:materials-requested:1', 'application-a2:accepted']);
  });

  it(`closes the application when the ${MATERIALS_DEADLINE_DAYS}-day deadline passes without the materials`, async () => {
    const svc = new FakeServices(env);
    svc.materials.set('a4', { applicationForm: false, platformIntroduction: true, supportingEvidence: true });
    const started = await env.currentTimeMs();
    const result = await svc.run(bundle, async () => (await start('a4')).result());
    expect(result.stage).toBe('closed_incomplete');
    expect((await env.currentTimeMs()) - started).toBeGreaterThanOrEqual(MATERIALS_DEADLINE_DAYS * DAY_MS);
    expect(svc.sent().map((n) => n.idempotencyKey)).toEqual(['application-a4:materials-requested:1', 'application-a4:closed-incomplete']);
    expect(svc.sent('application-a4:closed')[0]!.body.zh).toContain('申请表');
  });

  it('ends an ineligible application with the articles it fails', async () => {
    const svc = new FakeServices(env);
    svc.eligibility.set('a5', { eligible: false, outcome: 'ineligible', failedArticles: ['第六条第（一）项'], policyVersion: 'xiamen-2021-114' });
    const result = await svc.run(bundle, async () => (await start('a5')).result());
    expect(result.stage).toBe('ineligible');
    expect(svc.sent('application-a5:ineligible')[0]!.body.zh).toContain('第六条第（一）项');
  });

  it('has the site visit confirm or fail every clause left to evidence, and ends the application with the article of a failed one (第十一条)', async () => {
    const svc = new FakeServices(env);
    const pending = [
      { id: '6.3.premises', article: '第六条第（三）项', item: 'premises', reason: { zh: '需佐证材料及实地考察核实：固定的经营服务场所', en: 'to be verified: fixed premises' } },
      { id: '8.1.online_system', article: '第八条第（一）项', function: 'information', item: 'functions', reason: { zh: '需佐证材料及实地考察核实：信息服务系统', en: 'to be verified: an online system' } },
    ];
    const open = { checked: true, eligible: true, outcome: 'eligible_pending_evidence' as const, failedArticles: [], policyVersion: 'xiamen-2021-114', pending, qualifyingFunctions: ['information'] };
    svc.eligibility.set('a7', open);
    svc.eligibility.set('a8', open);
    const visit = { checklist: { premises: false, functions: true }, surveySatisfaction: 0.9, opinion: '场所与申报不符', expertIds: ['e1'] };
    const [failed, confirmed] = await svc.run(bundle, async () => {
      const h = await start('a7');
      await stage(h, 'awaiting_site_visit');
      const refusal = (p: Promise<unknown>) => p.then(() => 'taken', (e: { cause?: Error }) => String(e.cause?.message));
      expect(await refusal(h.executeUpdate(recordSiteVisitUpdate, { args: [visit] }))).toContain('待核实条款须逐项确认属实或不属实：6.3.premises、8.1.online_system');
      expect(await refusal(h.executeUpdate(recordSiteVisitUpdate, { args: [{ ...visit, findings: { '6.3.premises': true, '8.1.online_system': true, '6.1.total_assets': true } }] }))).toContain('not to be verified here: 6.1.total_assets');
      await h.executeUpdate(recordSiteVisitUpdate, { args: [{ ...visit, findings: { '6.3.premises': false, '8.1.online_system': true } }] });
      const ended = await h.result();
      const other = await start('a8');
      await stage(other, 'awaiting_site_visit');
      await other.executeUpdate(recordSiteVisitUpdate, { args: [{ ...visit, findings: { '6.3.premises': true, '8.1.online_system': true } }] });
      const going = await stage(other, 'awaiting_experts');
      await other.terminate('test done');
      return [ended, going];
    });
    expect(failed).toMatchObject({ stage: 'ineligible', eligibility: { eligible: false, outcome: 'ineligible', failedArticles: ['第六条第（三）项'], findings: { '6.3.premises': false, '8.1.online_system': true } } });
    expect(svc.sent('application-a7:ineligible-at-site-visit')[0]!.body.zh).toBe('实地考察未能核实：固定的经营服务场所（第六条第（三）项）。不符合：第六条第（三）项（第十一条）。');
    expect(confirmed.eligibility).toMatchObject({ eligible: true, outcome: 'eligible', failedArticles: [], qualifyingFunctions: ['information'] });
  });

  it('reminds a late expert, lets staff replace one, and refuses what the rubric does not allow', async () => {
    const svc = new FakeServices(env);
    const result = await svc.run(bundle, async () => {
      const h = await start('a6');
      await throughPanel(h, ['x1', 'x2', 'x3', 'x4', 'x5']);
      await stage(h, 'scoring');
      await expect(h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x1', scores: { ...FULL, staff: 11 } }] })).rejects.toThrow();
      await expect(h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'nobody', scores: FULL }] })).rejects.toThrow();
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x1', scores: scores(0) }] });
      await expect(h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x1', scores: scores(0) }] })).rejects.toThrow();
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x2', scores: scores(2) }] });
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x4', scores: scores(2) }] });
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x5', scores: scores(2) }] });
      await env.sleep(5 * DAY_MS + 60_000); // the due day passes: x3 is reminded
      await eventually(async () => svc.sent('application-a6:score-reminder:x3'), (r) => r.length === 1, 'the first reminder');
      await env.sleep(2 * DAY_MS); // and again two days later
      await eventually(async () => svc.sent('application-a6:score-reminder:x3'), (r) => r.length === 2, 'the second reminder');
      await expect(h.executeUpdate(replaceExpertUpdate, { args: [{ from: 'x1', to: 'x9', reason: '已评分' }] })).rejects.toThrow();
      await h.executeUpdate(replaceExpertUpdate, { args: [{ from: 'x3', to: 'x6', reason: '出差' }] });
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x6', scores: scores(4) }] });
      return h.result();
    });
    expect(result).toMatchObject({ stage: 'scored', score: '98.00' });
    expect(result.experts!.map((e) => e.expertId)).toEqual(['x1', 'x2', 'x6', 'x4', 'x5']);
    expect(svc.sent('application-a6:score-reminder:x1')).toEqual([]);
    expect(svc.sent('application-a6:score-reminder').map((n) => n.recipient)).toEqual(['expert:x3', 'expert:x3']);
  });

  it('after a worker outage of days while scoring, reminds each late expert once, then a full interval on', async () => {
    const svc = new FakeServices(env);
    const every = XIAMEN_2021_114.periods.expertReminderEveryDays * DAY_MS;
    const due = await svc.run(bundle, async () => {
      const h = await start('a9');
      await throughPanel(h, ['x1', 'x2', 'x3', 'x4', 'x5']);
      await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: 'x1', scores: scores(0) }] });
      return Date.parse((await stage(h, 'scoring')).scoresDue!);
    }, { cache: false });
    // The workers are down from before the scores were due until 15 days after: seven reminder rounds pass unseen.
    await workersDownUntil(env, due + 15 * DAY_MS);
    expect(svc.sent('application-a9:score-reminder')).toEqual([]);
    await svc.run(bundle, async () => {
      const h = env.client.workflow.getHandle(WorkflowIds.application('a9'));
      const once = await eventually(async () => svc.sent('application-a9:score-reminder'), (n) => n.length === 4, 'one reminder per late expert');
      expect(once.map((n) => n.recipient).sort()).toEqual(['expert:x2', 'expert:x3', 'expert:x4', 'expert:x5']);
      expect((await h.query(applicationStatusQuery)).experts!.map((e) => e.reminders)).toEqual([0, 1, 1, 1, 1]);
      const back = await env.currentTimeMs();
      await skipTo(env, back + every - 60 * 60 * 1000);
      expect(svc.sent('application-a9:score-reminder')).toHaveLength(4);
      await skipTo(env, back + every + 60 * 60 * 1000);
      await eventually(async () => svc.sent('application-a9:score-reminder'), (n) => n.length === 8, 'the next round, a full interval on');
      await h.terminate('test done');
    });
  });

  it('takes an expert who recuses off the reminders and tells staff; the replacement is reminded in their place (第十二条)', async () => {
    const svc = new FakeServices(env);
    await svc.run(bundle, async () => {
      const h = await start('a10');
      await throughPanel(h, ['x1', 'x2', 'x3', 'x4', 'x5']);
      for (const x of ['x1', 'x2', 'x3']) await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: x, scores: scores(0) }] });
      const recused = await h.executeUpdate(recuseExpertUpdate, { args: [{ expertId: 'x4', statement: '曾任申报单位顾问' }] });
      expect(recused.experts!.find((e) => e.expertId === 'x4')).toMatchObject({ recused: true, submitted: false });
      await expect(h.executeUpdate(recuseExpertUpdate, { args: [{ expertId: 'x4', statement: null }] })).rejects.toThrow();
      await expect(h.executeUpdate(recuseExpertUpdate, { args: [{ expertId: 'x1', statement: null }] })).rejects.toThrow();
      const told = await eventually(async () => svc.sent('application-a10:recused:'), (n) => n.length === 1, 'staff told');
      expect(told[0]).toMatchObject({ recipient: 'role:staff', kind: 'scoring.expert_recused' });

      // Past the due date: the late expert is reminded, the recused one is not.
      const due = Date.parse((await h.query(applicationStatusQuery)).scoresDue!);
      await skipTo(env, due + 60 * 60 * 1000);
      await eventually(async () => svc.sent('application-a10:score-reminder'), (n) => n.length === 1, 'the first round');
      expect(svc.sent('application-a10:score-reminder').map((n) => n.recipient)).toEqual(['expert:x5']);
      // Staff put y4 in x4's place: from the next round, y4 is reminded with x5.
      const replaced = await h.executeUpdate(replaceExpertUpdate, { args: [{ from: 'x4', to: 'y4', reason: '原专家回避' }] });
      expect(replaced.experts!.find((e) => e.expertId === 'y4')).toEqual({ expertId: 'y4', submitted: false, reminders: 0 });
      await skipTo(env, due + XIAMEN_2021_114.periods.expertReminderEveryDays * DAY_MS + 60 * 60 * 1000);
      await eventually(async () => svc.sent('application-a10:score-reminder'), (n) => n.length === 3, 'the second round');
      expect(svc.sent('application-a10:score-reminder').slice(1).map((n) => n.recipient).sort()).toEqual(['expert:x5', 'expert:y4']);
      await h.terminate('test done');
    });
  });

  it('lets staff close an application whose panel cannot be completed, with a reason; the wait ends (第十二条)', async () => {
    const svc = new FakeServices(env);
    const result = await svc.run(bundle, async () => {
      const h = await start('a11');
      await throughPanel(h, ['x1', 'x2', 'x3', 'x4', 'x5']);
      await h.executeUpdate(recuseExpertUpdate, { args: [{ expertId: 'x2', statement: null }] });
      await expect(h.executeUpdate(closeApplicationUpdate, { args: [{ by: 'staff-1', reason: ' ' }] })).rejects.toThrow();
      await h.executeUpdate(closeApplicationUpdate, { args: [{ by: 'staff-1', reason: '无可替换专家' }] });
      return h.result();
    });
    expect(result).toMatchObject({ stage: 'closed_by_staff', closure: { by: 'staff-1', reason: '无可替换专家' } });
    expect(svc.sent('application-a11:closed-by-staff')[0]).toMatchObject({ recipient: 'institution:91350200MA8DEM018T', kind: 'application.closed_by_staff' });
  });

  it('records its histories when asked (RECORD_HISTORIES=1)', async () => {
    const svc = new FakeServices(env);
    await svc.run(bundle, async () => {
      const h = await start('h1');
      const panel = ['x1', 'x2', 'x3', 'x4', 'x5'];
      await throughPanel(h, panel);
      for (const x of panel) await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: x, scores: scores(0) }] });
      await h.result();
      await recordHistory('application-v2-scored', h);
      expect((await h.describe()).status.name).toBe('COMPLETED');
    });
  });
});
