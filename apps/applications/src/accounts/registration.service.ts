import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hashPassword, type Principal } from '@sme/auth';
import { appendAudit, InstitutionEntity, UserAccountEntity } from '@sme/persistence';
import { DomainProblem, type RuntimeConfig } from '@sme/runtime';
import type { DataSource } from 'typeorm';
import type { UploadedEvidence } from '../evidence/evidence.service';
import { EvidenceService } from '../evidence/evidence.service';
import { RUNTIME_CONFIG } from '../tokens';
import { type AccountView, createInvitedAccount, toAccountView, usernameFromEmail } from './account-admin.service';
import { AccountMailSender, queueAccountMail } from './account-mail';
import type { Revocation } from '@sme/messaging';
import { auditAccount, raiseTokenVersion, refuseTakenLogin } from './account-records';
import { RevocationPublisher } from './revocations';
import { refusePassword } from './auth.service';
import { issueOneTimeToken } from './one-time-tokens';
import type { InviteColleagueDto, RegisterInstitutionDto, RegistrationDecisionDto } from './registration.dtos';

/** A registration as staff and the institution see it. */
export interface RegistrationView {
  creditCode: string;
  institutionName: string;
  contactName: string;
  mobile: string;
  email: string;
  status: InstitutionEntity['status'];
  licence: { fileName: string; mediaType: string; sha256: string } | null;
  registeredAt: string;
  decidedAt: string | null;
  reason: string | null;
}

function toView(i: InstitutionEntity): RegistrationView {
  return {
    creditCode: i.creditCode,
    institutionName: i.name,
    contactName: i.contactName,
    mobile: i.mobile,
    email: i.email,
    status: i.status,
    licence: i.licenceSha256 ? { fileName: i.licenceFileName ?? 'licence', mediaType: i.licenceMediaType ?? 'application/octet-stream', sha256: i.licenceSha256 } : null,
    registeredAt: i.registeredAt.toISOString(),
    decidedAt: i.decidedAt?.toISOString() ?? null,
    reason: i.reason,
  };
}

const notFound = (code: string) => new DomainProblem(HttpStatus.NOT_FOUND, 'registration-not-found', { zh: `未找到机构 ${code} 的注册`, en: `no registration of ${code}` });

