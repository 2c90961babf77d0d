import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@sme/auth';
import { ApplicationEntity, type AuditEvent, auditEvents, CallEntity, EvidenceFileEntity, UserAccountEntity } from '@sme/persistence';
import {
  checkEligibility,
  type EligibilityFacts,
  type MaterialKey,
  percentShown,
  POLICIES,
  type PolicyVersion,
  REQUIRED_MATERIALS,
  shanghaiDate,
} from '@sme/policy';
import { DomainProblem, type RuntimeConfig } from '@sme/runtime';
import { type DataSource, In } from 'typeorm';
import { RUNTIME_CONFIG } from '../../tokens';
import { type ApplicationView, ApplicationService } from '../application.service';
import { type PdfFont, PdfFontSource } from './pdf-font';
import {
  decisionLine,
  eligibilityText,
  ISSUER,
  nextStep,
  type ReceiptContent,
  receiptDigest,
  type ReceiptFields,
  stageText,
  type SummaryContent,
  whereToFollow,
} from './receipt.content';
import { renderReceipt, renderSummary } from './receipt.pdf';

/** How many of an application's audit events the summary lists (far more than one application ever has). */
const DECISIONS_MAX = 1000;

const MATERIAL_NAMES = Object.fromEntries(REQUIRED_MATERIALS.map((m) => [m.key, m.name.zh])) as Record<MaterialKey, string>;

/**
 * The printed 受理回执 (第十条) and the application summary for the file. Both read what the system holds: the
 * application, its evidence files, the workflow's status, and its audit trail; the caller sees them as it sees the
 * application (another institution's is "not found").
 */
