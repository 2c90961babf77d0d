import { totpCode } from '@sme/auth';
import { auditHash, auditSeal, GENESIS_HASH } from '@sme/persistence';
import { makeCreditCode } from '@sme/policy';
import { factsFor } from '@sme/testing/facts';
import { applyWithFiles, PDF } from './fixtures/apply';
import { createAdmin, GOOD_PASSWORD, linkToken, mailTo, signIn } from './fixtures/accounts';
import { Client as PgClient } from 'pg';
import { waitFor } from '@sme/testing';
import { SystemUnderTest, tokenFor } from './harness';

/** A call of its own (call-<year> is one per Temporal namespace). */
const YEAR = 2032;

/**
 * Real people get in, and only they (issue 12): the first administrator from the command, an invited staff user, an
 * institution that registers, is verified by staff and submits; every change reaching the next request in every
 * service; sign-out. All through the HTTP API, with the links read from the mail sink.
 */
describe('accounts: administrator, invitations, registration, verification, sessions', () => {
  let sut: SystemUnderTest;
  let admin: string;
  let staff: string;
  const api = (path: string) => `${sut.applicationsUrl}/api${path}`;

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_accounts', { SEED_DEV_USERS: 'false', AUTH_TOTP_REQUIRED_ROLES: 'bureau' });
  }, 120_000);
  afterAll(async () => {
    await sut?.stop();
  });

  it('creates the first administrator with the command, once, and never a second time', async () => {
    const made = await createAdmin(sut, ['--email', 'Chen.Admin@xm.gov.cn', '--name', '陈管理员']);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('管理员账号已创建');
    const printed = linkToken(made.stdout);
    // The same link is emailed by the running service.
    const mail = await mailTo(sut, 'chen.admin@xm.gov.cn', '账号邀请');
    expect(linkToken(mail.text)).toBe(printed);
    const again = await createAdmin(sut, ['--email', 'other.admin@xm.gov.cn', '--name', '另一位']);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('已有可用的管理员账号')]);

    // A weak password is refused and the link stays good for a better one.
    const weak = await sut.http<{ type: string }>('POST', api('/auth/password'), { token: printed, password: 'password123' });
    expect([weak.status, weak.body.type]).toEqual([422, expect.stringMatching(/password-too-(common|short)$/)]);
    const set = await sut.http<{ accessToken: string; principal: { role: string; username: string } }>('POST', api('/auth/password'), { token: printed, password: GOOD_PASSWORD });
    expect([set.status, set.body.principal.role, set.body.principal.username]).toEqual([200, 'admin', 'chen.admin']);
    const reused = await sut.http<{ type: string }>('POST', api('/auth/password'), { token: printed, password: GOOD_PASSWORD });
    expect([reused.status, reused.body.type]).toEqual([422, expect.stringMatching(/link-invalid$/)]);
    admin = await signIn(sut, 'chen.admin@xm.gov.cn', GOOD_PASSWORD);
  });

  it('lets the administrator invite staff, who set a password from the emailed link; the admin decides nothing in the process', async () => {
    const invited = await sut.http<{ id: string; invited: boolean; role: string }>('POST', api('/accounts/invitations'), { email: 'wang.gong@xm.gov.cn', role: 'staff', displayName: '服务中心 王工' }, admin);
    expect([invited.status, invited.body.invited, invited.body.role]).toEqual([201, true, 'staff']);
    const twice = await sut.http<{ type: string }>('POST', api('/accounts/invitations'), { email: 'WANG.GONG@xm.gov.cn', role: 'bureau', displayName: 'x' }, admin);
    expect([twice.status, twice.body.type]).toEqual([409, expect.stringMatching(/email-taken$/)]);
    const expertWithoutEntry = await sut.http<{ type: string }>('POST', api('/accounts/invitations'), { email: 'e@xm.gov.cn', role: 'expert', displayName: '专家' }, admin);
    expect([expertWithoutEntry.status, expertWithoutEntry.body.type]).toEqual([422, expect.stringMatching(/expert-entry-required$/)]);

    const mail = await mailTo(sut, 'wang.gong@xm.gov.cn', '账号邀请');
    expect(mail.text).toContain('市中小企业服务中心');
    const set = await sut.http<{ accessToken: string }>('POST', api('/auth/password'), { token: linkToken(mail.text), password: GOOD_PASSWORD });
    expect(set.status).toBe(200);
    staff = await signIn(sut, 'wang.gong', GOOD_PASSWORD);
    expect((await sut.http('GET', api('/registrations'), undefined, staff)).status).toBe(200);
    // The administrator manages accounts only.
    for (const [method, path] of [['GET', '/registrations'], ['GET', '/applications'], ['POST', `/calls/${YEAR}/start`], ['GET', '/audit/events']] as const) {
      const res = await sut.http<{ type: string }>(method, api(path), undefined, admin);
      expect([path, res.status, res.body.type]).toEqual([path, 403, expect.stringMatching(/forbidden$/)]);
    }
    const list = await sut.http<Array<{ username: string; role: string; invited: boolean }>>('GET', api('/accounts'), undefined, admin);
    expect(list.body.find((a) => a.username === 'wang.gong')).toMatchObject({ role: 'staff', invited: false });
  });

  it('registers an institution that confirms its email, waits for staff to verify its licence, then submits', async () => {
    const code = makeCreditCode('91350200', 'MA2YREG1');
    const reg = await sut.http<{ username: string; status: string }>('POST', api('/registrations'), {
      creditCode: code, institutionName: '厦门市注册测试服务中心', contactName: '张三', mobile: '13912345678', email: 'zhang.san@example.com', password: GOOD_PASSWORD,
    });
    expect([reg.status, reg.body]).toEqual([201, expect.objectContaining({ username: 'zhang.san', status: 'pending' })]);
    const badCode = await sut.http<{ errors: Array<{ field: string }> }>('POST', api('/registrations'), {
      creditCode: '91350200MA2YREG1X0', institutionName: 'x', contactName: 'x', mobile: '13912345678', email: 'x@example.com', password: GOOD_PASSWORD,
    });
    expect([badCode.status, badCode.body.errors.map((e) => e.field)]).toEqual([400, ['creditCode']]);

    // Not before the email is confirmed.
    const early = await sut.http<{ type: string }>('POST', api('/auth/sign-in'), { username: 'zhang.san', password: GOOD_PASSWORD });
    expect([early.status, early.body.type]).toEqual([403, expect.stringMatching(/email-unconfirmed$/)]);
    const confirm = await mailTo(sut, 'zhang.san@example.com', '确认注册邮箱');
    expect((await sut.http('POST', api('/auth/email-confirmation'), { token: linkToken(confirm.text) })).status).toBe(200);
    let applicant = await signIn(sut, 'zhang.san', GOOD_PASSWORD);
    // Pending: its account, its registration and drafts only; nothing of the institution's records or inbox.
    for (const url of [api('/applications'), api(`/platforms/${code}`), `${sut.notificationsUrl}/api/notifications`]) {
      const res = await sut.http<{ type: string }>('GET', url, undefined, applicant);
      expect([url, res.status, res.body.type]).toEqual([url, 403, expect.stringMatching(/institution-pending$/)]);
    }
    expect((await sut.http('GET', api('/registrations/mine'), undefined, applicant)).status).toBe(200);
    expect((await sut.http('POST', api('/drafts'), { callYear: YEAR, content: { institutionName: '厦门市注册测试服务中心' } }, applicant)).status).toBe(201);

    // Staff open a call; the pending institution may prepare but not submit.
    const call = { quota: 10, opensOn: `${new Date().getFullYear()}-01-01`, closesOn: `${YEAR}-12-31`, policyVersion: 'xiamen-2021-114' };
    expect((await sut.http('PUT', api(`/calls/${YEAR}`), call, staff)).status).toBe(200);
    await sut.http('POST', api(`/calls/${YEAR}/start`), undefined, staff);
    const body = { creditCode: code, institutionName: '厦门市注册测试服务中心', callYear: YEAR, eligibilityFacts: factsFor(code) };
    const refused = await sut.http<{ type: string }>('POST', api('/applications'), body, applicant);
    expect([refused.status, refused.body.type]).toEqual([403, expect.stringMatching(/institution-pending$/)]);

    // The licence, and staff's verification (a refusal needs a reason).
    const form = new FormData();
    form.set('file', new Blob([PDF]), '营业执照.pdf');
    const up = await fetch(api('/registrations/mine/licence'), { method: 'POST', body: form, headers: { authorization: `Bearer ${applicant}` } });
    expect(up.status).toBe(201);
    const pending = await sut.http<Array<{ creditCode: string; licence: { fileName: string } | null }>>('GET', api('/registrations?status=pending'), undefined, staff);
    expect(pending.body.find((r) => r.creditCode === code)?.licence?.fileName).toBe('营业执照.pdf');
    const licence = await fetch(api(`/registrations/${code}/licence`), { headers: { authorization: `Bearer ${staff}` } });
    expect(Buffer.from(await licence.arrayBuffer()).equals(PDF)).toBe(true);
    const noReason = await sut.http('POST', api(`/registrations/${code}/decision`), { decision: 'refuse' }, staff);
    expect(noReason.status).toBe(400);
    const verified = await sut.http<{ status: string }>('POST', api(`/registrations/${code}/decision`), { decision: 'verify' }, staff);
    expect([verified.status, verified.body.status]).toEqual([201, 'verified']);
    expect((await mailTo(sut, 'zhang.san@example.com', '已核验')).text).toContain('即可提交申报');

    // Verified: the pending token is over; a new sign-in opens the institution's records.
    expect((await sut.http('GET', api('/registrations/mine'), undefined, applicant)).status).toBe(401);
    applicant = await signIn(sut, 'zhang.san', GOOD_PASSWORD);
    const submitted = await applyWithFiles<{ creditCode: string }>(sut, applicant, body);
    expect([submitted.status, submitted.body.creditCode]).toEqual([201, code]);

    // The first user invites a colleague, who acts for this credit code only.
    const colleague = await sut.http<{ institution: string; role: string }>('POST', api('/institution/colleagues'), { email: 'li.si@example.com', displayName: '李四' }, applicant);
    expect([colleague.status, colleague.body.role, colleague.body.institution]).toEqual([201, 'applicant', code]);
    const invite = await mailTo(sut, 'li.si@example.com', '账号邀请');
    const li = await sut.http<{ principal: { institution: string } }>('POST', api('/auth/password'), { token: linkToken(invite.text), password: GOOD_PASSWORD });
    expect(li.body.principal.institution).toBe(code);
    const liToken = await signIn(sut, 'li.si', GOOD_PASSWORD);
    const notFirst = await sut.http<{ type: string }>('POST', api('/institution/colleagues'), { email: 'w.wu@example.com', displayName: '王五' }, liToken);
    expect([notFirst.status, notFirst.body.type]).toEqual([403, expect.stringMatching(/not-first-user$/)]);
  });

  it('answers an institution that never registered (one invited, say) with 204 and no body, as documented', async () => {
    const invited = tokenFor('applicant', { institution: makeCreditCode('91350200', '77000001') });
    const res = await fetch(api('/registrations/mine'), { headers: { authorization: `Bearer ${invited}` } });
    expect([res.status, await res.text()]).toEqual([204, '']);
    const doc = (await (await fetch(`${sut.applicationsUrl}/docs/json`)).json()) as { paths: Record<string, { get: { responses: Record<string, { content?: unknown }> } }> };
    const answers = doc.paths['/api/registrations/mine']!.get.responses;
    expect([answers['204'] !== undefined, answers['204']?.content, answers['200']?.content !== undefined]).toEqual([true, undefined, true]);
  });

  it('makes a disabled account, a changed role and a sign-out count on the next request in every service', async () => {
    const invited = await sut.http<{ id: string }>('POST', api('/accounts/invitations'), { email: 'zhao.audit@xm.gov.cn', role: 'auditor', displayName: '审计 赵工' }, admin);
    const mail = await mailTo(sut, 'zhao.audit@xm.gov.cn', '账号邀请');
    await sut.http('POST', api('/auth/password'), { token: linkToken(mail.text), password: GOOD_PASSWORD });
    const auditor = await signIn(sut, 'zhao.audit', GOOD_PASSWORD);
    const services = [api('/audit/verify'), `${sut.scoringUrl}/api/experts`, `${sut.notificationsUrl}/api/notifications`];
    for (const url of services) expect([url, (await sut.http('GET', url, undefined, auditor)).status]).toEqual([url, 200]);

    // The role changes: the old token is refused everywhere at once; a new sign-in carries the new role.
    const changed = await sut.http('PATCH', api(`/accounts/${invited.body.id}`), { role: 'operator', reason: '岗位调整' }, admin);
    expect(changed.status).toBe(200);
    for (const url of services) {
      const res = await sut.http<{ message: { zh: string } }>('GET', url, undefined, auditor);
      expect([url, res.status, res.body.message.zh]).toEqual([url, 401, expect.stringContaining('账号信息已变更')]);
    }
    const operator = await signIn(sut, 'zhao.audit', GOOD_PASSWORD);
    expect((await sut.http<{ role: string }>('GET', api('/auth/me'), undefined, operator)).body.role).toBe('operator');

    // Disabled: refused at once, and cannot sign in again.
    await sut.http('PATCH', api(`/accounts/${invited.body.id}`), { disabled: true, reason: '离职' }, admin);
    expect((await sut.http('GET', `${sut.notificationsUrl}/api/notifications`, undefined, operator)).status).toBe(401);
    expect((await sut.http('POST', api('/auth/sign-in'), { username: 'zhao.audit', password: GOOD_PASSWORD })).status).toBe(401);
    // An administrator does not change their own role or state (another must, so there is always one left).
    const me = (await sut.http<Array<{ id: string; username: string }>>('GET', api('/accounts?role=admin'), undefined, admin)).body[0]!;
    for (const change of [{ disabled: true }, { role: 'bureau' }]) {
      const own = await sut.http<{ type: string }>('PATCH', api(`/accounts/${me.id}`), { ...change, reason: '测试' }, admin);
      expect([own.status, own.body.type]).toEqual([403, expect.stringMatching(/own-account$/)]);
    }

    // Sign-out ends one session; sign-out everywhere ends them all.
    const a = await signIn(sut, 'wang.gong', GOOD_PASSWORD);
    const b = await signIn(sut, 'wang.gong', GOOD_PASSWORD);
    expect((await sut.http('POST', api('/auth/sign-out'), undefined, a)).status).toBe(204);
    expect((await sut.http('GET', `${sut.scoringUrl}/api/experts`, undefined, a)).status).toBe(401);
    expect((await sut.http('GET', `${sut.scoringUrl}/api/experts`, undefined, b)).status).toBe(200);
    expect((await sut.http('POST', api('/auth/sign-out-everywhere'), undefined, b)).status).toBe(204);
    expect((await sut.http('GET', `${sut.scoringUrl}/api/experts`, undefined, b)).status).toBe(401);
    expect((await sut.http('GET', api('/registrations'), undefined, staff)).status).toBe(401);
  });

  it('resets a forgotten password by an emailed link, and says the same whether the account exists or not', async () => {
    const known = await sut.http<{ message: { zh: string } }>('POST', api('/auth/password-reset'), { login: 'wang.gong@xm.gov.cn' });
    const unknown = await sut.http<{ message: { zh: string } }>('POST', api('/auth/password-reset'), { login: 'nobody@xm.gov.cn' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    const mail = await mailTo(sut, 'wang.gong@xm.gov.cn', '重设密码');
    const next = 'Harbour-lights_across-the-bay-93';
    expect((await sut.http('POST', api('/auth/password'), { token: linkToken(mail.text), password: next })).status).toBe(200);
    expect((await sut.http('POST', api('/auth/sign-in'), { username: 'wang.gong', password: GOOD_PASSWORD })).status).toBe(401);
    const token = await signIn(sut, 'wang.gong', next);
    // Changing one's own password needs the current one.
    const wrong = await sut.http<{ type: string }>('POST', api('/account/password'), { currentPassword: 'not-it-at-all', newPassword: GOOD_PASSWORD }, token);
    expect([wrong.status, wrong.body.type]).toEqual([422, expect.stringMatching(/current-password-wrong$/)]);
    const changed = await sut.http<{ accessToken: string }>('POST', api('/account/password'), { currentPassword: next, newPassword: GOOD_PASSWORD }, token);
    expect(changed.status).toBe(200);
    expect((await sut.http('GET', api('/registrations'), undefined, token)).status).toBe(401);
    expect((await sut.http('GET', api('/registrations'), undefined, changed.body.accessToken)).status).toBe(200);
  });

  it('makes a bureau official enrol a second factor before anything else, then asks for a code at each sign-in', async () => {
    await sut.http('POST', api('/accounts/invitations'), { email: 'li.chu@xm.gov.cn', role: 'bureau', displayName: '工信局 李处' }, admin);
    const mail = await mailTo(sut, 'li.chu@xm.gov.cn', '账号邀请');
    await sut.http('POST', api('/auth/password'), { token: linkToken(mail.text), password: GOOD_PASSWORD });
    const enrolOnly = await signIn(sut, 'li.chu', GOOD_PASSWORD);
    const blocked = await sut.http<{ type: string }>('GET', api(`/calls/${YEAR}/status`), undefined, enrolOnly);
    expect([blocked.status, blocked.body.type]).toEqual([403, expect.stringMatching(/totp-enrolment-required$/)]);
    expect((await sut.http('GET', `${sut.notificationsUrl}/api/notifications`, undefined, enrolOnly)).status).toBe(403);

    const { secret, uri } = (await sut.http<{ secret: string; uri: string }>('POST', api('/account/totp'), { password: GOOD_PASSWORD }, enrolOnly)).body;
    expect(uri).toContain(`secret=${secret}`);
    const wrong = await sut.http<{ type: string }>('POST', api('/account/totp/confirmation'), { code: totpCode(secret) === '000000' ? '111111' : '000000' }, enrolOnly);
    expect([wrong.status, wrong.body.type]).toEqual([422, expect.stringMatching(/totp-wrong$/)]);
    const confirmed = await sut.http<{ accessToken: string }>('POST', api('/account/totp/confirmation'), { code: totpCode(secret) }, enrolOnly);
    expect(confirmed.status).toBe(200);
    expect((await sut.http('GET', api(`/calls/${YEAR}/status`), undefined, confirmed.body.accessToken)).status).toBe(200);

    const noCode = await sut.http<{ type: string }>('POST', api('/auth/sign-in'), { username: 'li.chu', password: GOOD_PASSWORD });
    expect([noCode.status, noCode.body.type]).toEqual([401, expect.stringMatching(/totp-required$/)]);
    // The code of this step was used by the confirmation: the next step's code (the window admits one step of drift).
    const next = totpCode(secret, Date.now() + 30_000);
    const withCode = await sut.http<{ principal: { role: string } }>('POST', api('/auth/sign-in'), { username: 'li.chu', password: GOOD_PASSWORD, totp: next });
    expect([withCode.status, withCode.body.principal.role]).toEqual([200, 'bureau']);
    const replay = await sut.http<{ type: string }>('POST', api('/auth/sign-in'), { username: 'li.chu', password: GOOD_PASSWORD, totp: next });
    expect([replay.status, replay.body.type]).toEqual([401, expect.stringMatching(/totp-wrong$/)]);
    const remove = await sut.http<{ type: string }>('DELETE', api('/account/totp'), { code: totpCode(secret, Date.now() + 30_000) }, confirmed.body.accessToken);
    expect([remove.status, remove.body.type]).toEqual([409, expect.stringMatching(/totp-required-for-role$/)]);
  });

  it('asks for the second factor when a password is reset from an emailed link: a mailbox is not a second factor', async () => {
    await sut.http('POST', api('/accounts/invitations'), { email: 'zhou.staff@xm.gov.cn', role: 'staff', displayName: '服务中心 周工' }, admin);
    const invite = await mailTo(sut, 'zhou.staff@xm.gov.cn', '账号邀请');
    const token = (await sut.http<{ accessToken: string }>('POST', api('/auth/password'), { token: linkToken(invite.text), password: GOOD_PASSWORD })).body.accessToken;
    const { secret } = (await sut.http<{ secret: string }>('POST', api('/account/totp'), { password: GOOD_PASSWORD }, token)).body;
    expect((await sut.http('POST', api('/account/totp/confirmation'), { code: totpCode(secret) }, token)).status).toBe(200);

    await sut.http('POST', api('/auth/password-reset'), { login: 'zhou.staff' });
    const link = linkToken((await mailTo(sut, 'zhou.staff@xm.gov.cn', '重设密码')).text);
    const next = 'Harbour-lights_across-the-bay-93';
    const withoutCode = await sut.http<{ type: string }>('POST', api('/auth/password'), { token: link, password: next });
    expect([withoutCode.status, withoutCode.body.type]).toEqual([401, expect.stringMatching(/totp-required$/)]);
    const withCode = await sut.http<{ principal: { username: string } }>('POST', api('/auth/password'), { token: link, password: next, totp: totpCode(secret, Date.now() + 30_000) });
    expect([withCode.status, withCode.body.principal.username]).toEqual([200, 'zhou.staff']);
  });

  it('keeps every account event in the audit trail, with no secret in it', async () => {
    const events = await sut.query<{ action: string; data: string }>(`SELECT action, data::text AS data FROM applications.audit_event WHERE action LIKE 'account.%' OR action LIKE 'institution.%' ORDER BY seq`);
    const actions = new Set(events.map((e) => e.action));
    for (const a of ['account.invited', 'account.invitation_accepted', 'account.signed_in', 'account.sign_in_failed', 'account.role_changed', 'account.disabled', 'account.registered', 'account.email_confirmed', 'account.licence_uploaded', 'institution.verified', 'account.signed_out', 'account.signed_out_everywhere', 'account.reset_requested', 'account.password_reset', 'account.password_changed', 'account.totp_enabled']) {
      expect([a, actions.has(a)]).toEqual([a, true]);
    }
    const all = events.map((e) => e.data).join('\n');
    for (const secret of [GOOD_PASSWORD, 'Harbour-lights_across-the-bay-93', 'scrypt$']) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/token_sha256|"token"/);
    expect((await sut.http<{ intact: boolean }>('GET', api('/audit/verify'), undefined, await signIn(sut, 'wang.gong', GOOD_PASSWORD))).status).toBe(403);
  });

  it('lets the services\' database role only add to the audit trail: no update, delete, truncate or switching the guard off', async () => {
    const runtime = new PgClient({ connectionString: sut.env['DATABASE_URL'] });
    await runtime.connect();
    try {
      const [me] = (await runtime.query<{ me: string; sel: boolean; ins: boolean }>(
        `SELECT current_user AS me, has_table_privilege('applications.audit_event', 'SELECT') AS sel, has_table_privilege('applications.audit_event', 'INSERT') AS ins`,
      )).rows;
      expect(me).toEqual({ me: 'sme_app', sel: true, ins: true });
      for (const sql of [
        `UPDATE applications.audit_event SET actor = 'x' WHERE seq = 1`,
        `DELETE FROM applications.audit_event WHERE seq = 1`,
        `TRUNCATE applications.audit_event`,
        `ALTER TABLE applications.audit_event DISABLE TRIGGER audit_event_append_only`,
        `DROP TABLE applications.audit_seal`,
      ]) {
        expect([sql, await runtime.query(sql).then(() => 'done', (err: { code?: string }) => err.code)]).toEqual([sql, '42501']); // insufficient privilege
      }
    } finally {
      await runtime.end();
    }
  });

  it('detects a chain recomputed without the key: the sealed head no longer matches', async () => {
    const auditor = await (async () => {
      await sut.http('POST', api('/accounts/invitations'), { email: 'qian.audit@xm.gov.cn', role: 'auditor', displayName: '审计 钱工' }, admin);
      const mail = await mailTo(sut, 'qian.audit@xm.gov.cn', '账号邀请');
      return (await sut.http<{ accessToken: string }>('POST', api('/auth/password'), { token: linkToken(mail.text), password: GOOD_PASSWORD })).body.accessToken;
    })();
    expect((await sut.http<{ intact: boolean }>('GET', api('/audit/verify'), undefined, auditor)).body.intact).toBe(true);
    // Someone with the owner's rights, but not the key, switches the guard off, rewrites an event and recomputes
    // every hash after it.
    await sut.query('ALTER TABLE applications.audit_event DISABLE TRIGGER audit_event_append_only');
    const rows = await sut.query<{ seq: string; occurred_at: Date; actor: string; action: string; entity_type: string; entity_id: string; data: Record<string, unknown> }>(
      'SELECT seq, occurred_at, actor, action, entity_type, entity_id, data FROM applications.audit_event ORDER BY seq',
    );
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const data = Number(r.seq) === 2 ? { ...r.data, username: 'someone-else' } : r.data;
      const hash = auditHash(prev, { seq: Number(r.seq), occurredAt: r.occurred_at.toISOString(), actor: r.actor, action: r.action, entityType: r.entity_type, entityId: r.entity_id, data });
      await sut.query('UPDATE applications.audit_event SET data = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [r.seq, JSON.stringify(data), prev, hash]);
      prev = hash;
    }
    await sut.query('ALTER TABLE applications.audit_event ENABLE TRIGGER audit_event_append_only');
    await expect(sut.query('TRUNCATE applications.audit_event')).rejects.toThrow(/append-only/);
    // Re-sealing with a guessed key does not help either.
    await sut.query('UPDATE applications.audit_seal SET hash = $1, mac = $2', [prev, auditSeal(rows.length, prev, 'x'.repeat(48))]);
    const verdict = await sut.http<{ intact: boolean; firstBroken: { reason: string } }>('GET', api('/audit/verify'), undefined, auditor);
    expect(verdict.body.intact).toBe(false);
    expect(verdict.body.firstBroken.reason).toContain('recomputed without the key');
  });

  it('stops judging tokens (503) once NATS has been away a while, and judges them again when it is back', async () => {
    const token = await signIn(sut, 'wang.gong', GOOD_PASSWORD);
    const experts = async () => (await sut.http('GET', `${sut.scoringUrl}/api/experts`, undefined, token)).status;
    expect(await experts()).toBe(200);
    await sut.nats.stop();
    await waitFor('a 503 while revocations cannot be followed', async () => (await experts()) === 503, 20_000, 250);
    await sut.nats.start();
    await waitFor('tokens judged again', async () => (await experts()) === 200, 30_000, 250);
  });
});
