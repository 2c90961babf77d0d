import { createHash } from 'node:crypto';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCreditCode } from '@sme/policy';
import { Client as PgClient } from 'pg';
import { factsFor } from '@sme/testing/facts';
import { waitFor } from '@sme/testing';
import { SystemUnderTest, tokenFor } from './harness';

const run = Date.now() % 1e7;
const A = makeCreditCode('91350200', String(run * 10 + 7).padStart(8, '0').slice(-8));
const B = makeCreditCode('91350200', String(run * 10 + 8).padStart(8, '0').slice(-8));
const applicant = (institution: string) => tokenFor('applicant', { institution });
const STAFF = tokenFor('staff');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('evidence files: content-addressed, type- and virus-checked, served only to those who may see them', () => {
  let sut: SystemUnderTest;
  let pg: PgClient;
  let applicationId: string;
  let evidenceId: string;

  /** An upload to `applications/<id>` (a bare id) or to `drafts/<id>`. */
  const upload = async (token: string, id: string, bytes: Buffer | null, name = 'proof.pdf', kind = 'supportingEvidence') => {
    const form = new FormData();
    form.set('kind', kind);
    if (bytes) form.set('file', new Blob([bytes]), name);
    const res = await fetch(`${sut.applicationsUrl}/api/${id.includes('/') ? id : `applications/${id}`}/evidence`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_evidence');
    pg = new PgClient({ connectionString: sut.ownerDatabaseUrl });
    await pg.connect();
    await sut.http('PUT', `${sut.applicationsUrl}/api/calls/2026`, { quota: 5, opensOn: '2026-01-01', closesOn: '2026-12-31', policyVersion: 'xiamen-2021-114' }, STAFF);
    const res = await sut.http<{ id: string }>('POST', `${sut.applicationsUrl}/api/applications`, {
      creditCode: A, institutionName: '厦门市材料测试中心', callYear: 2026,
      eligibilityFacts: factsFor(A),
    }, applicant(A));
    applicationId = res.body.id;
    // Submitted with no files, it asks for them (第十条): uploads are open while it does.
    await waitFor('the request for materials', async () => {
      const v = await sut.http<{ status: { stage: string } | null }>('GET', `${sut.applicationsUrl}/api/applications/${applicationId}`, undefined, STAFF);
      return v.body.status?.stage === 'awaiting_materials' || undefined;
    }, 60_000, 200);
  }, 120_000);
  afterAll(async () => {
    await pg?.end();
    await sut?.stop();
  });

  it('stores an upload under its sha256, once however often it comes, with the type found from its bytes', async () => {
    const first = await upload(applicant(A), applicationId, PDF, '服务台账.pdf');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ sha256: createHash('sha256').update(PDF).digest('hex'), contentType: 'application/pdf', sizeBytes: String(PDF.length), filename: '服务台账.pdf' });
    evidenceId = first.body['id'];
    expect((await upload(applicant(A), applicationId, PDF, 'again.pdf')).status).toBe(201);
    expect(filesUnder(sut.env['EVIDENCE_DIR']!)).toHaveLength(1);
    const list = await sut.http<Array<{ filename: string }>>('GET', `${sut.applicationsUrl}/api/applications/${applicationId}/evidence`, undefined, applicant(A));
    expect(list.body.map((e) => e.filename)).toEqual(['服务台账.pdf', 'again.pdf']);
  });

  it('refuses a disguised type, a virus, an oversized file, a missing file and an unknown kind with problems', async () => {
    const exe = await upload(applicant(A), applicationId, Buffer.from('MZ\x90\x00 this is not a pdf'), 'scan.pdf');
    expect([exe.status, exe.body['type']]).toEqual([415, expect.stringMatching(/file-type$/)]);
    const virus = await upload(applicant(A), applicationId, Buffer.concat([PDF, Buffer.from(EICAR)]));
    expect([virus.status, virus.body['type']]).toEqual([422, expect.stringMatching(/virus-found$/)]);
    const big = await upload(applicant(A), applicationId, Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 1)]));
    expect(big.status).toBe(413);
    expect(big.body['message'].zh).toBeTruthy();
    expect((await upload(applicant(A), applicationId, null)).status).toBe(400);
    expect((await upload(applicant(A), applicationId, PDF, 'x.pdf', 'selfie')).status).toBe(400);
    expect(filesUnder(sut.env['EVIDENCE_DIR']!)).toHaveLength(1);
  });

  it('serves a file to its institution and to staff, and to nobody else however they guess', async () => {
    const mine = await fetch(`${sut.applicationsUrl}/api/evidence/${evidenceId}`, { headers: { authorization: `Bearer ${applicant(A)}` } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect(mine.headers.get('content-disposition')).toContain(encodeURIComponent('服务台账.pdf'));
    expect(Buffer.from(await mine.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await fetch(`${sut.applicationsUrl}/api/evidence/${evidenceId}`, { headers: { authorization: `Bearer ${STAFF}` } })).status).toBe(200);

    const other = applicant(B);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/evidence/${evidenceId}`, undefined, other)).status).toBe(404);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/applications/${applicationId}/evidence`, undefined, other)).status).toBe(404);
    expect((await upload(other, applicationId, PDF)).status).toBe(404);
    // An expert needs the scoring service's grant for this application (see expert-scoring): without it, not found.
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/evidence/${evidenceId}`, undefined, tokenFor('expert', { expertId: '00000000-0000-4000-8000-00000000e001' }))).status).toBe(404);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/evidence/${evidenceId}`)).status).toBe(401);
  });

  it('takes files on a draft up to the quota, keeps them to its institution, and counts them with the application they become', async () => {
    const draft = await sut.http<{ id: string }>('POST', `${sut.applicationsUrl}/api/drafts`, { callYear: 2026, content: { institutionName: '厦门市配额测试中心' } }, applicant(B));
    const quota = Number(sut.env['EVIDENCE_QUOTA_FILES']);
    for (let i = 0; i < quota; i++) expect((await upload(applicant(B), `drafts/${draft.body.id}`, Buffer.concat([PDF, Buffer.from(String(i))]), `第${i + 1}份.pdf`)).status).toBe(201);
    const over = await upload(applicant(B), `drafts/${draft.body.id}`, PDF, 'one-more.pdf');
    expect([over.status, over.body['type'], over.body['article'], over.body['used']]).toEqual([422, expect.stringMatching(/evidence-quota$/), '第十条', expect.objectContaining({ files: quota })]);
    expect(over.body['message'].zh).toContain(`每份申报最多 ${quota} 个文件`);
    const listed = await sut.http<Array<{ filename: string }>>('GET', `${sut.applicationsUrl}/api/drafts/${draft.body.id}/evidence`, undefined, applicant(B));
    expect(listed.body).toHaveLength(quota);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/drafts/${draft.body.id}/evidence`, undefined, applicant(A))).status).toBe(404);
    expect((await upload(applicant(A), `drafts/${draft.body.id}`, PDF)).status).toBe(404);
    const fileId = (listed.body[0] as unknown as { id: string }).id;
    expect((await fetch(`${sut.applicationsUrl}/api/evidence/${fileId}`, { headers: { authorization: `Bearer ${applicant(B)}` } })).status).toBe(200);
    expect((await fetch(`${sut.applicationsUrl}/api/evidence/${fileId}`, { headers: { authorization: `Bearer ${applicant(A)}` } })).status).toBe(404);
  });

  it('notices a stored file altered on disk and refuses to serve it', async () => {
    const sha = createHash('sha256').update(PDF).digest('hex');
    const path = filesUnder(sut.env['EVIDENCE_DIR']!).find((p) => p.endsWith(sha));
    writeFileSync(path!, Buffer.concat([PDF, Buffer.from('tampered')]));
    const res = await sut.http<{ type: string }>('GET', `${sut.applicationsUrl}/api/evidence/${evidenceId}`, undefined, STAFF);
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/evidence-damaged$/);
    const audit = await pg.query(`SELECT count(*)::int AS n FROM applications.audit_event WHERE action = 'evidence.uploaded' AND entity_id = $1`, [applicationId]);
    expect(audit.rows[0].n).toBe(2);
  });
});