/**
 * Institutions register themselves: credit code, name, contact, mobile, email (confirmed by a link) and a password;
 * then they upload the business licence and center staff verify it. Until verified the account may sign in and
 * prepare, but not submit (ApplicationService). The first user may then invite colleagues, who act for the same
 * credit code only.
 */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly evidence: EvidenceService,
    private readonly mail: AccountMailSender,
    private readonly revocations: RevocationPublisher,
  ) {}

  async register(dto: RegisterInstitutionDto): Promise<{ username: string; status: 'pending'; message: { zh: string; en: string } }> {
    const creditCode = dto.creditCode.toUpperCase();
    const email = dto.email.trim().toLowerCase();
    const username = dto.username ?? usernameFromEmail(email);
    refusePassword(dto.password, [username, email, dto.institutionName, dto.contactName, dto.mobile]);
    const passwordHash = await hashPassword(dto.password);
    await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`registration:${creditCode}`]);
      if (await m.findOne(InstitutionEntity, { where: { creditCode } })) {
        throw new DomainProblem(HttpStatus.CONFLICT, 'institution-registered', {
          zh: `统一社会信用代码 ${creditCode} 已注册；如需新增账号，请由本机构首位用户邀请`,
          en: `${creditCode} is registered already: its first user can invite colleagues`,
        });
      }
      // An institution with accounts (made before registration existed, or seeded) is joined by invitation only.
      const accounts = (await m.query(`SELECT 1 FROM auth.user_account WHERE institution = $1 LIMIT 1`, [creditCode])) as unknown[];
      if (accounts.length) {
        throw new DomainProblem(HttpStatus.CONFLICT, 'institution-registered', {
          zh: `统一社会信用代码 ${creditCode} 已有账号；如需新增账号，请由本机构首位用户邀请，或联系市中小企业服务中心`,
          en: `${creditCode} has accounts already: its first user can invite colleagues, or contact the SME Service Center`,
        });
      }
      await refuseTakenLogin(m, username, email);
      await m.insert(InstitutionEntity, { creditCode, name: dto.institutionName.trim(), contactName: dto.contactName.trim(), mobile: dto.mobile, email, status: 'pending' });
      const u = await m.save(
        UserAccountEntity,
        m.create(UserAccountEntity, { username, passwordHash, role: 'applicant', displayName: dto.institutionName.trim(), institution: creditCode, email }),
      );
      await auditAccount(m, 'public', 'registered', u, { institution: creditCode, institutionName: dto.institutionName.trim() });
      const { token } = await issueOneTimeToken(m, u.id, 'confirm-email');
      const link = `${this.config.publicUrl}/account/confirm#token=${token}`;
      await queueAccountMail(m, {
        to: email,
        subject: '【厦门市中小企业公共服务示范平台】请确认注册邮箱 / Confirm your email',
        body: [
          `${dto.contactName}，您好：`,
          '',
          `${dto.institutionName}（${creditCode}）已注册，用户名 ${username}。请在 72 小时内打开以下链接确认邮箱：`,
          link,
          '确认后即可登录并上传营业执照；服务中心核验通过后即可提交申报。',
          '',
          `${dto.institutionName} (${creditCode}) is registered, username ${username}. Confirm this email address within 72 hours:`,
          link,
          'Then sign in and upload the business licence; once the center verified it, you can submit applications.',
        ].join('\n'),
      });
    });
    this.mail.nudge();
    return {
      username,
      status: 'pending',
      message: { zh: '注册成功：请查收邮件确认邮箱，然后登录上传营业执照，待服务中心核验', en: 'registered: confirm your email with the link we sent, then sign in and upload the business licence for the center to verify' },
    };
  }

  async mine(caller: Principal): Promise<RegistrationView | null> {
    const i = await this.dataSource.getRepository(InstitutionEntity).findOne({ where: { creditCode: caller.institution! } });
    return i ? toView(i) : null;
  }

  /** The institution uploads its business licence; a refused registration goes back to staff with it. */
  async uploadLicence(caller: Principal, file: UploadedEvidence | undefined): Promise<RegistrationView> {
    const existing = await this.dataSource.getRepository(InstitutionEntity).findOne({ where: { creditCode: caller.institution! } });
    if (!existing) throw notFound(caller.institution!);
    if (existing.status === 'verified') {
      throw new DomainProblem(HttpStatus.CONFLICT, 'institution-verified', { zh: '本机构已通过核验，无需再上传营业执照', en: 'your institution is verified already: no licence needed' });
    }
    const doc = await this.evidence.keepDocument(file, `licence:${caller.institution}`);
    return this.dataSource.transaction(async (m) => {
      const i = await m.findOneOrFail(InstitutionEntity, { where: { creditCode: caller.institution! }, lock: { mode: 'pessimistic_write' } });
      if (i.status === 'verified') throw new DomainProblem(HttpStatus.CONFLICT, 'institution-verified', { zh: '本机构已通过核验', en: 'your institution is verified already' });
      await m.update(InstitutionEntity, { creditCode: i.creditCode }, { licenceSha256: doc.sha256, licenceFileName: doc.filename, licenceMediaType: doc.contentType, status: 'pending', reason: null, decidedAt: null, decidedBy: null });
      await auditAccount(m, `user:${caller.username}`, 'licence_uploaded', { id: caller.sub, username: caller.username }, { institution: i.creditCode, sha256: doc.sha256, fileName: doc.filename });
      return toView({ ...i, licenceSha256: doc.sha256, licenceFileName: doc.filename, licenceMediaType: doc.contentType, status: 'pending', reason: null, decidedAt: null, decidedBy: null });
    });
  }

  async list(status?: InstitutionEntity['status']): Promise<RegistrationView[]> {
    const rows = await this.dataSource.getRepository(InstitutionEntity).find({ where: status ? { status } : {}, order: { registeredAt: 'ASC' }, take: 500 });
    return rows.map(toView);
  }

  async licence(creditCode: string): Promise<{ bytes: Buffer; fileName: string; mediaType: string }> {
    const i = await this.dataSource.getRepository(InstitutionEntity).findOne({ where: { creditCode: creditCode.toUpperCase() } });
    if (!i?.licenceSha256) throw new DomainProblem(HttpStatus.NOT_FOUND, 'licence-missing', { zh: '该机构尚未上传营业执照', en: 'this institution has not uploaded its licence' });
    const bytes = await this.evidence.readDocument(i.licenceSha256);
    if (!bytes) throw new DomainProblem(HttpStatus.CONFLICT, 'evidence-damaged', { zh: '文件缺失或已被篡改，请联系运维人员', en: 'the stored file is missing or altered; call an operator' });
    return { bytes, fileName: i.licenceFileName ?? 'licence', mediaType: i.licenceMediaType ?? 'application/octet-stream' };
  }

  /** Center staff verify a registration (the licence checked) or refuse it with a reason; the institution is emailed. */
  async decide(creditCode: string, dto: RegistrationDecisionDto, by: Principal): Promise<RegistrationView> {
    const changed: Revocation[] = [];
    const view = await this.dataSource.transaction(async (m) => {
      const i = await m.findOne(InstitutionEntity, { where: { creditCode: creditCode.toUpperCase() }, lock: { mode: 'pessimistic_write' } });
      if (!i) throw notFound(creditCode);
      if (i.status !== 'pending') {
        throw new DomainProblem(HttpStatus.CONFLICT, 'registration-decided', { zh: `该注册已${i.status === 'verified' ? '核验通过' : '不予通过'}`, en: `this registration was ${i.status} already` });
      }
      if (dto.decision === 'verify' && !i.licenceSha256) {
        throw new DomainProblem(HttpStatus.CONFLICT, 'licence-missing', { zh: '该机构尚未上传营业执照，不能核验通过', en: 'the institution has not uploaded its licence: it cannot be verified yet' });
      }
      const status = dto.decision === 'verify' ? 'verified' : 'refused';
      const decided = { status, decidedBy: by.sub, decidedAt: new Date(), reason: dto.reason ?? null } as const;
      await m.update(InstitutionEntity, { creditCode: i.creditCode }, decided);
      await appendAudit(m, { actor: `user:${by.username}`, action: `institution.${status}`, entityType: 'institution', entityId: i.creditCode, data: { reason: dto.reason ?? null } });
      // The institution's tokens said "pending": from their next request they sign in again and get what is theirs now.
      const members = (await m.query(`SELECT id FROM auth.user_account WHERE institution = $1`, [i.creditCode])) as Array<{ id: string }>;
      for (const u of members) changed.push({ kind: 'account', userId: u.id, version: await raiseTokenVersion(m, u.id) });
      await queueAccountMail(m, {
        to: i.email,
        subject: dto.decision === 'verify' ? '【厦门市中小企业公共服务示范平台】机构注册已核验 / Registration verified' : '【厦门市中小企业公共服务示范平台】机构注册未通过核验 / Registration refused',
        body:
          dto.decision === 'verify'
            ? [`${i.contactName}，您好：`, '', `${i.name}（${i.creditCode}）的注册已通过服务中心核验，请重新登录，即可提交申报。`, `${this.config.publicUrl}/`, '', `The registration of ${i.name} (${i.creditCode}) is verified: you can now submit applications.`].join('\n')
            : [`${i.contactName}，您好：`, '', `${i.name}（${i.creditCode}）的注册未通过核验，理由：${dto.reason}。`, '您可登录后重新上传营业执照，再次提交核验。', '', `The registration of ${i.name} (${i.creditCode}) was refused: ${dto.reason}. Sign in and upload the licence again to ask anew.`].join('\n'),
      });
      return toView({ ...i, ...decided });
    });
    await this.revocations.publish(...changed);
    this.mail.nudge();
    return view;
  }

  /** The institution's first user invites a colleague, who acts for the same credit code only. */
  async inviteColleague(dto: InviteColleagueDto, caller: Principal): Promise<AccountView> {
    const account = await this.dataSource.transaction(async (m) => {
      const me = await m.findOne(UserAccountEntity, { where: { id: caller.sub } });
      const institution = await m.findOne(InstitutionEntity, { where: { creditCode: caller.institution! } });
      if (!me || me.invitedBy !== null || me.institution !== caller.institution) {
        throw new DomainProblem(HttpStatus.FORBIDDEN, 'not-first-user', { zh: '只有本机构的首位用户可以邀请同事', en: 'only your institution\'s first user may invite colleagues' });
      }
      if (institution?.status !== 'verified') {
        throw new DomainProblem(HttpStatus.FORBIDDEN, 'institution-pending', { zh: '本机构通过核验后方可邀请同事', en: 'you can invite colleagues once your institution is verified' });
      }
      return createInvitedAccount(m, {
        email: dto.email,
        username: dto.username ?? usernameFromEmail(dto.email),
        role: 'applicant',
        displayName: dto.displayName,
        institution: caller.institution,
        expertId: null,
        invitedBy: caller.sub,
        actor: `user:${caller.username}`,
        publicUrl: this.config.publicUrl,
        inviterName: `${institution.name}（${caller.displayName}）`,
      });
    });
    this.mail.nudge();
    return toAccountView(account);
  }

  /** The institution's accounts, for its first user (colleagues see only that they exist, not their state). */
  async colleagues(caller: Principal): Promise<AccountView[]> {
    const me = await this.dataSource.getRepository(UserAccountEntity).findOne({ where: { id: caller.sub } });
    if (!me || me.invitedBy !== null) {
      throw new DomainProblem(HttpStatus.FORBIDDEN, 'not-first-user', { zh: '只有本机构的首位用户可以管理同事账号', en: 'only your institution\'s first user manages colleagues' });
    }
    const rows = await this.dataSource.getRepository(UserAccountEntity).find({ where: { institution: caller.institution! }, order: { createdAt: 'ASC' } });
    return rows.map(toAccountView);
  }
}
