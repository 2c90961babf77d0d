import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  type ApplicationStatus,
  closeApplicationUpdate,
  type ApplicationSubmittedPayload,
  EventSubjects,
  recordSiteVisitUpdate,
  supplementMaterialsUpdate,
  WorkflowIds,
  WorkflowTypes,
} from '@sme/contracts';
import { forbidden, type Principal } from '@sme/auth';
import { appendToOutbox } from '@sme/messaging';
import { appendAudit, ApplicationDraftEntity, ApplicationEntity, CallEntity, EvidenceFileEntity } from '@sme/persistence';
import { applicationStatusOf, DomainProblem, TemporalClientHolder, ValidationProblem } from '@sme/runtime';
import { WorkflowNotFoundError } from '@temporalio/client';
import { type EligibilityFacts, materialsPresence, type MaterialsPresence, shanghaiDate } from '@sme/policy';
import { DataSource, In, IsNull, type Repository } from 'typeorm';
import { listedWorkflowIds, publishedStages } from '../lifecycle/visibility';
import { checkedFacts } from '../rules/checked-facts';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { applicationQuery } from './application-search';
import type { CreateApplicationDto } from './create-application.dto';
import type { ApplicationFilterQuery, ListApplicationsQuery } from './list-applications.query';
import type { SiteVisitDto } from './site-visit.dto';
import type { SupplementMaterialsDto } from './supplement-materials.dto';

export interface ApplicationView {
  id: string;
  creditCode: string;
  institutionName: string;
  callYear: number;
  /** Which Art. 10 materials its uploaded files make present, by the rule the completeness check applies. */
  materials: MaterialsPresence;
  submittedAt: string;
  workflowId: string;
  /** `workflow`: answered by the workflow's status query; `pending`: not started yet; `unavailable`: no answer. */
  statusSource: 'workflow' | 'pending' | 'unavailable';
  status: ApplicationStatus | null;
}

/**
 * A row of the list: the application and the stage its workflow last published (the `Stage` search attribute,
 * read from Temporal visibility in one call for the whole page; null while visibility has not caught up).
 */
export type ApplicationSummary = Omit<ApplicationView, 'status' | 'statusSource'> & { stage: string | null };

const STATUS_QUERY_TIMEOUT_MS = 3000;
const DEFAULT_PAGE_SIZE = 20;
/** The most rows one Excel export holds. */
export const MAX_EXPORT_ROWS = 10_000;
/** The most application workflows a stage filter takes from visibility. */
const MAX_STAGE_MATCHES = 20_000;
/** Workflow ids in one visibility call. */
const STAGES_PER_CALL = 200;

const notFound = (id: string): DomainProblem =>
  new DomainProblem(HttpStatus.NOT_FOUND, 'application-not-found', {
    zh: `未找到申报 ${id}`,
    en: `application ${id} not found`,
  });

