import { makeCreditCode } from '@sme/policy';
import { infraEnv, type ServedRow, smallFirms, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { fileAnnualReport } from './fixtures/reports';
import { evaluationSeasonOpen, OUT_OF_SEASON } from './fixtures/seasons';
import { forgetWorkflow } from './fixtures/workflows';
import { SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff', { username: 'wang' });
const BUREAU = tokenFor('bureau', { username: 'li' });
const AUDITOR = tokenFor('auditor', { username: 'zhao' });
const applicant = (institution: string) => tokenFor('applicant', { institution });
const run = Date.now() % 1e6;
const code = (n: number) => makeCreditCode('91350200', String(run * 100 + n).padStart(8, '0').slice(-8));
/** Three platforms: A reports well, B's list has bad rows (fewer SMEs count), C reports little. */
const [A, B, C] = [code(31), code(32), code(33)];
const THIS_YEAR = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
const YEAR = THIS_YEAR - 1;

interface Problem { status: number; type: string; article?: string; message: { zh: string; en: string } }
interface Row { creditCode: string; rank: number; total: string; outcome: string; flags: string[]; experts: { expected: number; scored: number }; indicators: Array<{ id: string; value: string | null; computed: string; points: string; adjusted: { reason: string } | null; flag: string | null }> }
interface Table { stage: string; indicatorSet: { id: string; status: string }; rows: Row[] }
interface Status { stage: string; actor: string | null; results: Record<string, { outcome: string }> }
const slug = (p: Problem) => p.type.split('/').pop();

/**
 * The annual evaluation (第十九条) on the real stack, as its users live it: three platforms imported as staff import
 * earlier years' platforms file their reports (one with a served list that has bad rows); staff start the evaluation,
 * which computes every indicator from the reports; experts score the qualitative indicator under the panels' conflict
 * rules (one stands aside, one is replaced); staff adjust one indicator, with its reason; the bureau returns the results
 * once and approves them; the results are published; the 整改 platform files its rectification and staff close it;
 * the 不合格 platform's revocation proposal is accepted by the bureau and the register shows it revoked.
 */
// Out of season (1 January - 9 March) the whole file is skipped, and says why.
if (!evaluationSeasonOpen()) process.stderr.write(`annual-evaluation.integration-spec skipped: ${OUT_OF_SEASON}\n`);
(evaluationSeasonOpen() ? describe : describe.skip)('annual evaluation: reports to published results and their consequences', () => {
  let sut: SystemUnderTest;
  let connection: Connection;
  let temporal: TemporalClient;
  const api = (path: string) => `${sut.applicationsUrl}${path}`;
  const table = async () => (await sut.http<Table>('GET', api(`/api/evaluations/${YEAR}/results`), undefined, STAFF)).body;
  const status = async () => (await sut.http<Status>('GET', api(`/api/evaluations/${YEAR}`), undefined, STAFF)).body;
  const row = (t: Table, c: string) => t.rows.find((r) => r.creditCode === c)!;

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_annual_evaluation');
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
    // Last year's evaluation is started here by staff: one another file or run finished is forgotten.
    await forgetWorkflow(temporal, `evaluation-${YEAR}`);
    // Listed two years ago: evaluated on last year (第十九条), their report on it owed now.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('往年示范平台');
    ws.addRow(['统一社会信用代码', '机构名称', '认定日期', '服务功能']);
    [A, B, C].forEach((c, i) => ws.addRow([c, ['厦门市考核优良服务中心', '厦门市考核整改服务中心', '厦门市考核不合格服务中心'][i], `${THIS_YEAR - 2}-06-1${i}`, '信息服务、培训服务']));
    const form = new FormData();
    form.set('file', new Blob([Buffer.from(await wb.xlsx.writeBuffer())]), 'platforms.xlsx');
    const imported = await fetch(api('/api/platform-imports'), { method: 'POST', body: form, headers: { authorization: `Bearer ${STAFF}` } });
    expect(imported.status).toBeLessThan(300);
    for (const c of [A, B, C]) {
      await waitFor(`platform ${c} answers`, async () => ((await sut.http('GET', api(`/api/platforms/${c}`), undefined, STAFF)).status === 200 ? true : undefined), 60_000, 300);
    }
  }, 240_000);

  afterAll(async () => {
    for (const id of [`evaluation-${YEAR}`, ...[A, B, C].map((c) => `platform-${c}`)]) await temporal?.workflow.getHandle(id).terminate('integration test clean-up').catch(() => undefined);
    await connection?.close();
    await sut?.stop();
  });

  it('computes from the reports, takes the experts\' scores under the conflict rules and one adjustment with its reason, and publishes what the bureau approved', async () => {
    // The reports: A serves 170 SMEs; B's list has 95 good rows and bad ones; C reports little.
    const bRows: ServedRow[] = [...smallFirms(95, 41), ['91350200MA00000000', '代码有误企业', 'C39', 10, '100'], [makeCreditCode('91350200', 'MB000009'), '建筑企业', 'E48', 10, '400']];
    expect((await fileAnnualReport(sut, applicant(A), A, { rows: smallFirms(170, 40) })).status).toBe(201);
    const b = await fileAnnualReport(sut, applicant(B), B, { rows: bRows });
    expect([b.status, b.list.counts.smes, b.list.counts.refused]).toEqual([201, 95, 2]);
    const weak = {
      services: [{ function: 'information', activities: 3, enterprisesServed: 30 }],
      satisfaction: { surveyed: 100, satisfied: 70 },
      serviceCount: { total: 100, freeOrLowFee: 10 },
      staff: { total: 10, qualified: 5 },
    };
    expect((await fileAnnualReport(sut, applicant(C), C, { rows: smallFirms(30, 42), over: weak })).status).toBe(201);

    // Nothing to read before it starts; then staff start it (its Schedule runs on 10 January).
    expect(slug((await sut.http<Problem>('GET', api(`/api/evaluations/${YEAR}/results`), undefined, STAFF)).body)).toBe('evaluation-not-started');
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/start`), undefined, BUREAU)).status).toBe(403);
    const started = await sut.http<{ started: boolean }>('POST', api(`/api/evaluations/${YEAR}/start`), undefined, STAFF);
    expect([started.status, started.body.started]).toEqual([201, true]);
    expect((await sut.http<{ started: boolean }>('POST', api(`/api/evaluations/${YEAR}/start`), undefined, STAFF)).body.started).toBe(false);
    await waitFor('the results reach staff', async () => ((await status()).stage === 'reviewing' ? true : undefined), 60_000, 300);

    const computed = await table();
    expect(computed).toMatchObject({ stage: 'reviewing', indicatorSet: { id: 'xiamen-2021-114/annex-3-provisional', status: 'provisional' } });
    const ours = computed.rows.filter((r) => [A, B, C].includes(r.creditCode));
    expect(ours).toHaveLength(3);
    // The facts came from the reports: A's 170 SMEs earn full points, B's 95 (bad rows not counted) 75, C's 30 none.
    expect(row(computed, A).indicators.find((i) => i.id === 'smes-served')!.computed).toBe('100.00');
    expect(row(computed, B).indicators.find((i) => i.id === 'smes-served')!.computed).toBe('75.00');
    expect(row(computed, C).indicators.find((i) => i.id === 'smes-served')!.computed).toBe('0.00');
    // Reports filed months after the end of February earn nothing for timeliness (第十五条).
    expect(row(computed, A).indicators.find((i) => i.id === 'report-on-time')!.computed).toBe('0.00');
    // The experts' indicator is awaited: staff cannot send the results yet.
    expect(ours.every((r) => r.flags.includes('expert-pending'))).toBe(true);
    const early = await sut.http<Problem>('POST', api(`/api/evaluations/${YEAR}/submission`), undefined, STAFF);
    expect([early.status, slug(early.body)]).toEqual([409, 'expert-scores-pending']);

    // The experts score the qualitative indicator (第九条) in the scoring room, under the panels' conflict rules
    // (第十二条): staff name four experts; the one employed by A stands aside on A, and A is scored by three.
    const pool: Record<string, string> = {};
    for (const [key, body] of [
      ['e1', { name: '考核专家一', employerCreditCode: code(61), fields: ['信息服务'] }],
      ['e2', { name: '考核专家二', employerCreditCode: code(62), fields: ['培训服务'] }],
      ['e3', { name: '考核专家三', employerCreditCode: code(63), fields: ['技术服务'] }],
      ['atA', { name: '甲平台员工', employerCreditCode: A, fields: ['信息服务'] }],
      ['e5', { name: '考核专家五', employerCreditCode: code(65), fields: ['融资服务'] }],
    ] as const) {
      const res = await sut.http<{ id: string }>('POST', `${sut.scoringUrl}/api/experts`, body, STAFF);
      expect(res.status).toBe(201);
      pool[key] = res.body.id;
    }
    const scoring = (path: string) => `${sut.scoringUrl}${path}`;
    const expertToken = (key: string) => tokenFor('expert', { expertId: pool[key]!, username: `expert-${key}` });
    const named = [pool['e1'], pool['e2'], pool['e3'], pool['atA']];
    // A panel too small once the conflicted stand aside is refused whole, naming the platform.
    const small = await sut.http<Problem & { platforms: Array<{ creditCode: string; experts: number }> }>('POST', scoring(`/api/evaluations/${YEAR}/panel`), { expertIds: [pool['e1'], pool['atA']], creditCodes: [A, B] }, STAFF);
    expect([small.status, slug(small.body), small.body.platforms.map((p) => [p.creditCode, p.experts])]).toEqual([422, 'panel-too-small', [[A, 1], [B, 2]]]);
    expect((await sut.http('POST', scoring(`/api/evaluations/${YEAR}/panel`), { expertIds: named, creditCodes: [A, B, C] }, BUREAU)).status).toBe(403);
    const assigned = await sut.http<{ assigned: Array<{ creditCode: string; experts: string[] }>; stoodAside: Array<{ expertId: string; creditCode: string; kind: string }> }>(
      'POST', scoring(`/api/evaluations/${YEAR}/panel`), { expertIds: named, creditCodes: [A, B, C] }, STAFF);
    expect(assigned.status).toBe(201);
    expect(assigned.body.stoodAside).toEqual([expect.objectContaining({ expertId: pool['atA'], creditCode: A, kind: 'employer_is_applicant' })]);
    expect(assigned.body.assigned.find((x) => x.creditCode === A)!.experts).toHaveLength(3);
    expect(slug((await sut.http<Problem>('POST', scoring(`/api/evaluations/${YEAR}/panel`), { expertIds: named, creditCodes: [A] }, STAFF)).body)).toBe('panel-exists');
    expect(row(await table(), A).experts).toEqual({ expected: 3, scored: 0 });

    // Each expert is told in their own inbox, and sees only their own tasks.
    const told = await waitFor('e1 is told', async () => {
      const n = await sut.http<Array<{ kind: string; body: { zh: string } }>>('GET', `${sut.notificationsUrl}/api/notifications`, undefined, expertToken('e1'));
      return n.body.find((x) => x.kind === 'evaluation.expert_assigned');
    }, 30_000, 300);
    expect(told.body.zh).toContain('请对 3 个示范平台');
    interface Task { id: string; creditCode: string; institutionName: string; state: string; score: string | null }
    const tasks = async (key: string) => (await sut.http<Task[]>('GET', scoring('/api/evaluation-assignments'), undefined, expertToken(key))).body.filter((t) => [A, B, C].includes(t.creditCode));
    const task = async (key: string, c: string) => (await tasks(key)).find((t) => t.creditCode === c)!;
    expect((await tasks('atA')).map((t) => t.creditCode).sort()).toEqual([B, C].sort());
    // The report opens only after the declaration (第十二条), and only the evaluated year's.
    const e1OnA = await task('e1', A);
    expect(e1OnA.institutionName).toBe('厦门市考核优良服务中心');
    const denied = await sut.http<Problem>('GET', scoring(`/api/evaluation-assignments/${e1OnA.id}/report-grant`), undefined, expertToken('e1'));
    expect([denied.status, slug(denied.body)]).toEqual([403, 'declaration-required']);
    expect(slug((await sut.http<Problem>('POST', scoring(`/api/evaluation-assignments/${e1OnA.id}/score`), { score: '90' }, expertToken('e1'))).body)).toBe('declaration-required');
    expect((await sut.http('POST', scoring(`/api/evaluation-assignments/${e1OnA.id}/declaration`), { noConflict: true }, expertToken('e2'))).status).toBe(404);
    const declare = async (key: string, c: string, noConflict = true, statement?: string) =>
      sut.http<Task>('POST', scoring(`/api/evaluation-assignments/${(await task(key, c)).id}/declaration`), { noConflict, ...(statement ? { statement } : {}) }, expertToken(key));
    expect((await declare('e1', A)).status).toBe(201);
    const grant = await sut.http<{ grant: string }>('GET', scoring(`/api/evaluation-assignments/${e1OnA.id}/report-grant`), undefined, expertToken('e1'));
    const reportOf = (c: string, g?: string) => fetch(api(`/api/platforms/${c}/reports`), { headers: { authorization: `Bearer ${expertToken('e1')}`, ...(g ? { 'x-evidence-grant': g } : {}) } });
    expect((await reportOf(A)).status).toBe(404);
    expect((await reportOf(B, grant.body.grant)).status).toBe(404);
    const read = await reportOf(A, grant.body.grant);
    expect(read.status).toBe(200);
    expect(((await read.json()) as Array<{ reportYear: number }>).map((r) => r.reportYear)).toEqual([YEAR]);

    // e3 stands aside on B: staff are told and put e5 in their place.
    expect((await declare('e3', B, false, '曾为该平台提供咨询服务')).status).toBe(201);
    await waitFor('staff told of the recusal', async () => {
      const n = await sut.http<Array<{ kind: string; body: { zh: string } }>>('GET', `${sut.notificationsUrl}/api/notifications`, undefined, STAFF);
      return n.body.find((x) => x.kind === 'evaluation.expert_recused' && x.body.zh.includes(B));
    }, 30_000, 300);
    const e3OnB = await task('e3', B);
    const clash = await sut.http<Problem>('POST', scoring(`/api/evaluation-assignments/${e3OnB.id}/replacement`), { expertId: pool['atA'], reason: '回避' }, STAFF);
    expect([clash.status, slug(clash.body)]).toEqual([409, 'already-on-panel']);
    expect((await sut.http('POST', scoring(`/api/evaluation-assignments/${e3OnB.id}/replacement`), { expertId: pool['e5'], reason: '原专家声明回避' }, STAFF)).status).toBe(201);

    // Each scores once; the platform's indicator counts when its whole panel has scored.
    const scores: Array<[string, string, string]> = [
      ['e1', A, '90'], ['e2', A, '88'], ['e3', A, '92'],
      ['e1', B, '70'], ['e2', B, '70'], ['atA', B, '70'], ['e5', B, '70'],
      ['e1', C, '40'], ['e2', C, '40'], ['e3', C, '40'], ['atA', C, '40'],
    ];
    for (const [key, c, score] of scores) {
      if ((await task(key, c)).state === 'invited') expect((await declare(key, c)).status).toBe(201);
      const id = (await task(key, c)).id;
      if (key === 'e1' && c === C) {
        const bad = await sut.http<Problem>('POST', scoring(`/api/evaluation-assignments/${id}/score`), { score: '100.5' }, expertToken(key));
        expect(bad.status).toBe(400);
      }
      const res = await sut.http<Task>('POST', scoring(`/api/evaluation-assignments/${id}/score`), { score, comment: '服务模式有示范作用' }, expertToken(key));
      expect([key, c, res.status]).toEqual([key, c, 201]);
      if (key === 'e3' && c === A) {
        expect(slug((await sut.http<Problem>('POST', scoring(`/api/evaluation-assignments/${id}/score`), { score }, expertToken(key))).body)).toBe('already-scored');
        const scoredA = row(await table(), A);
        expect([scoredA.experts, scoredA.flags.includes('expert-pending'), scoredA.indicators.find((i) => i.id === 'innovation')!.computed]).toEqual([{ expected: 3, scored: 3 }, false, '90.00']);
      }
    }
    const panel = await sut.http<Array<{ creditCode: string; expertId: string; state: string; score: string | null }>>('GET', scoring(`/api/evaluations/${YEAR}/panel`), undefined, AUDITOR);
    expect(panel.body.filter((p) => p.creditCode === B).map((p) => p.state).sort()).toEqual(['recused', 'scored', 'scored', 'scored', 'scored']);

    // Staff return B's report during the review; B corrects its list (the bad rows fixed, 100 SMEs) and files again:
    // its facts count at once (95 -> 100 SMEs, the same band), audited with the totals before and after.
    expect((await sut.http('POST', api(`/api/platforms/${B}/reports/${YEAR}/return`), { reason: '服务企业名单有误行，请核对后重新报送' }, STAFF)).status).toBe(200);
    expect((await fileAnnualReport(sut, applicant(B), B, { rows: smallFirms(100, 41) })).status).toBe(201);
    expect(row(await table(), B).indicators.find((i) => i.id === 'smes-served')).toMatchObject({ value: '100', computed: '75.00' });
    expect(await sut.query<{ data: { from: string; to: string } }>(`SELECT data FROM applications.audit_event WHERE action = 'evaluation.report_counted' AND entity_id = $1`, [`${YEAR}/${B}`]))
      .toEqual([{ data: expect.objectContaining({ from: '73.50', to: '73.50', outcome: 'rectify' }) }]);

    // And one adjustment of staff's own, on a re-checked fact.
    const adjust = (c: string, indicator: string, points: string, reason: string, token = STAFF) =>
      sut.http<Row & Problem>('POST', api(`/api/evaluations/${YEAR}/platforms/${c}/adjustments`), { indicator, points, reason }, token);
    expect((await adjust(A, 'satisfaction', '100', '复核', BUREAU)).status).toBe(403);
    expect((await adjust(A, 'satisfaction', '100', '')).status).toBe(400);
    expect(slug((await adjust(A, 'nothing', '100', '复核')).body)).toBe('bad-adjustment');
    const adjusted = await adjust(A, 'satisfaction', '100', '抽样回访复核，满意度为96%');
    expect(adjusted.status).toBe(200);
    expect(adjusted.body.indicators.find((i) => i.id === 'satisfaction')).toMatchObject({ computed: '85.00', points: '100.00', adjusted: { reason: '抽样回访复核，满意度为96%' } });
    const reviewed = await table();
    expect([A, B, C].map((c) => [row(reviewed, c).total, row(reviewed, c).outcome])).toEqual([
      ['83.50', 'pass'],
      ['73.50', 'rectify'],
      ['10.00', 'fail'],
    ]);
    expect(row(reviewed, A).rank).toBeLessThan(row(reviewed, B).rank);
    const trail = await sut.query<{ actor: string; data: { from: string; to: string; reason: string } }>(
      `SELECT actor, data FROM applications.audit_event WHERE action = 'evaluation.indicator_adjusted' AND entity_id = $1 AND data->>'indicator' = 'satisfaction'`,
      [`${YEAR}/${A}`],
    );
    expect(trail).toEqual([{ actor: 'user:wang', data: expect.objectContaining({ from: '85.00', to: '100', reason: '抽样回访复核，满意度为96%' }) }]);

    // The export staff file: one row per platform, the indicators, total and outcome.
    const xlsx = await fetch(api(`/api/evaluations/${YEAR}/results.xlsx`), { headers: { authorization: `Bearer ${AUDITOR}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as never);
    const sheet = wb.worksheets[0]!;
    const exported = sheet.getColumn(2).values.indexOf(B);
    expect(sheet.getRow(exported).getCell(sheet.getRow(1).cellCount - 1).value).toBe('整改');

    // Staff send; the bureau returns once with its reason, then approves; nothing is public before.
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/submission`), undefined, STAFF)).status).toBe(200);
    await waitFor('with the bureau', async () => ((await status()).stage === 'approval' ? true : undefined), 30_000, 200);
    expect(slug((await adjust(B, 'satisfaction', '100', '再调整')).body)).toBe('evaluation-not-reviewing');
    expect(slug((await sut.http<Problem>('POST', scoring(`/api/evaluations/${YEAR}/panel`), { expertIds: named }, STAFF)).body)).toBe('evaluation-not-reviewing');
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/decision`), { decision: 'approve' }, STAFF)).status).toBe(403);
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/decision`), { decision: 'return' }, BUREAU)).status).toBe(400);
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/decision`), { decision: 'return', reason: '请说明不合格平台的专家评分依据' }, BUREAU)).status).toBe(200);
    await waitFor('back with staff', async () => ((await status()).stage === 'reviewing' ? true : undefined), 30_000, 200);
    expect((await sut.http('GET', api(`/api/public/evaluations/${YEAR}`))).status).toBe(404);
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/submission`), undefined, STAFF)).status).toBe(200);
    await waitFor('with the bureau again', async () => ((await status()).stage === 'approval' ? true : undefined), 30_000, 200);
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/decision`), { decision: 'approve' }, BUREAU)).status).toBe(200);
    const done = await waitFor('published', async () => { const s = await status(); return s.stage === 'done' ? s : undefined; }, 60_000, 300);
    expect(done.results[B]).toMatchObject({ outcome: 'rectify' });

    const published = await sut.http<{ indicatorSet: { status: string }; results: Array<{ creditCode: string; outcome: string; outcomeName: { zh: string } }> }>('GET', api(`/api/public/evaluations/${YEAR}`));
    expect(published.status).toBe(200);
    expect(published.body.indicatorSet.status).toBe('provisional');
    expect(published.body.results.filter((r) => [A, B, C].includes(r.creditCode)).map((r) => r.outcomeName.zh)).toEqual(['合格', '整改', '不合格']);
  });

  it('sends 整改 to a rectification the platform files and staff close, and 不合格 to the bureau, which revokes', async () => {
    // B: told in its inbox, files its rectification report, staff close the case.
    const inbox = await waitFor('B is told to rectify', async () => {
      const n = await sut.http<Array<{ kind: string; body: { zh: string } }>>('GET', `${sut.notificationsUrl}/api/notifications`, undefined, applicant(B));
      return n.body.find((x) => x.kind === 'rectification.opened');
    }, 30_000, 300);
    expect(inbox.body.zh).toContain('整改报告');
    const b = await sut.http<{ stage: string; rectification: { state: string; deadline: string } }>('GET', api(`/api/platforms/${B}`), undefined, applicant(B));
    expect(b.body).toMatchObject({ stage: 'rectifying', rectification: { state: 'open' } });
    expect((await sut.http('POST', api(`/api/platforms/${B}/rectification`), { text: '整改' }, applicant(A))).status).toBe(403);
    const early = await sut.http<Problem>('POST', api(`/api/platforms/${B}/rectification-decision`), { decision: 'close', reason: '已整改' }, STAFF);
    expect([early.status, slug(early.body)]).toEqual([409, 'rectification-decision-refused']);
    expect((await sut.http('POST', api(`/api/platforms/${B}/rectification`), { text: '补充服务人员3名，建立满意度回访制度，服务企业名单已核实。' }, applicant(B))).status).toBe(201);
    const closed = await sut.http<{ stage: string; rectification: { state: string } }>('POST', api(`/api/platforms/${B}/rectification-decision`), { decision: 'close', reason: '经复核，整改措施已落实' }, STAFF);
    expect(closed.status).toBe(201);
    expect(closed.body.rectification.state).toBe('closed');

    // C: a proposal for the bureau (staff cannot revoke), accepted: the register shows the title revoked (第十七条).
    await waitFor('C proposed', async () => ((await sut.http<{ stage: string }>('GET', api(`/api/platforms/${C}`), undefined, STAFF)).body.stage === 'revocation_proposed' ? true : undefined), 30_000, 300);
    expect((await sut.http('POST', api(`/api/platforms/${C}/revocation-decision`), { decision: 'accept', reason: '考核不合格' }, STAFF)).status).toBe(403);
    expect((await sut.http('POST', api(`/api/platforms/${C}/revocation-decision`), { decision: 'accept', reason: '年度考核不合格，经审定撤销称号' }, BUREAU)).status).toBe(201);
    const register = await waitFor('the register shows it', async () => {
      const list = await sut.http<Array<{ creditCode: string; status: string; endArticle: string | null }>>('GET', api('/api/public/platforms'));
      const c = list.body.find((p) => p.creditCode === C);
      return c?.status === 'revoked' ? c : undefined;
    }, 30_000, 300);
    expect(register.endArticle).toBe('第十九条');
  });

  it('limits each call to what the title cap leaves (第十九条 总量控制), and shows staff how it was counted', async () => {
    // A and B hold titles valid into next year; C's was revoked: 2 count against this year's call, none against next.
    const now = await sut.http<{ cap: number; validTitles: number; expiringInYear: number; quota: number; explanation: { zh: string } }>('GET', api(`/api/calls/${THIS_YEAR}/quota`), undefined, STAFF);
    expect(now.body).toMatchObject({ cap: 60, validTitles: 2, expiringInYear: 0, quota: 58 });
    expect(now.body.explanation.zh).toContain('总量上限 60 家');
    expect((await sut.http<{ quota: number }>('GET', api(`/api/calls/${THIS_YEAR + 1}/quota`), undefined, BUREAU)).body).toMatchObject({ validTitles: 2, expiringInYear: 2, quota: 60 });
    const setUp = (quota: number) => sut.http<Problem>('PUT', api(`/api/calls/${THIS_YEAR + 5}`), { quota, opensOn: `${THIS_YEAR + 5}-03-01`, closesOn: `${THIS_YEAR + 5}-04-30`, policyVersion: 'xiamen-2021-114' }, STAFF);
    const over = await setUp(61);
    expect([over.status, slug(over.body), over.body.article]).toEqual([422, 'quota-over-cap', '第十九条']);
    expect((await setUp(60)).status).toBe(200);
  });
});
