import { applicationStatusQuery, WorkflowIds } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { infraEnv, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { Client as PgClient } from 'pg';
import { factsFor } from '@sme/testing/facts';
import { applyWithFiles, confirmingSiteVisit, uploadEvidence } from './fixtures/apply';
import { rubricFor } from '@sme/testing';
import { SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff');
const BUREAU = tokenFor('bureau');
const AUDITOR = tokenFor('auditor');
const applicant = (institution: string) => tokenFor('applicant', { institution });
const expert = (expertId: string) => tokenFor('expert', { expertId });

/** A call year of its own: call-<year> is one per Temporal namespace, and other test files start call-2026. */
const YEAR = 2028;
const run = Date.now() % 1e7;
const code = (n: number) => makeCreditCode('91350200', String(run * 10 + n).padStart(8, '0').slice(-8));

interface Assignment { id: string; applicationId: string; expertId: string; state: string }

/**
 * The expert scoring path over HTTP, against the running services: a conflict found and refused before any
 * invitation, the declaration before the application opens, scores hidden until one's own is in, the trimmed mean,
 * the ranking with its quota line and the .xlsx export.
 */
describe('expert scoring: conflicts, declarations, hidden scores, aggregation, ranking, export', () => {
  let sut: SystemUnderTest;
  let temporal: TemporalClient;
  let connection: Connection;
  let pg: PgClient;
  const A = code(1);
  const B = code(2);
  const PARTNER = code(3);
  const ids: Record<string, string> = {};
  const experts: Record<string, string> = {};

  const api = (path: string) => `${sut.scoringUrl}${path}`;
  const stage = (id: string) => temporal.workflow.getHandle(WorkflowIds.application(id)).query(applicationStatusQuery);
  const reach = (id: string, wanted: string) => waitFor(`${id} in ${wanted}`, async () => ((await stage(id)).stage === wanted ? true : undefined), 60_000, 200);

  async function applyAndVisit(creditCode: string, name: string): Promise<string> {
    const res = await applyWithFiles(sut, applicant(creditCode), { creditCode, institutionName: name, callYear: YEAR, eligibilityFacts: factsFor(creditCode) });
    expect(res.status).toBe(201);
    await waitFor(`workflow of ${name}`, async () => (await stage(res.body.id).catch(() => null))?.stage === 'awaiting_site_visit' || undefined, 60_000, 200);
    // A file of its own for the experts to open, added while the visit is awaited.
    const up = await uploadEvidence(sut, applicant(creditCode), `applications/${res.body.id}`, 'supportingEvidence', Buffer.from(`%PDF-1.4\n${name}\n%%EOF\n`), `${name}.pdf`);
    expect(up.status).toBe(201);
    const visit = await sut.http<{ status: { stage: string } }>('POST', `${sut.applicationsUrl}/api/applications/${res.body.id}/site-visit`, confirmingSiteVisit(await stage(res.body.id), [experts['c1']!]), STAFF);
    expect(visit.status).toBe(201);
    // The update answers when its handler ran; the workflow then moves on to the panel.
    await reach(res.body.id, 'awaiting_experts');
    return res.body.id;
  }

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_scoring');
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
    pg = new PgClient({ connectionString: sut.ownerDatabaseUrl });
    await pg.connect();
    // Open from the start of this year (第十条: one applies within the call's dates), closing in YEAR.
    const call = { quota: 10, opensOn: `${new Date().getFullYear()}-01-01`, closesOn: `${YEAR}-12-31`, policyVersion: 'xiamen-2021-114' };
    expect((await sut.http('PUT', `${sut.applicationsUrl}/api/calls/${YEAR}`, call, STAFF)).status).toBe(200);
    await sut.http('POST', `${sut.applicationsUrl}/api/calls/${YEAR}/start`, undefined, STAFF);
    const pool: Array<[string, Record<string, unknown>]> = [
      ['atApplicant', { name: '申报单位员工', employerCreditCode: A, fields: ['技术服务'] }],
      ['atPartner', { name: '合作机构员工', employerCreditCode: PARTNER, fields: ['技术服务'] }],
      ['related', { name: '前任顾问', fields: ['融资服务'], relationships: [{ creditCode: A, nature: '曾任顾问' }] }],
      ...[1, 2, 3, 4, 5, 6].map((i): [string, Record<string, unknown>] => [`c${i}`, { name: `专家${i}`, employerCreditCode: code(10 + i), fields: ['技术服务'] }]),
    ];
    for (const [key, body] of pool) {
      const res = await sut.http<{ id: string }>('POST', api('/api/experts'), body, STAFF);
      expect(res.status).toBe(201);
      experts[key] = res.body.id;
    }
    ids['A'] = await applyAndVisit(A, '厦门市甲服务中心');
    ids['B'] = await applyAndVisit(B, '厦门市乙服务中心');
  }, 180_000);

  afterAll(async () => {
    await pg?.end();
    await connection?.close();
    await sut?.stop();
  });

  it('refuses a panel smaller than the policy version\'s minimum (第十二条) and invites nobody', async () => {
    const res = await sut.http<{ type: string; article: string; minExperts: number }>(
      'POST', api(`/api/applications/${ids['A']}/panel`), { expertIds: [experts['c1']], partnerCreditCodes: [PARTNER], dueInDays: 5 }, STAFF);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/panel-too-small$/), article: '第十二条', minExperts: 5 });
    const rows = await pg.query('SELECT count(*)::int AS n FROM scoring.assignment WHERE application_id = $1', [ids['A']]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('refuses a panel with a conflicted expert, names the conflict, and invites nobody', async () => {
    // Four clean experts and one conflicted: a panel of the minimum size (5), refused for the conflict alone.
    const clean = [1, 2, 3, 4].map((i) => experts[`c${i}`]);
    for (const [key, kind] of [['atApplicant', 'employer_is_applicant'], ['atPartner', 'employer_is_partner'], ['related', 'declared_relationship']] as const) {
      const res = await sut.http<{ type: string; article: string; conflicts: Array<{ expertId: string; kind: string }> }>(
        'POST', api(`/api/applications/${ids['A']}/panel`), { expertIds: [...clean, experts[key]], partnerCreditCodes: [PARTNER], dueInDays: 5 }, STAFF);
      expect(res.status).toBe(409);
      expect(res.body.type).toMatch(/conflict-of-interest$/);
      expect(res.body.article).toBe('第十二条');
      expect(res.body.conflicts).toEqual([expect.objectContaining({ expertId: experts[key], kind })]);
    }
    const rows = await pg.query('SELECT count(*)::int AS n FROM scoring.assignment WHERE application_id = $1', [ids['A']]);
    expect(rows.rows[0].n).toBe(0);
    expect((await stage(ids['A']!)).stage).toBe('awaiting_experts');
  });

  it('invites a clean panel and moves the workflow to scoring', async () => {
    const panel = [1, 2, 3, 4, 5].map((i) => experts[`c${i}`]);
    const res = await sut.http<Assignment[]>('POST', api(`/api/applications/${ids['A']}/panel`), { expertIds: panel, partnerCreditCodes: [PARTNER], dueInDays: 5 }, STAFF);
    expect(res.status).toBe(201);
    expect(res.body.map((a) => a.state)).toEqual(['invited', 'invited', 'invited', 'invited', 'invited']);
    expect((await stage(ids['A']!)).stage).toBe('scoring');
    const again = await sut.http<{ type: string }>('POST', api(`/api/applications/${ids['A']}/panel`), { expertIds: panel, partnerCreditCodes: [], dueInDays: 5 }, STAFF);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/panel-exists$/);
  });

  it('opens the application to an expert only after the declaration, and hides other scores until theirs is in', async () => {
    const c1 = expert(experts['c1']!);
    const mine = (await sut.http<Assignment[]>('GET', api('/api/assignments'), undefined, c1)).body;
    expect(mine.map((a) => a.applicationId)).toEqual([ids['A']]);
    const id = mine[0]!.id;
    const closed = await sut.http<{ type: string }>('GET', api(`/api/assignments/${id}/application`), undefined, c1);
    expect(closed.status).toBe(403);
    expect(closed.body.type).toMatch(/declaration-required$/);
    expect((await sut.http('POST', api(`/api/assignments/${id}/score`), { scores: rubricFor(90) }, c1)).status).toBe(403);
    expect((await sut.http('POST', api(`/api/assignments/${id}/declaration`), { noConflict: true, statement: '无利益关系' }, c1)).status).toBe(201);
    expect((await sut.http('POST', api(`/api/assignments/${id}/declaration`), { noConflict: true }, c1)).status).toBe(409);
    const open = await sut.http<{ status: { applicant: { creditCode: string } }; rubric: { criteria: unknown[] } }>('GET', api(`/api/assignments/${id}/application`), undefined, c1);
    expect(open.status).toBe(200);
    expect(open.body.status.applicant.creditCode).toBe(A);
    expect(open.body.rubric.criteria).toHaveLength(6);
    // The evidence opens to the expert through a grant for this application only.
    const grant = await sut.http<{ grant: string; header: string }>('GET', api(`/api/assignments/${id}/evidence-grant`), undefined, c1);
    expect(grant.status).toBe(200);
    const files = await fetch(`${sut.applicationsUrl}/api/applications/${ids['A']}/evidence`, { headers: { authorization: `Bearer ${c1}`, [grant.body.header]: grant.body.grant } });
    const listed = (await files.json()) as Array<{ id: string; filename: string }>;
    expect(listed.map((f) => f.filename)).toEqual(['applicationForm.pdf', 'platformIntroduction.pdf', 'supportingEvidence.pdf', '厦门市甲服务中心.pdf']);
    const file = listed.find((f) => f.filename === '厦门市甲服务中心.pdf');
    const download = await fetch(`${sut.applicationsUrl}/api/evidence/${file!.id}`, { headers: { authorization: `Bearer ${c1}`, 'x-evidence-grant': grant.body.grant } });
    expect(download.status).toBe(200);
    expect((await fetch(`${sut.applicationsUrl}/api/evidence/${file!.id}`, { headers: { authorization: `Bearer ${c1}` } })).status).toBe(404);
    const otherFiles = await fetch(`${sut.applicationsUrl}/api/applications/${ids['B']}/evidence`, { headers: { authorization: `Bearer ${c1}`, 'x-evidence-grant': grant.body.grant } });
    expect(otherFiles.status).toBe(404);
    const forged = await fetch(`${sut.applicationsUrl}/api/evidence/${file!.id}`, { headers: { authorization: `Bearer ${expert(experts['c2']!)}`, 'x-evidence-grant': grant.body.grant } });
    expect(forged.status).toBe(404); // a grant is bound to the expert it was issued to
    const c2Assignment = (await sut.http<Assignment[]>('GET', api('/api/assignments'), undefined, expert(experts['c2']!))).body[0]!;
    expect((await sut.http('GET', api(`/api/assignments/${c2Assignment.id}/evidence-grant`), undefined, expert(experts['c2']!))).status).toBe(403);
    // Another expert cannot reach this assignment by its id.
    expect((await sut.http('GET', api(`/api/assignments/${id}`), undefined, expert(experts['c2']!))).status).toBe(404);

    expect((await sut.http<{ type: string }>('GET', api(`/api/applications/${ids['A']}/scores`), undefined, c1)).status).toBe(403);
    const over = await sut.http<{ type: string }>('POST', api(`/api/assignments/${id}/score`), { scores: { ...rubricFor(90), performance: 26 } }, c1);
    expect(over.status).toBe(422);
    const scored = await sut.http<{ total: string }>('POST', api(`/api/assignments/${id}/score`), { scores: rubricFor(90) }, c1);
    expect(scored.status).toBe(201);
    expect(scored.body.total).toBe('90.00');
    expect((await sut.http('POST', api(`/api/assignments/${id}/score`), { scores: rubricFor(91) }, c1)).status).toBe(409);
    const seen = await sut.http<{ scores: Array<{ own: boolean }> }>('GET', api(`/api/applications/${ids['A']}/scores`), undefined, c1);
    expect(seen.status).toBe(200);
    expect(seen.body.scores).toEqual([expect.objectContaining({ own: true, total: '90.00' })]);
  });

  it('aggregates each panel of five by the trimmed mean, then ranks with the quota line', async () => {
    const totals: Record<string, number> = { c2: 80, c3: 85, c4: 70, c5: 95 };
    for (const [key, total] of Object.entries(totals)) {
      const t = expert(experts[key]!);
      const [a] = (await sut.http<Assignment[]>('GET', api('/api/assignments'), undefined, t)).body;
      await sut.http('POST', api(`/api/assignments/${a!.id}/declaration`), { noConflict: true }, t);
      expect((await sut.http('POST', api(`/api/assignments/${a!.id}/score`), { scores: rubricFor(total) }, t)).status).toBe(201);
    }
    await reach(ids['A']!, 'scored');
    const panelA = await sut.http<{ aggregate: { score: string; method: string }; scores: Array<{ expert: string; own: boolean }> }>(
      'GET', api(`/api/applications/${ids['A']}/scores`), undefined, expert(experts['c5']!));
    expect(panelA.body.aggregate).toMatchObject({ score: '85.00', method: 'trimmed_mean' });
    expect(panelA.body.scores.filter((s) => !s.own).map((s) => s.expert)).toEqual(['专家1', '专家2', '专家3', '专家4']);
    expect((await stage(ids['A']!)).score).toBe('85.00');

    // B's panel is the same five (the minimum, 第十二条); its highest (70) and lowest (50) are dropped.
    const panelB = [1, 2, 3, 4, 5].map((i) => experts[`c${i}`]);
    expect((await sut.http('POST', api(`/api/applications/${ids['B']}/panel`), { expertIds: panelB, partnerCreditCodes: [], dueInDays: 3 }, STAFF)).status).toBe(201);
    const onB = async (key: string) => (await sut.http<Assignment[]>('GET', api('/api/assignments'), undefined, expert(experts[key]!))).body.find((x) => x.applicationId === ids['B'])!;
    // c3 declares a conflict on B (第十二条): the workflow takes them off the reminders and staff are told to replace
    // them; staff put c6 in their place, who declares and scores. The panel never waits on someone who may not score.
    const c3 = await onB('c3');
    const recused = await sut.http<Assignment>('POST', api(`/api/assignments/${c3.id}/declaration`), { noConflict: false, statement: '曾为乙方提供咨询' }, expert(experts['c3']!));
    expect([recused.status, recused.body.state]).toEqual([201, 'recused']);
    expect((await stage(ids['B']!)).experts!.find((e) => e.expertId === experts['c3'])).toMatchObject({ recused: true, submitted: false });
    const told = await waitFor('staff told to replace', async () => {
      const n = await sut.http<Array<{ kind: string }>>('GET', `${sut.notificationsUrl}/api/notifications`, undefined, STAFF);
      return n.body.some((x) => x.kind === 'scoring.expert_recused') || undefined;
    }, 30_000, 200);
    expect(told).toBe(true);
    const withoutReason = await sut.http<{ type: string }>('POST', api(`/api/assignments/${c3.id}/replacement`), { expertId: experts['c6'], reason: ' ' }, STAFF);
    expect(withoutReason.status).toBe(400);
    const onPanel = await sut.http<{ type: string }>('POST', api(`/api/assignments/${c3.id}/replacement`), { expertId: experts['c1'], reason: '原专家声明回避' }, STAFF);
    expect([onPanel.status, onPanel.body.type]).toEqual([409, expect.stringMatching(/already-on-panel$/)]);
    const replaced = await sut.http<Assignment>('POST', api(`/api/assignments/${c3.id}/replacement`), { expertId: experts['c6'], reason: '原专家声明回避' }, STAFF);
    expect([replaced.status, replaced.body.state, replaced.body.expertId]).toEqual([201, 'invited', experts['c6']]);
    const roster = (await stage(ids['B']!)).experts!.map((e) => e.expertId);
    expect(roster).toContain(experts['c6']);
    expect(roster).not.toContain(experts['c3']);
    for (const [key, total] of [['c1', 60], ['c2', 61], ['c6', 50], ['c4', 70], ['c5', 62]] as const) {
      const t = expert(experts[key]!);
      const a = await onB(key);
      await sut.http('POST', api(`/api/assignments/${a.id}/declaration`), { noConflict: true }, t);
      expect((await sut.http('POST', api(`/api/assignments/${a.id}/score`), { scores: rubricFor(total) }, t)).status).toBe(201);
    }
    await reach(ids['B']!, 'scored');
    const staffView = await sut.http<{ aggregate: { score: string; method: string } }>('GET', api(`/api/applications/${ids['B']}/scores`), undefined, BUREAU);
    expect(staffView.body.aggregate).toMatchObject({ score: '61.00', method: 'trimmed_mean' });

    const ranking = await sut.http<{ quota: number; quotaSource: string; rows: Array<{ creditCode: string; score: string; rank: number; withinQuota: boolean }> }>(
      'GET', api(`/api/calls/${YEAR}/ranking`), undefined, STAFF);
    expect(ranking.body).toMatchObject({ quota: 10, quotaSource: 'call_workflow' });
    const cut = await sut.http<{ rows: Array<{ creditCode: string; score: string; rank: number; withinQuota: boolean }> }>(
      'GET', api(`/api/calls/${YEAR}/ranking?quota=1`), undefined, AUDITOR);
    expect(cut.body.rows.map((r) => [r.rank, r.creditCode, r.score, r.withinQuota])).toEqual([[1, A, '85.00', true], [2, B, '61.00', false]]);
  });

  it('exports the candidate list as an .xlsx workbook that opens with the expected rows', async () => {
    const res = await fetch(api(`/api/calls/${YEAR}/ranking.xlsx?quota=1`), { headers: { authorization: `Bearer ${STAFF}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe(`${YEAR}年度候选名单`);
    const rows = [2, 3].map((r) => [1, 2, 3, 4, 8].map((c) => ws.getRow(r).getCell(c).value));
    expect(rows).toEqual([[1, A, '厦门市甲服务中心', 85, '是'], [2, B, '厦门市乙服务中心', 61, '否']]);
    expect(ws.rowCount).toBe(4);
    expect(String(ws.getRow(4).getCell(1).value)).toContain('第四条');
    expect((await fetch(api(`/api/calls/${YEAR}/ranking.xlsx`), { headers: { authorization: `Bearer ${applicant(A)}` } })).status).toBe(403);
  });

  it('records every panel step in the audit trail, which stays intact', async () => {
    const actions = await pg.query(`SELECT action, count(*)::int AS n FROM applications.audit_event WHERE action LIKE 'panel.%' OR action = 'expert.added' GROUP BY action ORDER BY action`);
    expect(Object.fromEntries(actions.rows.map((r) => [r.action, r.n]))).toEqual({
      'expert.added': 9, 'panel.assigned': 2, 'panel.no_conflict_declared': 10, 'panel.scored': 10, 'panel.recused': 1, 'panel.expert_replaced': 1,
    });
    const verify = await sut.http<{ intact: boolean }>('GET', `${sut.applicationsUrl}/api/audit/verify`, undefined, AUDITOR);
    expect(verify.body.intact).toBe(true);
  });
});