@Injectable()
export class ApplicationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>,
    private readonly temporal: TemporalClientHolder,
    private readonly relay: OutboxRelayService,
    private readonly workflows: WorkflowGateway,
  ) {}

  /**
   * An institution that registered itself submits only once center staff verified it (its licence checked). An
   * institution with no registration on record (the demo, accounts made before registration existed) is not held.
   */
  private async refuseUnverifiedInstitution(creditCode: string): Promise<void> {
    const rows: Array<{ status: string; reason: string | null }> = await this.dataSource.query(`SELECT status, reason FROM auth.institution WHERE credit_code = $1`, [creditCode]);
    const status = rows[0]?.status;
    if (status === 'pending') {
      throw new DomainProblem(HttpStatus.FORBIDDEN, 'institution-pending', {
        zh: '本机构的注册尚待服务中心核验（请上传营业执照），核验通过后方可提交申报',
        en: 'your institution\'s registration awaits verification by the center (upload the business licence); you can submit once it is verified',
      });
    }
    if (status === 'refused') {
      throw new DomainProblem(HttpStatus.FORBIDDEN, 'institution-refused', {
        zh: `本机构的注册未通过核验：${rows[0]!.reason ?? ''}，请联系服务中心`,
        en: `your institution's registration was refused: ${rows[0]!.reason ?? ''}; contact the center`,
      });
    }
  }

  /** Stores the application and its `application.submitted` event in one transaction. */
  async submit(dto: CreateApplicationDto, caller: Principal, fromDraft?: string): Promise<ApplicationView> {
    if (dto.creditCode !== caller.institution) {
      throw forbidden({
        zh: `只能以本机构（${caller.institution}）的名义申报`,
        en: `you may apply only for your own institution (${caller.institution})`,
      });
    }
    // The facts are checked as the public self-check checks them, as of the submission date (never the client's).
    const today = shanghaiDate(new Date());
    const { applicationDate: _date, ...facts } = this.factsOf(dto, today);
    await this.refuseUnverifiedInstitution(dto.creditCode);
    // One live application per institution and call: the earlier ones that ended without reaching the panel
    // (incomplete, ineligible) do not count. Their workflows are asked before the transaction (no lock is held across
    // a network call); the transaction then refuses any that arrived meanwhile.
    const earlier = await this.applications.find({ where: { creditCode: dto.creditCode, callYear: dto.callYear }, order: { createdAt: 'ASC' } });
    const ended = new Set<string>();
    for (const e of earlier) {
      if (await this.endedWithoutPanel(e.id)) ended.add(e.id);
      else throw this.alreadyApplied(e, dto.callYear);
    }
    const saved = await this.dataSource.transaction(async (m) => {
      const call = await m.findOne(CallEntity, { where: { year: dto.callYear } });
      if (!call) {
        throw new DomainProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'no-call',
          { zh: `${dto.callYear} 年度未发布申报通知`, en: `there is no call for applications in ${dto.callYear}` },
          '第十条',
        );
      }
      // The call's dates (第十条: 年度申报通知), with any extension staff made, decide when one may apply.
      if (today < call.opensOn || today > call.closesOn) {
        throw new DomainProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          today < call.opensOn ? 'call-not-open' : 'call-closed',
          today < call.opensOn
            ? { zh: `${dto.callYear} 年度申报自 ${call.opensOn} 开始，尚未开放`, en: `the ${dto.callYear} call opens on ${call.opensOn}` }
            : { zh: `${dto.callYear} 年度申报已于 ${call.closesOn} 截止`, en: `the ${dto.callYear} call closed on ${call.closesOn}` },
          '第十条',
          { opensOn: call.opensOn, closesOn: call.closesOn },
        );
      }
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`application:${dto.creditCode}:${dto.callYear}`]);
      const raced = (await m.find(ApplicationEntity, { where: { creditCode: dto.creditCode, callYear: dto.callYear } })).find((r) => !ended.has(r.id));
      if (raced) throw this.alreadyApplied(raced, dto.callYear);
      const row = await m.save(
        m.create(ApplicationEntity, {
          creditCode: dto.creditCode,
          institutionName: dto.institutionName,
          callYear: dto.callYear,
          eligibilityFacts: facts as unknown as Record<string, unknown>,
          contact: dto.contact ? { ...dto.contact } : null,
        }),
      );
      if (fromDraft) {
        // The draft turns read-only in the same transaction: a draft is submitted once, however often the button is pressed.
        const marked = await m.update(ApplicationDraftEntity, { id: fromDraft, submittedApplicationId: IsNull() }, { submittedApplicationId: row.id, updatedBy: caller.username });
        if (!marked.affected) {
          throw new DomainProblem(HttpStatus.CONFLICT, 'draft-submitted', { zh: '该草稿已提交', en: 'this draft was already submitted' });
        }
        // The draft's files are the application's materials (第十条), in the same transaction as the application.
        await m.update(EvidenceFileEntity, { draftId: fromDraft }, { applicationId: row.id });
      }
      // What its files made present when submitted; the views and the completeness check read the files live. Only a
      // draft brings files: a new application has none yet.
      const files = fromDraft ? await m.find(EvidenceFileEntity, { where: { applicationId: row.id }, order: { uploadedAt: 'ASC' } }) : [];
      const materials = materialsPresence(files);
      await appendToOutbox<ApplicationSubmittedPayload>(m, 'applications.outbox', EventSubjects.applicationSubmitted, {
        applicationId: row.id,
        creditCode: row.creditCode,
        institutionName: row.institutionName,
        callYear: row.callYear,
        policyVersion: call.policyVersion,
        ...(row.contact ? { contact: row.contact } : {}),
      });
      // The audit event last: it holds the chain's lock until the commit (appendAudit).
      await appendAudit(m, {
        actor: `user:${caller.username}`,
        action: 'application.submitted',
        entityType: 'application',
        entityId: row.id,
        data: { callYear: row.callYear, materials, fromDraft: fromDraft ?? null },
      });
      return { row, files };
    });
    this.relay.nudge();
    return this.view(saved.row, new Map([[saved.row.id, saved.files]]), null, 'pending');
  }

  /**
   * The application's facts of Arts. 6-8, validated by `checkedFacts` (the public self-check's validation) with the
   * submission date as `applicationDate`. They describe the applying institution: another credit code is refused.
   */
  private factsOf(dto: CreateApplicationDto, today: string): EligibilityFacts {
    const facts = checkedFacts({ ...dto.eligibilityFacts, applicationDate: today }, 'eligibilityFacts');
    if (facts.institution.creditCode !== dto.creditCode) {
      const field = 'eligibilityFacts.institution.creditCode';
      throw new ValidationProblem([
        {
          field,
          reason: {
            zh: `字段 ${field} 无效：申报条件事实须为申报机构本身（${dto.creditCode}）的事实，收到 ${facts.institution.creditCode}`,
            en: `the facts must be the applying institution's own (${dto.creditCode}), got ${facts.institution.creditCode}`,
          },
        },
      ], 422);
    }
    return facts;
  }

  /**
   * One page of the list and the number of rows of the whole view, searched, filtered and sorted in the database: the
   * rows only (no workflow queries), their stages from one visibility call. A list must stay fast whatever the workers do.
   */
  async list(query: ListApplicationsQuery, caller: Principal): Promise<{ rows: ApplicationSummary[]; total: number }> {
    const size = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { rows, total } = await this.search(query, caller, { offset: ((query.page ?? 1) - 1) * size, limit: size });
    return { rows: await this.summaries(rows), total };
  }

  /** The whole view for its Excel export, refused past `MAX_EXPORT_ROWS` (narrow it first). */
  async listForExport(query: ApplicationFilterQuery, caller: Principal): Promise<ApplicationSummary[]> {
    const { rows, total } = await this.search(query, caller, { offset: 0, limit: MAX_EXPORT_ROWS, refuseOver: true });
    if (total > MAX_EXPORT_ROWS) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'export-too-large', {
        zh: `当前筛选结果共 ${total} 份申报，超过一次导出的上限 ${MAX_EXPORT_ROWS} 份，请按年度、阶段或关键字缩小范围`,
        en: `the view has ${total} applications, more than the ${MAX_EXPORT_ROWS} one export holds: narrow it by year, stage or search`,
      }, undefined, { total, limit: MAX_EXPORT_ROWS });
    }
    return this.summaries(rows);
  }

  /**
   * The rows of a view and its total. Applicants see their own institution's only. A stage filter asks visibility for
   * the ids of the application workflows at that stage and filters the rows on them: visibility is eventually
   * consistent, so an application that has just moved may show at the stage it left for a moment.
   */
  private async search(
    query: ApplicationFilterQuery,
    caller: Principal,
    window: { offset: number; limit: number; refuseOver?: boolean },
  ): Promise<{ rows: ApplicationEntity[]; total: number }> {
    let creditCode = query.creditCode;
    if (caller.role === 'applicant') {
      if (creditCode !== undefined && creditCode !== caller.institution) {
        throw forbidden({ zh: '申报机构只能查看本机构的申报', en: 'an applicant sees only its own institution\'s applications' });
      }
      creditCode = caller.institution!;
    }
    let ids: string[] | undefined;
    if (query.stage) {
      const prefix = WorkflowIds.application('');
      const visibility = [`WorkflowType = '${WorkflowTypes.application}'`, `Stage = '${query.stage}'`, ...(query.callYear ? [`CallYear = ${query.callYear}`] : [])].join(' AND ');
      ids = (await listedWorkflowIds(this.temporal.client, visibility, MAX_STAGE_MATCHES)).filter((w) => w.startsWith(prefix)).map((w) => w.slice(prefix.length));
      if (!ids.length) return { rows: [], total: 0 };
    }
    const { conditions, orderBy } = applicationQuery({ ...query, creditCode, ids });
    const qb = this.applications.createQueryBuilder('a');
    for (const c of conditions) qb.andWhere(c.sql, c.params);
    const total = await qb.getCount();
    if (window.refuseOver && total > window.limit) return { rows: [], total };
    orderBy.forEach(([column, order], i) => (i ? qb.addOrderBy(column, order) : qb.orderBy(column, order)));
    const rows = total > window.offset ? await qb.offset(window.offset).limit(window.limit).getMany() : [];
    return { rows, total };
  }

  /** The rows as the list shows them: with their files' materials and the stage each workflow last published. */
  private async summaries(rows: ApplicationEntity[]): Promise<ApplicationSummary[]> {
    const stages = new Map<string, string>();
    // Visibility is asked by id, a few hundred at a time (one call for a page, a few for an export).
    for (let i = 0; i < rows.length; i += STAGES_PER_CALL) {
      const ids = rows.slice(i, i + STAGES_PER_CALL).map((r) => `'${WorkflowIds.application(r.id)}'`);
      for (const [k, v] of await publishedStages(this.temporal.client, `WorkflowId IN (${ids.join(', ')})`, (id) => id, ids.length * 2)) stages.set(k, v);
    }
    const files = await this.filesOf(rows.map((r) => r.id));
    return rows.map((r) => {
      const { status: _status, statusSource: _source, ...summary } = this.view(r, files, null, 'pending');
      return { ...summary, stage: stages.get(WorkflowIds.application(r.id)) ?? null };
    });
  }

  async get(id: string, caller: Principal): Promise<ApplicationView> {
    const row = await this.visible(id, caller);
    const files = await this.filesOf([row.id]);
    try {
      // A running workflow's query needs a live workflow worker; without one, answer quickly that the status is
      // unavailable. A finished one answers with what it returned.
      const { status } = await this.temporal.client.withDeadline(Date.now() + STATUS_QUERY_TIMEOUT_MS, () => applicationStatusOf(this.temporal.client, id));
      return this.view(row, files, status, 'workflow', caller);
    } catch (err) {
      return this.view(row, files, null, err instanceof WorkflowNotFoundError ? 'pending' : 'unavailable');
    }
  }

  /**
   * The applicant says the requested files are uploaded: the workflow checks the files again (第十条) and answers
   * with its status. The files present at that moment are in the audit trail.
   */
  async supplement(id: string, _dto: SupplementMaterialsDto, caller: Principal): Promise<ApplicationView> {
    const row = await this.visible(id, caller);
    // The files the check is asked for: in the audit event, and in the answer.
    const files = await this.filesOf([row.id]);
    const status = await this.workflows.update(
      WorkflowIds.application(id),
      supplementMaterialsUpdate,
      [{}],
      { slug: 'materials-not-requested', what: { zh: '当前无需补充材料', en: 'no materials are requested now' } },
      {
        actor: `user:${caller.username}`,
        action: 'application.materials_supplied',
        entityType: 'application',
        entityId: row.id,
        data: { files: files.get(row.id)?.map((f) => ({ id: f.id, kind: f.kind, sha256: f.sha256 })) ?? [] },
      },
    );
    return this.view(row, files, status, 'workflow', caller);
  }

  /** The evidence files of these applications, by application. */
  private async filesOf(ids: string[]): Promise<Map<string, EvidenceFileEntity[]>> {
    const out = new Map<string, EvidenceFileEntity[]>();
    if (!ids.length) return out;
    for (const f of await this.dataSource.getRepository(EvidenceFileEntity).find({ where: { applicationId: In(ids) }, order: { uploadedAt: 'ASC' } })) {
      out.set(f.applicationId!, [...(out.get(f.applicationId!) ?? []), f]);
    }
    return out;
  }

  /** Staff record the site visit (第十一条); the workflow checks the checklist against its policy version and answers. */
  async recordSiteVisit(id: string, dto: SiteVisitDto, caller: Principal): Promise<ApplicationView> {
    const row = await this.visible(id, caller);
    const notBoolean = [
      ...Object.entries(dto.checklist).map(([k, v]) => [`checklist.${k}`, v] as const),
      ...Object.entries(dto.findings ?? {}).map(([k, v]) => [`findings.${k}`, v] as const),
    ].filter(([, v]) => typeof v !== 'boolean');
    if (notBoolean.length) {
      throw new ValidationProblem(notBoolean.map(([field]) => ({ field, reason: { zh: `字段 ${field} 无效：须为 true 或 false`, en: 'must be true or false' } })));
    }
    const report = { checklist: dto.checklist, findings: dto.findings ?? {}, surveySatisfaction: dto.surveySatisfaction, opinion: dto.opinion, expertIds: dto.expertIds };
    const status = await this.workflows.update(
      WorkflowIds.application(id),
      recordSiteVisitUpdate,
      [report],
      { slug: 'site-visit-refused', what: { zh: '流程拒绝现场考察结果', en: 'the workflow refused the site-visit report' } },
      { actor: `user:${caller.username}`, action: 'application.site_visit_recorded', entityType: 'application', entityId: id, data: report },
    );
    return this.view(row, await this.filesOf([row.id]), status, 'workflow', caller);
  }

  /**
   * Staff close an application whose review cannot be completed (第十二条: a panel that cannot be filled), with a
   * reason: the workflow ends it, tells the applicant and the call; recorded once through the decision path.
   */
  async close(id: string, reason: string, caller: Principal): Promise<ApplicationView> {
    const row = await this.visible(id, caller);
    const status = await this.workflows.update(
      WorkflowIds.application(id),
      closeApplicationUpdate,
      [{ by: caller.username, reason }],
      { slug: 'closure-refused', what: { zh: '不能终止该申报', en: 'the application cannot be closed' } },
      { actor: `user:${caller.username}`, action: 'application.closed_by_staff', entityType: 'application', entityId: id, data: { reason } },
    );
    return this.view(row, await this.filesOf([row.id]), status, 'workflow', caller);
  }

  private alreadyApplied(first: ApplicationEntity, callYear: number): DomainProblem {
    return new DomainProblem(
      HttpStatus.CONFLICT,
      'application-exists',
      { zh: `本机构已提交 ${callYear} 年度申报（编号 ${first.id}），同一年度只能有一份有效申报`, en: `your institution already applied in the ${callYear} call (${first.id}): one application per call` },
      '第十条',
      { applicationId: first.id },
    );
  }

  /** An application whose workflow ended before the panel (incomplete or ineligible) leaves room for a new one. */
  private async endedWithoutPanel(id: string): Promise<boolean> {
    try {
      const { status } = await this.temporal.client.withDeadline(Date.now() + STATUS_QUERY_TIMEOUT_MS, () => applicationStatusOf(this.temporal.client, id));
      return status.stage === 'closed_incomplete' || status.stage === 'ineligible';
    } catch {
      return false; // not started yet, or no answer: counted as live, never as room for a second one
    }
  }

  /** The row, if the caller may see it: another institution's application is "not found", never "forbidden". */
  private async visible(id: string, caller: Principal): Promise<ApplicationEntity> {
    const row = await this.applications.findOne({ where: { id } });
    if (!row || (caller.role === 'applicant' && row.creditCode !== caller.institution)) throw notFound(id);
    return row;
  }

  private view(row: ApplicationEntity, files: Map<string, EvidenceFileEntity[]>, status: ApplicationStatus | null, source: ApplicationView['statusSource'], caller?: Principal): ApplicationView {
    if (status && caller?.role === 'applicant') status = applicantView(status);
    return {
      id: row.id,
      creditCode: row.creditCode,
      institutionName: row.institutionName,
      callYear: row.callYear,
      materials: materialsPresence(files.get(row.id) ?? []),
      submittedAt: row.createdAt.toISOString(),
      workflowId: WorkflowIds.application(row.id),
      statusSource: source,
      status,
    };
  }
}

/**
 * What an applicant may see of its application's status: the stage, deadlines, what it must do, and the decisions
 * with their articles; never who the experts are, who has scored, or when their scores are due (第十二条: the panel
 * is the center's, and an applicant who knew its experts could approach them).
 */
export function applicantView(status: ApplicationStatus): ApplicationStatus {
  const { experts: _experts, scoresDue: _due, dispersed: _dispersed, siteVisit, ...rest } = status;
  return { ...rest, ...(siteVisit === undefined ? {} : { siteVisit: siteVisit && { surveySatisfaction: siteVisit.surveySatisfaction, checklistMet: siteVisit.checklistMet, checklistTotal: siteVisit.checklistTotal, expertIds: [] } }) };
}
