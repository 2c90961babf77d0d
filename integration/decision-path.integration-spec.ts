import type { ApplicationStatus } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { waitFor } from '@sme/testing';
import { factsFor } from '@sme/testing/facts';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { applyWithFiles, confirmingSiteVisit } from './fixtures/apply';
import { SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff');
const applicant = (institution: string) => tokenFor('applicant', { institution });
const run = Date.now() % 1e7;
const A = makeCreditCode('91350200', String(run * 10 + 3).padStart(8, '0').slice(-8));
const B = makeCreditCode('91350200', String(run * 10 + 4).padStart(8, '0').slice(-8));
const C = makeCreditCode('91350200', String(run * 10 + 5).padStart(8, '0').slice(-8));
const DEADLINE_MS = 2000;

interface View {
  id: string;
  status: ApplicationStatus | null;
}

/**
 * The one decision path (issue 11): the workflow decides first, with the decision's key and a deadline, outside any
 * database transaction; only the accepted decision is recorded, once. With the orchestrator down a decision is a
 * quick 503 with Retry-After, and nothing else waits behind it.
 */
describe('one decision path: the workflow first, within a deadline, with nothing held while it answers', () => {
  let sut: SystemUnderTest;
  let pg: PgClient;
  let applicationId: string;
  const siteVisit = (id: string, body: unknown, key?: string) =>
    fetch(`${sut.applicationsUrl}/api/applications/${id}/site-visit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${STAFF}`, ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
  const audited = async (id: string) =>
    (await pg.query(`SELECT count(*)::int AS n FROM applications.audit_event WHERE action = 'application.site_visit_recorded' AND entity_id = $1`, [id])).rows[0].n as number;

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_decision_path', { DECISION_DEADLINE_MS: String(DEADLINE_MS) });
    pg = new PgClient({ connectionString: sut.ownerDatabaseUrl });
    await pg.connect();
    await sut.http('PUT', `${sut.applicationsUrl}/api/calls/2026`, { quota: 5, opensOn: '2026-01-01', closesOn: '2026-12-31', policyVersion: 'xiamen-2021-114' }, STAFF);
  }, 120_000);
  afterAll(async () => {
    await pg?.end();
    await sut?.stop();
  });

  it('answers 503 with Retry-After while the orchestrator is down, records nothing, keeps other writes moving, and a retry with the same key decides once', async () => {
    const created = await applyWithFiles<View>(sut, applicant(A), { creditCode: A, institutionName: '厦门市决策路径测试中心', callYear: 2026, eligibilityFacts: factsFor(A) });
    const id = created.body.id;
    applicationId = id;
    const waiting = await waitFor('awaiting the site visit', async () => {
      const v = await sut.http<View>('GET', `${sut.applicationsUrl}/api/applications/${id}`, undefined, STAFF);
      return v.body.status?.stage === 'awaiting_site_visit' ? v.body.status : undefined;
    }, 60_000, 200);
    const visit = confirmingSiteVisit(waiting, ['00000000-0000-4000-8000-00000000e001']);
    const key = `site-visit-${run}`;

    await sut.processes.orchestrator.stop('SIGKILL');
    const asked = Date.now();
    let answeredAt = 0;
    const decision = siteVisit(id, visit, key).then(async (res) => {
      answeredAt = Date.now();
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { type: string; message: { zh: string } } };
    });
    // The decision goes first (its head start orders the two requests); an audited write of another institution
    // must not wait behind it.
    await new Promise((r) => setTimeout(r, 300));
    const other = await sut.http<View>('POST', `${sut.applicationsUrl}/api/applications`, { creditCode: B, institutionName: '厦门市并行提交测试中心', callYear: 2026, eligibilityFacts: factsFor(B) }, applicant(B));
    const submittedAt = Date.now();
    expect(other.status).toBe(201);
    const refused = await decision;
    expect(submittedAt).toBeLessThan(answeredAt);
    expect([refused.status, refused.retryAfter, refused.body.type]).toEqual([503, '5', expect.stringMatching(/workflow-unavailable$/)]);
    expect(refused.body.message.zh).toContain('未作出、未记录');
    expect(answeredAt - asked).toBeLessThan(DEADLINE_MS + 5000);
    expect(await audited(id)).toBe(0);

    // Back up: the retry with the same key decides, and a second retry gets the same answer, recorded once.
    sut.processes.orchestrator.start();
    await sut.processes.orchestrator.waitForOutput(/workflow worker polling/);
    const taken = await waitFor('the retry taken', async () => {
      const res = await siteVisit(id, visit, key);
      return res.status === 201 ? ((await res.json()) as View) : undefined;
    }, 60_000, 500);
    expect(taken.status?.stage).toMatch(/awaiting_experts|awaiting_site_visit/);
    const again = await siteVisit(id, visit, key);
    expect(again.status).toBe(201);
    expect(((await again.json()) as View).status).toEqual(taken.status);
    expect(await audited(id)).toBe(1);
    const logged = await pg.query(`SELECT action FROM applications.decision WHERE workflow_id = $1`, [`application-${id}`]);
    expect(logged.rows).toEqual([{ action: 'recordSiteVisit' }]);

    // A refusal (a second visit, another key) records nothing.
    const second = await siteVisit(id, visit, `site-visit-again-${run}`);
    expect([second.status, ((await second.json()) as { type: string }).type]).toEqual([409, expect.stringMatching(/site-visit-refused$/)]);
    expect(await audited(id)).toBe(1);
  });

  it('never takes later a decision whose caller was told it was not taken (503): the next decision is the one recorded', async () => {
    const created = await applyWithFiles<View>(sut, applicant(C), { creditCode: C, institutionName: '厦门市迟到决定测试中心', callYear: 2026, eligibilityFacts: factsFor(C) });
    const id = created.body.id;
    const waiting = await waitFor('awaiting the site visit', async () => {
      const v = await sut.http<View>('GET', `${sut.applicationsUrl}/api/applications/${id}`, undefined, STAFF);
      return v.body.status?.stage === 'awaiting_site_visit' ? v.body.status : undefined;
    }, 60_000, 200);
    const visit = confirmingSiteVisit(waiting, ['00000000-0000-4000-8000-00000000e001']);

    await sut.processes.orchestrator.stop('SIGKILL');
    const unanswered = await siteVisit(id, { ...visit, opinion: '第一次提交（超时）' }, `site-visit-ghost-${run}`);
    expect(unanswered.status).toBe(503);
    // The staff member was told nothing was decided. The orchestrator comes back with that update still queued.
    sut.processes.orchestrator.start();
    await sut.processes.orchestrator.waitForOutput(/workflow worker polling/);
    // A new submission (another key) is answered only after the workflow handled what was queued before it: the
    // queued one must not have been taken, so this one is, and it is the one in the audit trail.
    const fresh = await waitFor('the new decision answered', async () => {
      const res = await siteVisit(id, { ...visit, opinion: '第二次提交' }, `site-visit-fresh-${run}`);
      return res.status === 503 ? undefined : { status: res.status, body: (await res.json()) as { code?: string; status: { siteVisit?: { opinion: string } } } };
    }, 60_000, 500);
    expect([fresh.status, fresh.body.code]).toEqual([201, undefined]);
    expect(await audited(id)).toBe(1);
    const logged = await pg.query(`SELECT key FROM applications.decision WHERE workflow_id = $1`, [`application-${id}`]);
    expect(logged.rows).toEqual([{ key: `application-${id}/recordSiteVisit/site-visit-fresh-${run}` }]);
  });

  it('lets staff close an application whose review cannot be completed, with a reason; the applicant is told and the call hears of it (第十二条)', async () => {
    const close = (body: unknown, token = STAFF) => sut.http<{ type: string; code?: string; status: ApplicationStatus | null }>('POST', `${sut.applicationsUrl}/api/applications/${applicationId}/closure`, body, token);
    expect((await close({ reason: ' ' })).status).toBe(400);
    expect((await close({ reason: '评审组无法组成' }, applicant(A))).status).toBe(403);
    // The orchestrator was killed by the test before: the first answer may be a 503 while Temporal moves the
    // workflow off the dead worker's queue; staff retry, with the same key.
    const closed = await waitFor('the closure answered', async () => {
      const res = await fetch(`${sut.applicationsUrl}/api/applications/${applicationId}/closure`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${STAFF}`, 'idempotency-key': `closure-${run}` },
        body: JSON.stringify({ reason: '专家库中无可替换的回避专家，评审组无法组成' }),
      });
      return res.status === 503 ? undefined : res;
    }, 30_000, 500);
    expect(closed.status).toBe(201);
    const ended = await waitFor('closed by staff', async () => {
      const v = await sut.http<View>('GET', `${sut.applicationsUrl}/api/applications/${applicationId}`, undefined, applicant(A));
      return v.body.status?.stage === 'closed_by_staff' ? v.body.status : undefined;
    }, 30_000, 200);
    expect(ended.closure).toMatchObject({ reason: '专家库中无可替换的回避专家，评审组无法组成' });
    const told = await waitFor('the applicant told', async () => {
      const n = await sut.http<Array<{ kind: string; body: { zh: string } }>>('GET', `${sut.notificationsUrl}/api/notifications`, undefined, applicant(A));
      return n.body.find((x) => x.kind === 'application.closed_by_staff');
    }, 30_000, 200);
    expect(told.body.zh).toContain('专家库中无可替换的回避专家');
    const again = await close({ reason: '再次终止' });
    expect([again.status, again.body.code]).toEqual([409, expect.stringMatching(/^(already-closed|not-closable|workflow-not-running)$/)]);
    const audit = await pg.query(`SELECT count(*)::int AS n FROM applications.audit_event WHERE action = 'application.closed_by_staff' AND entity_id = $1`, [applicationId]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('answers a finished application with what its workflow returned, with no workflow worker running', async () => {
    const connection = await Connection.connect({ address: sut.env['TEMPORAL_ADDRESS'] });
    try {
      const handle = new TemporalClient({ connection, namespace: 'sme-test' }).workflow.getHandle(`application-${applicationId}`);
      await waitFor('the closed application\'s workflow completed', async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined), 30_000, 200);
    } finally {
      await connection.close();
    }
    await sut.processes.orchestrator.stop('SIGKILL');
    try {
      const seen = await sut.http<View & { statusSource: string }>('GET', `${sut.applicationsUrl}/api/applications/${applicationId}`, undefined, applicant(A));
      expect([seen.status, seen.body.statusSource, seen.body.status?.stage]).toEqual([200, 'workflow', 'closed_by_staff']);
    } finally {
      sut.processes.orchestrator.start();
      await sut.processes.orchestrator.waitForOutput(/workflow worker polling/);
    }
  });
});