@Injectable()
export class ReceiptService {
  private readonly logger = new Logger(ReceiptService.name);
  private readonly font: PdfFontSource;
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig,
    private readonly applications: ApplicationService,
  ) {
    this.font = new PdfFontSource(config.pdfFont.path, config.pdfFont.face);
    this.publicUrl = config.publicUrl;
  }

  async receipt(id: string, caller: Principal): Promise<Buffer> {
    const { view, row, files, policy } = await this.gather(id, caller);
    const font = this.pdfFont();
    return renderReceipt(
      { ...this.content(view, row, files, policy), next: [nextStep(view.status, MATERIAL_NAMES), whereToFollow(this.publicUrl)] },
      font,
    );
  }

  async summary(id: string, caller: Principal): Promise<Buffer> {
    const font = this.pdfFont();
    return renderSummary(await this.record(id, caller), font);
  }

  /**
   * Everything the application says, for the screen's record and the printed summary: the declared facts with the
   * clause-by-clause result, the contact, the materials and their files, the site visit with its checklist, the
   * panel's total, and every decision with who, when and which article. An applicant reads its own, with decisions
   * attributed to the center rather than to a person.
   */
  async record(id: string, caller: Principal): Promise<SummaryContent & { siteVisitChecklist: Array<{ id: string; text: { zh: string; en: string }; article: string; met: boolean }> | null }> {
    const { view, row, files, policy } = await this.gather(id, caller);
    const events = (await auditEvents(this.dataSource, { entityType: 'application', entityId: id, limit: DECISIONS_MAX })).reverse();
    const status = view.status;
    const facts = row.eligibilityFacts as Omit<EligibilityFacts, 'applicationDate'> | null;
    const visit = [...events].reverse().find((e) => e.action === 'application.site_visit_recorded');
    const checklist = visit?.data['checklist'];
    return {
      ...this.content(view, row, files, policy),
      next: [nextStep(status, MATERIAL_NAMES)],
      contact: [row.contact?.name, row.contact?.email, row.contact?.mobile].filter(Boolean).join('，') || null,
      eligibility: facts ? eligibilityText(checkEligibility({ ...facts, applicationDate: shanghaiDate(row.createdAt) }, policy), status?.eligibility?.findings) : null,
      siteVisit: status?.siteVisit
        ? [
            `现场核查表（附件2）：符合 ${status.siteVisit.checklistMet} 项，共 ${status.siteVisit.checklistTotal} 项。`,
            `服务对象测评满意度：${percentShown(status.siteVisit.surveySatisfaction)}%。`,
            ...(typeof visit?.data['opinion'] === 'string' ? [`考察意见：${visit.data['opinion']}`] : []),
          ]
        : null,
      // The Annex 2 items of the policy version, each as the visit found it.
      siteVisitChecklist:
        checklist && typeof checklist === 'object'
          ? policy.siteChecklist.items.map((i) => ({ id: i.id, text: i.text, article: i.article, met: (checklist as Record<string, unknown>)[i.id] === true }))
          : null,
      score: status?.score ?? null,
      decisions: await this.decisions(events, caller.role === 'applicant'),
    };
  }

  private pdfFont(): PdfFont {
    const font = this.font.get();
    if (!font.ok) {
      this.logger.warn(font.reason.en);
      throw new DomainProblem(HttpStatus.SERVICE_UNAVAILABLE, 'pdf-font-missing', font.reason);
    }
    return font.font;
  }

  /** The application as the caller may see it (404 otherwise), with its files and the policy version it is judged by. */
  private async gather(id: string, caller: Principal): Promise<{ view: ApplicationView; row: ApplicationEntity; files: EvidenceFileEntity[]; policy: PolicyVersion }> {
    const view = await this.applications.get(id, caller);
    const row = await this.dataSource.getRepository(ApplicationEntity).findOneByOrFail({ id });
    const files = await this.dataSource.getRepository(EvidenceFileEntity).find({ where: { applicationId: id }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const call = await this.dataSource.getRepository(CallEntity).findOneBy({ year: row.callYear });
    // The version the eligibility check ran under, else the call's, else the one in force when it was submitted.
    const policy = POLICIES.find(view.status?.eligibility?.policyVersion ?? call?.policyVersion ?? '') ?? POLICIES.inForceOn(shanghaiDate(row.createdAt));
    return { view, row, files, policy };
  }

  private content(view: ApplicationView, row: ApplicationEntity, files: EvidenceFileEntity[], policy: PolicyVersion): Omit<ReceiptContent, 'next'> {
    const fields: ReceiptFields = {
      applicationId: row.id,
      institutionName: row.institutionName,
      creditCode: row.creditCode,
      callYear: row.callYear,
      submittedAt: row.createdAt.toISOString(),
      materials: REQUIRED_MATERIALS.map((m) => ({
        key: m.key,
        files: files.filter((f) => f.kind === m.key).map((f) => ({ filename: f.filename, sizeBytes: Number(f.sizeBytes), sha256: f.sha256 })),
      })),
    };
    return {
      fields,
      materialNames: MATERIAL_NAMES,
      stage: stageText(view.status, view.statusSource),
      basis: `依据《${policy.title.zh}》（${policy.document}）第十条`,
      issuer: ISSUER,
      printedAt: new Date(),
      digest: receiptDigest(fields),
    };
  }

  /** The audit trail's events as decisions: who (name and account), when, what, and the article. */
  private async decisions(events: AuditEvent[], asInstitution = false): Promise<SummaryContent['decisions']> {
    const usernames = [...new Set(events.map((e) => e.actor).filter((a) => a.startsWith('user:')).map((a) => a.slice('user:'.length)))];
    const people = usernames.length ? await this.dataSource.getRepository(UserAccountEntity).find({ where: { username: In(usernames) }, select: { username: true, displayName: true } }) : [];
    const names = new Map(people.map((p) => [p.username, p.displayName]));
    return events.map((e) => {
      const username = e.actor.startsWith('user:') ? e.actor.slice('user:'.length) : null;
      const who = username === null ? '系统' : asInstitution ? ISSUER : names.has(username) ? `${names.get(username)}（${username}）` : username;
      return decisionLine(e, who);
    });
  }
}
