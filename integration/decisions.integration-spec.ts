import {
  annualCallStatusQuery,
  applicationOutcomeSignal,
  awardSignalWithStart,
  TaskQueues,
  WorkflowIds,
  WorkflowTypes,
} from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { annualReportBody, infraEnv, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { fileAnnualReport } from './fixtures/reports';
import { SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff', { username: 'wang' });
const BUREAU = tokenFor('bureau', { username: 'li' });
const applicant = (institution: string) => tokenFor('applicant', { institution });

/** A past year nobody else uses, so the call closes at once and the test owns call-, notice- and platform- ids. */
const YEAR = 2019;
const NOTICE = `${YEAR}-1`;
const run = Date.now() % 1e7;
const A = makeCreditCode('91350200', String(run * 10 + 1).padStart(8, '0').slice(-8));
const B = makeCreditCode('91350200', String(run * 10 + 2).padStart(8, '0').slice(-8));

interface Problem { status: number; type: string; code?: string; article?: string; message: { zh: string; en: string } }

/**
 * Staff, bureau and public decisions over REST reaching the workflows: the candidate list, the bureau's internal
 * review (send back, approve), the public notice board with an objection raised and resolved, then a platform's
 * annual report, a revocation and a refused recommendation. Each answer is the workflow's; refusals are 409s.
 */
describe('decisions: internal review, public notice and objections, annual report, revocation', () => {
  let sut: SystemUnderTest;
  let connection: Connection;
  let temporal: TemporalClient;
  let pg: PgClient;
  const api = (path: string) => `${sut.applicationsUrl}${path}`;

  const terminate = async (id: string) => {
    try {
      await temporal.workflow.getHandle(id).terminate('integration test clean-up');
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) && !/already completed|not running/i.test(String(err))) throw err;
    }
  };

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_decisions');
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
    pg = new PgClient({ connectionString: sut.ownerDatabaseUrl });
    await pg.connect();
    for (const id of [WorkflowIds.publicNotice(NOTICE), WorkflowIds.annualCall(YEAR)]) await terminate(id);
    // The call of a past year with one scored application: it closes at once and waits for the candidate list.
    await temporal.workflow.signalWithStart(WorkflowTypes.annualCall, {
      workflowId: WorkflowIds.annualCall(YEAR),
      taskQueue: TaskQueues.lifecycle,
      args: [{ year: YEAR, quota: 2, opensOn: `${YEAR}-03-01`, closesOn: `${YEAR}-04-30`, policyVersion: 'xiamen-2021-114' }],
      signal: applicationOutcomeSignal,
      signalArgs: [{ applicationId: '00000000-0000-4000-8000-0000000000a1', creditCode: A, institutionName: '厦门市公示测试中心', callYear: YEAR, result: 'scored', score: '88.00', dispersed: false, submittedAt: `${YEAR}-04-01T02:00:00.000Z` }],
    });
    await waitFor('the call ranks', async () => ((await temporal.workflow.getHandle(WorkflowIds.annualCall(YEAR)).query(annualCallStatusQuery)).stage === 'ranking' ? true : undefined), 30_000, 200);
  }, 180_000);

  afterAll(async () => {
    for (const id of [WorkflowIds.publicNotice(NOTICE), WorkflowIds.annualCall(YEAR), WorkflowIds.platform(A)]) await terminate(id).catch(() => undefined);
    await pg?.end();
    await connection?.close();
    await sut?.stop();
  });

  it('takes the candidate list and the bureau review as workflow updates, answering with the workflow state', async () => {
    const status = await sut.http<{ stage: string; ranking: Array<{ creditCode: string; withinQuota: boolean }> }>('GET', api(`/api/calls/${YEAR}/status`), undefined, BUREAU);
    expect(status.body.stage).toBe('ranking');
    expect(status.body.ranking).toEqual([expect.objectContaining({ creditCode: A, withinQuota: true })]);

    const early = await sut.http<Problem>('POST', api(`/api/calls/${YEAR}/review`), { decision: 'approve' }, BUREAU);
    expect(early.status).toBe(409);
    expect(early.body.message.zh).toContain('当前阶段无需内审');
    // A typed refusal: the workflow's code and the article it rests on (issue 11).
    expect(early.body).toMatchObject({ code: 'no-review-expected', article: '第十三条' });

    const listed = await sut.http<{ stage: string }>('POST', api(`/api/calls/${YEAR}/candidate-list`), {}, STAFF);
    expect([listed.status, listed.body.stage]).toEqual([201, 'internal_review']);
    const noReason = await sut.http<Problem>('POST', api(`/api/calls/${YEAR}/review`), { decision: 'send_back' }, BUREAU);
    expect(noReason.status).toBe(409);
    expect(noReason.body.message.en).toContain('needs a reason');
    const back = await sut.http<{ stage: string; reviewHistory: unknown[] }>('POST', api(`/api/calls/${YEAR}/review`), { decision: 'send_back', reason: '请复核得分' }, BUREAU);
    expect([back.status, back.body.stage]).toEqual([201, 'ranking']);
    expect((await sut.http('POST', api(`/api/calls/${YEAR}/review`), { decision: 'approve' }, STAFF)).status).toBe(403);
    await sut.http('POST', api(`/api/calls/${YEAR}/candidate-list`), {}, STAFF);
    const approved = await sut.http<{ stage: string; noticeId: string }>('POST', api(`/api/calls/${YEAR}/review`), { decision: 'approve' }, BUREAU);
    expect(approved.body).toMatchObject({ stage: 'public_notice', noticeId: NOTICE });
    // One ranking: the scoring service's screen and export answer the call workflow's list, not a second count.
    const ranking = await sut.http<{ source: string; rows: Array<{ creditCode: string; rank: number; withinQuota: boolean; excluded: boolean }> }>('GET', `${sut.scoringUrl}/api/calls/${YEAR}/ranking`, undefined, BUREAU);
    expect(ranking.body.source).toBe('call_workflow');
    expect(ranking.body.rows).toEqual([expect.objectContaining({ creditCode: A, rank: 1, withinQuota: true, excluded: false })]);
    const deadline = await sut.http<Problem>('POST', api(`/api/calls/${YEAR}/deadline`), { closesOn: `${YEAR}-05-30`, reason: '延期' }, BUREAU);
    expect(deadline.status).toBe(409);
  });

  it('shows the notice on the public board with its working days left, and takes a named objection', async () => {
    const board = await waitFor('the notice on the board', async () => {
      const res = await sut.http<Array<Record<string, unknown>>>('GET', api('/api/public/notices'));
      return res.body.find((n) => n['noticeId'] === NOTICE);
    }, 30_000, 300);
    expect(board).toMatchObject({ callYear: YEAR, candidates: [expect.objectContaining({ creditCode: A })], open: true, objections: 0, article: '第十三条' });
    expect(board['workingDaysLeft']).toBeGreaterThanOrEqual(6);
    expect(board['workingDaysLeft']).toBeLessThanOrEqual(7);

    const notListed = await sut.http<Problem>('POST', api(`/api/public/notices/${NOTICE}/objections`), { creditCode: B, objector: '张三', text: '不实' });
    expect(notListed.status).toBe(409);
    expect(notListed.body.message.zh).toContain('不在公示名单中');
    const raised = await sut.http<{ id: string }>('POST', api(`/api/public/notices/${NOTICE}/objections`), {
      creditCode: A, objector: '张三', contact: '13800000000', text: '服务人员数量与申报不符。',
    });
    expect(raised.status).toBe(201);
    expect(raised.body.id).toBe(`${NOTICE}-O1`);

    const publicView = await sut.http<Record<string, unknown>>('GET', api(`/api/public/notices/${NOTICE}`));
    expect(publicView.body['objections']).toBe(1);
    expect(JSON.stringify(publicView.body)).not.toContain('张三');
    const staffView = await sut.http<{ objections: Array<{ objector: string; resolution: unknown }> }>('GET', api(`/api/notices/${NOTICE}`), undefined, STAFF);
    expect(staffView.body.objections).toEqual([expect.objectContaining({ objector: '张三', contact: '13800000000', text: '服务人员数量与申报不符。', resolution: null })]);

    // The text and the person stay in the objection record: the workflow's history holds its id, the permanent audit
    // trail says "public" and nothing personal.
    const [audited] = await sut.query<{ actor: string; data: Record<string, unknown> }>(`SELECT actor, data FROM applications.audit_event WHERE action = 'notice.objection_raised'`);
    expect(audited!.actor).toBe('public');
    expect(JSON.stringify(audited!.data)).not.toMatch(/张三|13800000000|服务人员数量/);
    const [record] = await sut.query<{ objector: string; erase_after: Date }>('SELECT objector, erase_after FROM applications.objection');
    expect(record!.objector).toBe('张三');
    expect(record!.erase_after.getTime()).toBeGreaterThan(Date.now() + 3 * 365 * 86_400_000);

    // One client raises a bounded number on a notice.
    const more = [];
    for (let i = 0; i < 3; i++) more.push((await sut.http<Problem>('POST', api(`/api/public/notices/${NOTICE}/objections`), { creditCode: A, objector: '张三', text: `补充 ${i}` })));
    expect(more.map((r) => r.status)).toEqual([201, 201, 429]);
    expect(more[2]!.body.message.zh).toContain('最多可提出 3 条异议');
  });

  it('lets staff resolve an objection once, with its reason', async () => {
    const path = `/api/notices/${NOTICE}/objections/${NOTICE}-O1/resolution`;
    expect((await sut.http('POST', api(path), { decision: 'dismissed', reason: '经核查属实' }, applicant(A))).status).toBe(403);
    const resolved = await sut.http<{ resolution: { decision: string; by: string } }>('POST', api(path), { decision: 'dismissed', reason: '经核查属实' }, STAFF);
    expect(resolved.status).toBe(201);
    expect(resolved.body.resolution).toMatchObject({ decision: 'dismissed', by: 'wang' });
    expect((await sut.http<Problem>('POST', api(path), { decision: 'upheld', reason: '再议' }, STAFF)).status).toBe(409);
    expect((await sut.http('POST', api(`/api/notices/${NOTICE}/objections/${NOTICE}-O9/resolution`), { decision: 'upheld', reason: 'x' }, STAFF)).status).toBe(409);
    const audit = await pg.query(`SELECT action, actor FROM applications.audit_event WHERE entity_type IN ('notice', 'call') AND entity_id IN ($1, $2) ORDER BY seq`, [NOTICE, String(YEAR)]);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'call.candidate_list_submitted', 'call.review_send_back', 'call.candidate_list_submitted', 'call.review_approve',
      'notice.objection_raised', 'notice.objection_raised', 'notice.objection_raised', 'notice.objection_dismissed',
    ]);
    expect(audit.rows[1]).toMatchObject({ actor: 'user:li' });
  });

  it("files a platform's annual report once, then the bureau revokes the title and nothing more is taken", async () => {
    await terminate(WorkflowIds.platform(A));
    const award = awardSignalWithStart({ callYear: 2024, creditCode: A, institutionName: '厦门市公示测试中心', awardedOn: '2024-06-30', listYear: 2024, policyVersion: 'xiamen-2021-114' });
    await temporal.workflow.signalWithStart(WorkflowTypes.platform, { ...award, workflowIdConflictPolicy: 'TERMINATE_EXISTING' });
    const own = applicant(A);
    const status = await waitFor('the platform answers', async () => (await sut.http<{ stage: string; validThrough: string }>('GET', api(`/api/platforms/${A}`), undefined, own)).body, 30_000, 200);
    expect(status.validThrough).toBe('2027-06-30'); // Civil Code: counted from the next day (libs/policy titleValidity)
    expect((await sut.http('GET', api(`/api/platforms/${A}`), undefined, applicant(B))).status).toBe(403);

    // The report's year is fixed by the form (第十五条): the year still owed, not one the user types.
    const thisYear = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
    const form = await sut.http<{ reportYear: number }>('GET', api(`/api/platforms/${A}/reports/form`), undefined, own);
    expect(form.body.reportYear).toBe(2025);
    const typed = await fileAnnualReport<Problem>(sut, own, A, { over: { reportYear: thisYear } });
    expect([typed.status, typed.body.type.split('/').pop(), typed.body.article]).toEqual([422, 'report-year-fixed', '第十五条']);
    const filed = await fileAnnualReport<{ report: { reportYear: number; content: { revenueYuan: string; served: { smes: number } } } }>(sut, own, A);
    expect(filed.status).toBe(201);
    expect(filed.body.report).toMatchObject({ reportYear: 2025, content: { revenueYuan: '1250000.50', served: { smes: 90 } } });
    await waitFor('the workflow records the report', async () => ((await sut.http<{ reports: Record<string, unknown> }>('GET', api(`/api/platforms/${A}`), undefined, own)).body.reports['2025'] ? true : undefined), 10_000, 200);
    expect((await sut.http<Problem>('POST', api(`/api/platforms/${A}/reports`), annualReportBody(filed.list.id), own)).status).toBe(409);
    expect((await sut.http('POST', api(`/api/platforms/${A}/reports`), annualReportBody(filed.list.id, { revenueYuan: 1.5 }), own)).status).toBe(400);
    expect((await sut.http('POST', api(`/api/platforms/${A}/reports`), annualReportBody(filed.list.id), applicant(B))).status).toBe(403);

    const revoked = await sut.http<{ revocation: { article: string; by: string } }>('POST', api(`/api/platforms/${A}/revocation`), { reason: '经查实存在违规行为', article: '第十七条' }, BUREAU);
    expect(revoked.status).toBe(201);
    expect(revoked.body.revocation).toMatchObject({ article: '第十七条', by: 'li' });
    const later = await waitFor('the platform ends', async () => {
      const res = await sut.http<Problem>('POST', api(`/api/platforms/${A}/recommendations`), { level: 'province', year: 2027, note: '推荐' }, BUREAU);
      return res.status === 409 ? res : undefined;
    }, 10_000, 200);
    expect(later.body.type).toMatch(/recommendation-refused$/);
  });
});
