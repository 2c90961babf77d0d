import { annualCallStatusQuery, type ApplicationStatus, assignExpertsUpdate, EventStream, recordSiteVisitUpdate, submitScoreUpdate, WorkflowIds } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { eventually, FIXTURE_2027_NATIONAL_DAY, infraEnv, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { connect, type NatsConnection } from 'nats';
import { Client as PgClient } from 'pg';
import { factsFor } from '@sme/testing/facts';
import { ALL_MATERIALS, applyWithFiles, confirmingSiteVisit, PNG, uploadEvidence } from './fixtures/apply';
import { SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff');
const AUDITOR = tokenFor('auditor');
const OPERATOR = tokenFor('operator');
const applicant = (institution: string) => tokenFor('applicant', { institution });


interface ApplicationView {
  id: string;
  materials: Record<string, boolean>;
  workflowId: string;
  statusSource: 'workflow' | 'pending' | 'unavailable';
  status: ApplicationStatus | null;
}
interface Notification {
  idempotencyKey: string;
  kind: string;
  title: { zh: string; en: string };
}

/** Credit codes unique per run, so that inboxes and search attributes never mix runs; the same n is the same code all run. */
const RUN = Date.now();
function creditCode(n: number): string {
  return makeCreditCode('91350200', String((RUN * 10 + n) % 1e8).padStart(8, '0'));
}

describe('the walking skeleton: POST -> Postgres + outbox -> JetStream -> workflow -> activities -> GET', () => {
  let sut: SystemUnderTest;
  let pg: PgClient;
  let nats: NatsConnection;
  let temporal: TemporalClient;
  let connection: Connection;

  beforeAll(async () => {
    sut = await SystemUnderTest.start('sme_it_flow');
    pg = new PgClient({ connectionString: sut.ownerDatabaseUrl });
    await pg.connect();
    nats = await connect({ servers: sut.nats.url });
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
    const call = await sut.http('PUT', `${sut.applicationsUrl}/api/calls/2026`, {
      quota: 10,
      opensOn: '2026-03-01',
      closesOn: '2026-12-31',
      policyVersion: 'xiamen-2021-114',
    }, STAFF);
    expect(call.status).toBe(200);
  });

  afterAll(async () => {
    await nats?.close();
    await pg?.end();
    await connection?.close();
    await sut?.stop();
  });

  /** As the wizard applies: a draft, its files uploaded (the supporting evidence only when asked), then submitted. */
  const submit = (code: string, supportingEvidence: boolean) =>
    applyWithFiles<ApplicationView>(
      sut,
      applicant(code),
      { creditCode: code, institutionName: '厦门市集成测试服务中心', callYear: 2026, eligibilityFacts: factsFor(code) },
      ALL_MATERIALS.filter((k) => supportingEvidence || k !== 'supportingEvidence'),
    );

  const stageOf = (id: string, stage: string) =>
    waitFor(`application ${id} in stage ${stage}`, async () => {
      const res = await sut.http<ApplicationView>('GET', `${sut.applicationsUrl}/api/applications/${id}`, undefined, STAFF);
      return res.body.statusSource === 'workflow' && res.body.status?.stage === stage ? res.body : undefined;
    }, 60_000, 200);

  const inbox = async (code: string) =>
    (await sut.http<Notification[]>('GET', `${sut.notificationsUrl}/api/notifications`, undefined, applicant(code))).body;

  it('starts the call workflow for staff once, and the orchestrator keeps the yearly schedules', async () => {
    const first = await sut.http<{ workflowId: string; started: boolean }>('POST', `${sut.applicationsUrl}/api/calls/2026/start`, undefined, STAFF);
    expect(first.body).toEqual({ workflowId: 'call-2026', started: true });
    const again = await sut.http<{ started: boolean }>('POST', `${sut.applicationsUrl}/api/calls/2026/start`, undefined, STAFF);
    expect(again.body.started).toBe(false);
    expect((await sut.http('POST', `${sut.applicationsUrl}/api/calls/2099/start`, undefined, STAFF)).status).toBe(404);
    const call = await temporal.workflow.getHandle(WorkflowIds.annualCall(2026)).query(annualCallStatusQuery);
    expect(call).toMatchObject({ stage: 'open', closesOn: '2026-12-31', quota: 10 });
    for (const id of ['annual-call', 'annual-evaluation']) {
      const d = await temporal.schedule.getHandle(id).describe();
      expect(d.spec.timezone).toBe('Asia/Shanghai');
    }
  });

  it('carries a complete application through every layer to an accepted status', async () => {
    const code = creditCode(1);
    const created = await submit(code, true);
    expect(created.status).toBe(201);
    expect(created.body.workflowId).toBe(WorkflowIds.application(created.body.id));
    const id = created.body.id;

    // Postgres: the application and its event, written together.
    const rows = await pg.query('SELECT credit_code FROM applications.application WHERE id = $1', [id]);
    expect(rows.rows).toEqual([{ credit_code: code }]);
    const outbox = await pg.query(`SELECT event_id, subject FROM applications.outbox WHERE payload->'payload'->>'applicationId' = $1`, [id]);
    expect(outbox.rows).toHaveLength(1);
    expect(outbox.rows[0].subject).toBe('sme.application.submitted');

    // GET answers with the workflow's status query once the workflow ran its activities.
    const view = await stageOf(id, 'awaiting_site_visit');
    expect(view.status).toMatchObject({ completenessChecks: 1, missing: [], actor: 'center_staff' });
    expect(view.status!.eligibility).toMatchObject({ checked: true, eligible: true, outcome: 'eligible_pending_evidence', failedArticles: [] });

    // JetStream: the event was relayed with the outbox event id as message id.
    const jsm = await nats.jetstreamManager();
    const info = await jsm.streams.info(EventStream.name);
    let found = 0;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(EventStream.name, { seq });
      if (m.header.get('Nats-Msg-Id') === outbox.rows[0].event_id) found++;
    }
    expect(found).toBe(1);
    const published = await pg.query('SELECT published_at FROM applications.outbox WHERE event_id = $1', [outbox.rows[0].event_id]);
    expect(published.rows[0].published_at).not.toBeNull();

    // The applications activity recorded its result; the notifications activity stored one notification.
    const checks = await pg.query('SELECT attempt, complete FROM applications.completeness_check WHERE application_id = $1', [id]);
    expect(checks.rows).toEqual([{ attempt: 1, complete: true }]);
    // ... and the notifications service's durable consumer told the applicant of the submission, once.
    const notes = await waitFor('both notifications', async () => {
      const n = await inbox(code);
      return n.length === 2 ? n : undefined;
    });
    expect(notes.map((n) => n.kind).sort()).toEqual(['application.accepted', 'application.submitted']);
    expect(notes.find((n) => n.kind === 'application.accepted')!.title.zh).toBe('申报材料已受理');

    // Operators find the workflow by its search attributes.
    await waitFor('search attributes to be visible', async () => {
      const found: string[] = [];
      for await (const wf of temporal.workflow.list({ query: `CreditCode = "${code}" AND Stage = "awaiting_site_visit" AND CallYear = 2026` })) found.push(wf.workflowId);
      return found.includes(WorkflowIds.application(id));
    }, 30_000, 500);
  });

  it('resumes a waiting workflow after the orchestrator is killed, and stores each notification once', async () => {
    const code = creditCode(2);
    const created = await submit(code, false);
    const id = created.body.id;
    const waiting = await stageOf(id, 'awaiting_materials');
    expect(waiting.status).toMatchObject({ actor: 'applicant', missing: ['supportingEvidence'] });

    await sut.processes.orchestrator.stop('SIGKILL');
    const unavailable = await sut.http<ApplicationView>('GET', `${sut.applicationsUrl}/api/applications/${id}`, undefined, STAFF);
    expect(unavailable.status).toBe(200);
    expect(unavailable.body.statusSource).toBe('unavailable'); // no worker to answer the query: said, not guessed

    sut.processes.orchestrator.start();
    await sut.processes.orchestrator.waitForOutput(/workflow worker polling/);

    expect((await uploadEvidence(sut, applicant(code), `applications/${id}`, 'supportingEvidence')).status).toBe(201);
    const answered = await sut.http<ApplicationView>('POST', `${sut.applicationsUrl}/api/applications/${id}/materials`, {}, applicant(code));
    expect(answered.status).toBe(201);
    expect(answered.body.status).toMatchObject({ stage: 'accepted', completenessChecks: 2 });
    const visiting = await stageOf(id, 'awaiting_site_visit');

    // Staff and experts finish it through the workflow's updates: it completes.
    const handle = temporal.workflow.getHandle(WorkflowIds.application(id));
    await handle.executeUpdate(recordSiteVisitUpdate, { args: [confirmingSiteVisit(visiting.status!, ['e1'], { premises: true })] });
    // A panel of the policy version's minimum (panel.minExperts, 5 under xiamen-2021-114; 第十二条), all scoring 81.
    const panel = ['e1', 'e2', 'e3', 'e4', 'e5'];
    await handle.executeUpdate(assignExpertsUpdate, { args: [{ expertIds: panel, dueInDays: 5 }] });
    // Each role gets the view it may see: staff the panel, the applicant never its experts (第十二条).
    const staffView = await sut.http<ApplicationView>('GET', `${sut.applicationsUrl}/api/applications/${id}`, undefined, STAFF);
    expect(staffView.body.status).toMatchObject({ stage: 'scoring', experts: expect.arrayContaining([expect.objectContaining({ expertId: 'e3' })]) });
    const ownView = await sut.http<ApplicationView>('GET', `${sut.applicationsUrl}/api/applications/${id}`, undefined, applicant(code));
    expect(ownView.body.status).toMatchObject({ stage: 'scoring', actor: 'center_staff' });
    expect(JSON.stringify(ownView.body.status)).not.toMatch(/"e[1-5]"|experts|scoresDue/);
    for (const expertId of panel) {
      await handle.executeUpdate(submitScoreUpdate, { args: [{ expertId, scores: { performance: 20, capability: 18, management: 12, staff: 8, functions: 16, innovation: 7 } }] });
    }
    await expect(handle.result()).resolves.toMatchObject({ stage: 'scored', score: '81.00', callNotified: true });
    const call = await temporal.workflow.getHandle(WorkflowIds.annualCall(2026)).query(annualCallStatusQuery);
    expect(call.outcomesReceived).toBeGreaterThanOrEqual(1);
    const notes = await inbox(code);
    expect(notes.map((n) => n.kind).sort()).toEqual(['application.accepted', 'application.materials_requested', 'application.submitted']);
    const stored = await pg.query(`SELECT count(*)::int AS n FROM notifications.notification WHERE recipient = $1`, [`institution:${code}`]);
    expect(stored.rows[0].n).toBe(3);
  });

  it('checks eligibility on the facts the application carries, citing the article that fails', async () => {
    const code = creditCode(6);
    const res = await applyWithFiles<ApplicationView>(sut, applicant(code), {
      creditCode: code,
      institutionName: '厦门市人手不足服务中心',
      callYear: 2026,
      eligibilityFacts: { ...factsFor(code), staff: { servingSmes: 9, qualified: 9 } },
    });
    expect(res.status).toBe(201);
    const view = await stageOf(res.body.id, 'ineligible');
    expect(view.status!.eligibility).toMatchObject({ checked: true, eligible: false, failedArticles: ['第六条第（五）项'] });
    // The stage is visible before the notification activity has stored its message: wait for it.
    const notes = await eventually(() => inbox(code), (n) => n.some((x) => x.kind === 'application.ineligible'), 'the ineligible notice');
    expect(notes.map((n) => n.kind)).toContain('application.ineligible');
  });

  it('keeps a draft as written, refuses a stale save, checks it in full on submission and submits it once', async () => {
    const code = creditCode(7);
    const me = applicant(code);
    const draft = await sut.http<{ id: string; version: number }>('POST', `${sut.applicationsUrl}/api/drafts`, { callYear: 2026, content: { institutionName: '厦门市草稿测试中心' } }, me);
    expect(draft.status).toBe(201);
    const incomplete = await sut.http<{ errors: Array<{ field: string }> }>('POST', `${sut.applicationsUrl}/api/drafts/${draft.body.id}/submit`, undefined, me);
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['eligibilityFacts']));
    const content = { institutionName: '厦门市草稿测试中心', eligibilityFacts: factsFor(code) };
    for (const kind of ALL_MATERIALS) expect((await uploadEvidence(sut, me, `drafts/${draft.body.id}`, kind)).status).toBe(201);
    const saved = await sut.http<{ version: number }>('PUT', `${sut.applicationsUrl}/api/drafts/${draft.body.id}`, { version: draft.body.version, content }, me);
    expect(saved.body.version).toBe(draft.body.version + 1);
    const stale = await sut.http<{ type: string }>('PUT', `${sut.applicationsUrl}/api/drafts/${draft.body.id}`, { version: draft.body.version, content: {} }, me);
    expect([stale.status, stale.body.type]).toEqual([409, expect.stringMatching(/draft-changed$/)]);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/drafts/${draft.body.id}`, undefined, applicant(creditCode(8)))).status).toBe(404);
    const submitted = await sut.http<ApplicationView>('POST', `${sut.applicationsUrl}/api/drafts/${draft.body.id}/submit`, undefined, me);
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ creditCode: code, institutionName: '厦门市草稿测试中心', callYear: 2026 });
    expect((await sut.http('POST', `${sut.applicationsUrl}/api/drafts/${draft.body.id}/submit`, undefined, me)).status).toBe(409);
    // The draft's files went with it: the application is complete by them, and the draft takes no more.
    expect(submitted.body).toMatchObject({ materials: { applicationForm: true, platformIntroduction: true, supportingEvidence: true } });
    const late = await uploadEvidence(sut, me, `drafts/${draft.body.id}`, 'supportingEvidence');
    expect([late.status, late.body['type']]).toEqual([409, expect.stringMatching(/draft-submitted$/)]);
    await stageOf(submitted.body.id, 'awaiting_site_visit');
  });

  it('counts the files uploaded, not ticks: the request names what is missing by that rule, and files are taken only while asked for (第十条)', async () => {
    const code = creditCode(11);
    const me = applicant(code);
    const created = await sut.http<ApplicationView>('POST', `${sut.applicationsUrl}/api/applications`, { creditCode: code, institutionName: '厦门市材料核查测试中心', callYear: 2026, eligibilityFacts: factsFor(code) }, me);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ materials: { applicationForm: false, platformIntroduction: false, supportingEvidence: false } });
    const id = created.body.id;
    const first = await stageOf(id, 'awaiting_materials');
    expect(first.status).toMatchObject({ missing: ['applicationForm', 'platformIntroduction', 'supportingEvidence'], completenessChecks: 1 });
    const asked = await eventually(() => inbox(code), (n) => n.some((x) => x.kind === 'application.materials_requested'), 'the request for materials');
    expect(JSON.stringify(asked)).toContain('申请表、厦门市中小企业公共服务平台情况介绍、相关佐证材料');

    // A spreadsheet is no signed form and a photo is no Annex 1 report: uploaded, kept, but not counted.
    expect((await uploadEvidence(sut, me, `applications/${id}`, 'applicationForm')).status).toBe(201);
    expect((await uploadEvidence(sut, me, `applications/${id}`, 'platformIntroduction', PNG, '介绍.png')).status).toBe(201);
    expect((await uploadEvidence(sut, me, `applications/${id}`, 'supportingEvidence', PNG, '佐证.png')).status).toBe(201);
    const again = await sut.http<ApplicationView>('POST', `${sut.applicationsUrl}/api/applications/${id}/materials`, {}, me);
    expect([again.status, again.body.status?.missing]).toEqual([201, ['supportingEvidence']]);
    const second = await waitFor('the second request', async () => {
      const v = await stageOf(id, 'awaiting_materials');
      return v.status!.completenessChecks === 2 ? v : undefined;
    });
    expect(second.status!.missingDetails).toEqual([expect.objectContaining({ key: 'supportingEvidence', reason: 'wrong_type', accepts: expect.arrayContaining(['application/pdf']) })]);
    const notes = await eventually(() => inbox(code), (n) => n.filter((x) => x.kind === 'application.materials_requested').length === 2, 'the second request');
    expect(JSON.stringify(notes)).toContain('附件1 示范平台申请报告（模板）提交 PDF/Word (.docx) 文件');

    expect((await uploadEvidence(sut, me, `applications/${id}`, 'supportingEvidence')).status).toBe(201);
    const done = await sut.http<ApplicationView>('POST', `${sut.applicationsUrl}/api/applications/${id}/materials`, {}, me);
    expect(done.body.status).toMatchObject({ stage: 'accepted', missing: [] });
    expect(done.body.materials).toEqual({ applicationForm: true, platformIntroduction: true, supportingEvidence: true });
    const checks = await pg.query('SELECT attempt, complete, missing FROM applications.completeness_check WHERE application_id = $1 ORDER BY attempt', [id]);
    expect(checks.rows.map((r) => [r.attempt, r.complete])).toEqual([[1, false], [2, false], [3, true]]);

    // Files are taken while the site visit is awaited (the experts check them on the spot), and not after it.
    const awaiting = await stageOf(id, 'awaiting_site_visit');
    expect((await uploadEvidence(sut, me, `applications/${id}`, 'supportingEvidence', PNG, '现场补充.png')).status).toBe(201);
    const visit = await sut.http('POST', `${sut.applicationsUrl}/api/applications/${id}/site-visit`, confirmingSiteVisit(awaiting.status!, ['00000000-0000-4000-8000-00000000e001']), STAFF);
    expect(visit.status).toBe(201);
    await stageOf(id, 'awaiting_experts');
    const closed = await uploadEvidence(sut, me, `applications/${id}`, 'supportingEvidence');
    expect([closed.status, closed.body['type'], closed.body['article'], closed.body['stage']]).toEqual([409, expect.stringMatching(/uploads-closed$/), '第十条', 'awaiting_experts']);
    const kept = await pg.query('SELECT count(*)::int AS n FROM applications.evidence_file WHERE application_id = $1', [id]);
    expect(kept.rows[0].n).toBe(5);
  });

  it('has the site visit settle every clause left to evidence, and ends the application with the article of one it cannot confirm (第十一条)', async () => {
    const code = creditCode(12);
    const created = await submit(code, true);
    const id = created.body.id;
    const waiting = await stageOf(id, 'awaiting_site_visit');
    const pending = waiting.status!.eligibility!.pending!;
    expect(pending.map((p) => p.id)).toEqual(expect.arrayContaining(['6.1.finances', '6.3.premises', '6.4.rules', '8.1.online_system']));
    expect(pending.find((p) => p.id === '6.3.premises')).toMatchObject({ article: '第六条第（三）项', item: 'premises' });
    const visit = confirmingSiteVisit(waiting.status!, ['00000000-0000-4000-8000-00000000e001']);

    const { '6.3.premises': _premises, ...unsettled } = visit.findings;
    const refused = await sut.http<{ type: string; message: { zh: string } }>('POST', `${sut.applicationsUrl}/api/applications/${id}/site-visit`, { ...visit, findings: unsettled }, STAFF);
    expect([refused.status, refused.body.type]).toEqual([409, expect.stringMatching(/site-visit-refused$/)]);
    expect(refused.body.message.zh).toContain('待核实条款须逐项确认属实或不属实：6.3.premises');

    const recorded = await sut.http('POST', `${sut.applicationsUrl}/api/applications/${id}/site-visit`, { ...visit, findings: { ...visit.findings, '6.3.premises': false } }, STAFF);
    expect(recorded.status).toBe(201);
    const ended = await stageOf(id, 'ineligible');
    expect(ended.status!.eligibility).toMatchObject({ eligible: false, outcome: 'ineligible', failedArticles: ['第六条第（三）项'], findings: expect.objectContaining({ '6.3.premises': false }) });
    const told = await eventually(() => inbox(code), (n) => n.some((x) => x.kind === 'application.ineligible'), 'the applicant told');
    expect(told.find((x) => x.kind === 'application.ineligible')!.title.zh).toBe('申报经实地考察未通过核实');
    const audit = await pg.query(`SELECT data FROM applications.audit_event WHERE action = 'application.site_visit_recorded' AND entity_id = $1`, [id]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].data.findings['6.3.premises']).toBe(false);
  });

  it('refuses an application without its facts or with bad ones, naming each field as the public self-check does', async () => {
    const code = creditCode(9);
    const me = applicant(code);
    type Problem = { type: string; errors: Array<{ field: string; reason: { zh: string; en: string } }> };
    const apply = (eligibilityFacts: unknown) =>
      sut.http<Problem>('POST', `${sut.applicationsUrl}/api/applications`, {
        creditCode: code, institutionName: '厦门市事实校验测试中心', callYear: 2026,
        ...(eligibilityFacts === undefined ? {} : { eligibilityFacts }),
      }, me);
    const fields = (p: Problem) => [...new Set(p.errors.map((e) => e.field))].sort();
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const facts = factsFor(code);

    const missing = await apply(undefined);
    expect([missing.status, fields(missing.body)]).toEqual([400, ['eligibilityFacts']]);
    expect(missing.body.errors[0]!.reason).toEqual({ zh: expect.stringContaining('申报条件事实'), en: expect.stringContaining('eligibilityFacts is required') });
    const partial = await apply({ institution: facts.institution, functions: facts.functions });
    expect(fields(partial.body)).toEqual(['eligibilityFacts.capability', 'eligibilityFacts.management', 'eligibilityFacts.performance', 'eligibilityFacts.staff']);

    // A year's count as text ("100" would compare below "90" as text), a count of staff as text, and more qualified
    // staff than serving staff: each refused by name, with the same fields the public self-check names.
    const bad = {
      ...facts,
      performance: { localSmesServed: { [String(year - 2)]: 90, [String(year - 1)]: '100' }, satisfaction: 0.9 },
      capability: { partnerInstitutions: '5', fixedPremises: true },
      staff: { servingSmes: 10, qualified: 12 },
    };
    const refused = await apply(bad);
    expect(refused.status).toBe(400);
    expect(refused.body.type).toMatch(/validation$/);
    expect(fields(refused.body)).toEqual([`eligibilityFacts.capability.partnerInstitutions`, `eligibilityFacts.performance.localSmesServed.${year - 1}`, 'eligibilityFacts.staff.qualified']);
    const selfCheck = await sut.http<Problem>('POST', `${sut.applicationsUrl}/api/eligibility/check`, { ...bad, applicationDate: `${year}-06-01` });
    expect(selfCheck.status).toBe(400);
    expect(fields(selfCheck.body).map((f) => `eligibilityFacts.${f}`)).toEqual(fields(refused.body));

    // The application date is the day of submission: the client sends none. The facts are the applicant's own.
    const dated = await apply({ ...facts, applicationDate: '2020-01-01' });
    expect([dated.status, fields(dated.body)]).toEqual([400, ['eligibilityFacts.applicationDate']]);
    const borrowed = await apply(factsFor(creditCode(10)));
    expect([borrowed.status, fields(borrowed.body)]).toEqual([422, ['eligibilityFacts.institution.creditCode']]);
    // A bad check digit in the facts' credit code: refused by the self-check's own validation (libs/policy).
    const checked = await apply({ ...facts, institution: { ...facts.institution, creditCode: `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}` } });
    expect([checked.status, fields(checked.body)]).toEqual([400, ['eligibilityFacts.institution.creditCode']]);

    // A draft is checked the same way on submission.
    const draft = await sut.http<{ id: string }>('POST', `${sut.applicationsUrl}/api/drafts`, {
      callYear: 2026,
      content: { institutionName: '厦门市事实校验测试中心', eligibilityFacts: { ...facts, staff: { servingSmes: 10, qualified: 12 } } },
    }, me);
    const fromDraft = await sut.http<Problem>('POST', `${sut.applicationsUrl}/api/drafts/${draft.body.id}/submit`, undefined, me);
    expect([fromDraft.status, fields(fromDraft.body)]).toEqual([400, ['eligibilityFacts.staff.qualified']]);
    const rows = await pg.query(`SELECT count(*)::int AS n FROM applications.application WHERE credit_code = $1`, [code]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('refuses materials nobody asked for with a 409 problem', async () => {
    const code = creditCode(3);
    const created = await submit(code, true);
    await stageOf(created.body.id, 'awaiting_site_visit');
    const res = await sut.http<{ type: string; status: number; message: { zh: string } }>(
      'POST', `${sut.applicationsUrl}/api/applications/${created.body.id}/materials`, {}, applicant(code));
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/materials-not-requested$/);
  });

  it('answers bad input with 4xx problem details naming the field', async () => {
    const bad = await sut.http<{ status: number; errors: Array<{ field: string }> }>('POST', `${sut.applicationsUrl}/api/applications`, {
      creditCode: 'nope',
      institutionName: '',
      callYear: 'x',
      materials: { applicationForm: 'yes' },
    }, applicant(creditCode(4)));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['creditCode', 'institutionName', 'callYear', 'materials']));
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/applications/not-a-uuid`, undefined, STAFF)).status).toBe(400);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/applications/00000000-0000-4000-8000-000000000000`, undefined, STAFF)).status).toBe(404);
    const badCheck = await sut.http<{ errors: Array<{ field: string; reason: { en: string } }> }>('POST', `${sut.applicationsUrl}/api/applications`, {
      creditCode: '91350200MA8DEM018A', institutionName: '某机构', callYear: 2026,
      eligibilityFacts: factsFor(creditCode(4)),
    }, applicant(creditCode(4)));
    expect(badCheck.status).toBe(400);
    expect(badCheck.body.errors[0]).toMatchObject({ field: 'creditCode' });
    const wrongYear = await sut.http<{ status: number; article: string }>('POST', `${sut.applicationsUrl}/api/applications`, {
      creditCode: creditCode(5), institutionName: '某机构', callYear: 2099,
      eligibilityFacts: factsFor(creditCode(5)),
    }, applicant(creditCode(5)));
    expect(wrongYear.status).toBe(422);
    expect(wrongYear.body.article).toBe('第十条');
  });

  it('takes one live application per institution and call, within the call\'s dates (第十条)', async () => {
    const code = creditCode(8);
    const body = (callYear: number) => ({
      creditCode: code, institutionName: '厦门市重复申报测试中心', callYear,
      eligibilityFacts: factsFor(code),
    });
    const first = await sut.http<ApplicationView>('POST', `${sut.applicationsUrl}/api/applications`, body(2026), applicant(code));
    expect(first.status).toBe(201);
    const second = await sut.http<{ type: string; article: string; applicationId: string }>('POST', `${sut.applicationsUrl}/api/applications`, body(2026), applicant(code));
    expect([second.status, second.body.applicationId, second.body.article]).toEqual([409, first.body.id, '第十条']);
    expect(second.body.type).toMatch(/application-exists$/);
    // A call whose dates have not come yet, and one whose dates are over: refused with the call's dates.
    const future = new Date().getFullYear() + 3;
    expect((await sut.http('PUT', `${sut.applicationsUrl}/api/calls/${future}`, { quota: 5, opensOn: `${future}-03-01`, closesOn: `${future}-04-30`, policyVersion: 'xiamen-2021-114' }, STAFF)).status).toBe(200);
    const early = await sut.http<{ type: string; opensOn: string }>('POST', `${sut.applicationsUrl}/api/applications`, body(future), applicant(code));
    expect([early.status, early.body.opensOn]).toEqual([422, `${future}-03-01`]);
    expect(early.body.type).toMatch(/call-not-open$/);
    expect((await sut.http('PUT', `${sut.applicationsUrl}/api/calls/2022`, { quota: 5, opensOn: '2022-03-01', closesOn: '2022-04-30', policyVersion: 'xiamen-2021-114' }, STAFF)).status).toBe(200);
    const late = await sut.http<{ type: string; closesOn: string }>('POST', `${sut.applicationsUrl}/api/applications`, body(2022), applicant(code));
    expect([late.status, late.body.closesOn]).toEqual([422, '2022-04-30']);
    expect(late.body.type).toMatch(/call-closed$/);
    const rows = await pg.query(`SELECT count(*)::int AS n FROM applications.application WHERE credit_code = $1`, [code]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('serves Prometheus metrics and tags every response with a request id', async () => {
    const res = await fetch(`${sut.applicationsUrl}/api/health`, { headers: { 'x-request-id': 'it-req-1' } });
    expect(res.headers.get('x-request-id')).toBe('it-req-1');
    const fresh = await fetch(`${sut.applicationsUrl}/api/health`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const metrics = await (await fetch(`${sut.applicationsUrl}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} [1-9]/);
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect(sut.processes.applications.count(/"requestId":"it-req-1"/)).toBe(1);
  });

  it('answers the public rule endpoints on the running service', async () => {
    const day = await sut.http<{ kind: string; workingDay: boolean }>('GET', `${sut.applicationsUrl}/api/calendar/days/2026-10-10`);
    expect(day.body).toMatchObject({ kind: 'makeup', workingDay: true });
    const notice = await sut.http<{ end: string }>('GET', `${sut.applicationsUrl}/api/calendar/notice-period?published=2026-09-30&days=7`);
    expect(notice.body.end).toBe('2026-10-14');
    const code = await sut.http<{ valid: boolean; local: boolean }>('GET', `${sut.applicationsUrl}/api/credit-codes/91350200MA8DEM018T`);
    expect(code.body).toMatchObject({ valid: true, local: true });

    // Staff enter a newly published year: its dates stop being provisional, from the database.
    expect((await sut.http<{ provisional: boolean }>('GET', `${sut.applicationsUrl}/api/calendar/days/2027-10-01`)).body.provisional).toBe(true);
    const published = await sut.http<{ days: number }>('PUT', `${sut.applicationsUrl}/api/calendar/years/2027`, { source: '测试用（假设的2027年安排）', ...FIXTURE_2027_NATIONAL_DAY, years: undefined }, STAFF);
    expect(published.status).toBe(200);
    expect(published.body.days).toBe(8);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/calendar/days/2027-10-01`)).body).toMatchObject({ kind: 'holiday', provisional: false });
    expect((await sut.http<{ end: string }>('GET', `${sut.applicationsUrl}/api/calendar/notice-period?published=2027-09-30`)).body.end).toBe('2027-10-14');
    const wrongYear = await sut.http<{ errors: Array<{ field: string }> }>('PUT', `${sut.applicationsUrl}/api/calendar/years/2028`, { source: 'x', days: [{ date: '2027-01-01', kind: 'holiday' }] }, STAFF);
    expect(wrongYear.status).toBe(422);
    expect(wrongYear.body.errors[0]!.field).toBe('days.0.date');
  });

  it('parks an event the notifications service cannot handle in the dead-letter stream after its retries', async () => {
    const js = nats.jetstream();
    await js.publish('sme.application.submitted', new TextEncoder().encode(JSON.stringify({ eventId: 'poison-1', subject: 'sme.application.submitted', occurredAt: new Date().toISOString(), payload: {} })), { msgID: `poison-${Date.now()}` });
    const parked = await waitFor('the poison event in the dead letters', async () => {
      const res = await sut.http<Array<{ subject: string; deliveries: number; error: string; data: string }>>('GET', `${sut.notificationsUrl}/api/notifications/dead-letters`, undefined, OPERATOR);
      return res.body.find((d) => d.data.includes('poison-1'));
    }, 60_000, 500);
    expect(parked).toMatchObject({ subject: 'sme.application.submitted', deliveries: 5 });
    expect(parked.error).toMatch(/malformed/);
  });

  it('lists recognised platforms publicly with their validity, searchable by name', async () => {
    await pg.query(`INSERT INTO applications.platform (credit_code, institution_name, list_year, awarded_on, valid_through, policy_version)
      VALUES ('91350200MA8DEM00XT', '厦门市公开名单测试中心', 2021, '2021-12-01', '2024-12-01', 'xiamen-2021-114'),
             ('91350200MA8DEM026M', '厦门市有效名单测试中心', 2026, '2026-06-01', '2029-06-01', 'xiamen-2021-114')`);
    const all = await sut.http<Array<{ creditCode: string; valid: boolean }>>('GET', `${sut.applicationsUrl}/api/public/platforms`);
    expect(all.body.map((p) => [p.creditCode, p.valid])).toEqual([['91350200MA8DEM026M', true], ['91350200MA8DEM00XT', false]]);
    const found = await sut.http<Array<{ institutionName: string }>>('GET', `${sut.applicationsUrl}/api/public/platforms?q=${encodeURIComponent('有效')}`);
    expect(found.body.map((p) => p.institutionName)).toEqual(['厦门市有效名单测试中心']);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/public/platforms?q=${'x'.repeat(101)}`)).status).toBe(400);
  });

  it('keeps a hash-chained audit trail that refuses edits and names the first tampered event', async () => {
    const ok = await sut.http<{ intact: boolean; events: number }>('GET', `${sut.applicationsUrl}/api/audit/verify`, undefined, AUDITOR);
    expect(ok.body.intact).toBe(true);
    expect(ok.body.events).toBeGreaterThanOrEqual(8);
    const events = await sut.http<Array<{ action: string; seq: number }>>('GET', `${sut.applicationsUrl}/api/audit/events?entityType=call&entityId=2026`, undefined, AUDITOR);
    expect(events.body.map((e) => e.action)).toEqual(expect.arrayContaining(['call.set', 'call.started']));

    await expect(pg.query(`UPDATE applications.audit_event SET actor = 'someone else' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`DELETE FROM applications.audit_event WHERE seq = 2`)).rejects.toThrow(/append-only/);

    // Someone with the owner's rights switches the guard off and edits one row: the chain shows it.
    await pg.query(`ALTER TABLE applications.audit_event DISABLE TRIGGER audit_event_append_only`);
    await pg.query(`UPDATE applications.audit_event SET data = '{"quota": 99}' WHERE seq = 2`);
    await pg.query(`ALTER TABLE applications.audit_event ENABLE TRIGGER audit_event_append_only`);
    const broken = await sut.http<{ intact: boolean; firstBroken: { seq: number; reason: string } }>('GET', `${sut.applicationsUrl}/api/audit/verify`, undefined, AUDITOR);
    expect(broken.body).toMatchObject({ intact: false, firstBroken: { seq: 2, reason: 'its content does not match its hash' } });
  });
});
