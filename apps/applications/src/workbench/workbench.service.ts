import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  annualEvaluationStatusQuery,
  type ApplicationStatus,
  byDeadline,
  platformStatusQuery,
  type PlatformListItem,
  type PlatformStage,
  type PlatformStatus,
  SearchAttributeKeys,
  type WorkItem,
  type Workbench,
  WORKBENCH_ROWS,
  WorkflowIds,
  WorkflowTypes,
  type WorkRow,
} from '@sme/contracts';
import type { Principal } from '@sme/auth';
import { endOfDayShanghai, shanghaiDate } from '@sme/policy';
import { applicationStatusOf, TemporalClientHolder } from '@sme/runtime';
import { DataSource } from 'typeorm';
import { NoticeService } from '../notices/notice.service';
import { OperationsService } from '../operations/operations.service';
import { PlatformService } from '../platforms/platform.service';

const CALL_TIMEOUT_MS = 3000;

/** A source several items read: its failure is theirs (each turns unavailable), never an unhandled rejection. */
function shared<T>(source: Promise<T>): Promise<T> {
  source.catch(() => undefined);
  return source;
}
/** Workflows read from visibility per stage, at most (the count beyond it is not exact: issue 16 measures scale). */
const STAGE_LIST_LIMIT = 5000;

type Text = { zh: string; en: string };
interface Kind {
  key: string;
  title: Text;
  action: Text;
  link: string;
  article: string | null;
}

/** Application stages that wait for someone, with who does what about them (DESIGN.md's role table). */
const STAFF_STAGES: Array<Kind & { stage: string }> = [
  {
    key: 'siteVisits', stage: 'awaiting_site_visit', link: '/pipeline', article: '第十一条',
    title: { zh: '待录入实地考察', en: 'Site visits to record' },
    action: { zh: '服务中心组织实地考察后，在申报看板录入核查表和结论', en: 'after the site visit, staff record the checklist and result on the pipeline' },
  },
  {
    key: 'panels', stage: 'awaiting_experts', link: '/pipeline', article: '第十二条',
    title: { zh: '待指派评审专家', en: 'Panels to assign' },
    action: { zh: '服务中心在申报看板为申报指派评审专家', en: 'staff assign the expert panel on the pipeline' },
  },
  {
    key: 'scoring', stage: 'scoring', link: '/pipeline', article: '第十二条',
    title: { zh: '专家评审中', en: 'Panels scoring' },
    action: { zh: '跟进专家申报利益冲突和评分，必要时更换回避的专家', en: 'follow the experts\' declarations and scores; replace one who stands aside' },
  },
  {
    key: 'materials', stage: 'awaiting_materials', link: '/pipeline', article: '第十条',
    title: { zh: '等待申报机构补充材料', en: 'Waiting for materials' },
    action: { zh: '由申报机构在期限内补充；逾期未补的申报自动终止', en: 'the institution supplies them by the deadline; an application still missing them then ends' },
  },
];

const STAFF_PLATFORMS: Array<Kind & { stage: PlatformStage }> = [
  {
    key: 'lateReports', stage: 'report_late', link: '/platforms', article: '第十五条',
    title: { zh: '年度报告逾期', en: 'Late annual reports' },
    action: { zh: '服务中心催报、免报或建议撤销（撤销由市工信局决定）', en: 'staff chase, excuse, or propose revocation (the bureau decides)' },
  },
  {
    key: 'rectifications', stage: 'rectifying', link: '/platforms', article: '第十九条',
    title: { zh: '整改中', en: 'Rectifications' },
    action: { zh: '平台报送整改报告后，服务中心确认整改或提出撤销建议', en: 'once the platform files its report, staff close the case or propose revocation' },
  },
];

const PROPOSALS: Kind & { stage: PlatformStage } = {
  key: 'proposals', stage: 'revocation_proposed', link: '/platforms', article: '第十七条',
  title: { zh: '待决定的撤销建议', en: 'Proposals to revoke' },
  action: { zh: '市工信局决定采纳或不予采纳', en: 'the bureau accepts or rejects each proposal' },
};

/**
 * What waits for the signed-in person (issue: the workbench): counted from the workflows' published stages and the
 * records, each with its soonest rows and deadline. A source that does not answer makes its item `unavailable`
 * (never a silent zero), and never fails the whole workbench.
 */
@Injectable()
export class WorkbenchService {
  private readonly logger = new Logger(WorkbenchService.name);
  /** The workbenches being made, by who sees them (`of`). */
  private readonly making = new Map<string, Promise<Workbench>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientHolder,
    private readonly platforms: PlatformService,
    private readonly notices: NoticeService,
    private readonly operations: OperationsService,
  ) {}

  /**
   * The workbench of `caller`. Those who see the same one (all staff, the bureau, an institution's accounts) share an
   * answer being made: Temporal answers a namespace about ten visibility calls a second, so twenty staff opening it
   * at nine ask visibility twice, not forty times.
   */
  of(caller: Principal, now?: Date): Promise<Workbench> {
    if (now) return this.make(caller, now);
    const key = caller.role === 'applicant' ? `applicant:${caller.institution ?? ''}` : caller.role;
    const made = this.making.get(key);
    if (made) return made;
    const making = this.make(caller, new Date()).finally(() => this.making.delete(key));
    this.making.set(key, making);
    return making;
  }

  private async make(caller: Principal, now: Date): Promise<Workbench> {
    const items = await (async (): Promise<Array<Promise<WorkItem>>> => {
      switch (caller.role) {
        case 'applicant':
          return caller.institution ? [this.drafts(caller.institution, now), this.ownMaterials(caller.institution, now), ...(await this.ownPlatform(caller.institution, now))] : [];
        case 'staff': {
          // One visibility call for the applications' four stages and one for the platforms' two.
          const applications = this.applicationsListed(STAFF_STAGES.map((k) => k.stage));
          const platforms = shared(this.platforms.atLiveStages(STAFF_PLATFORMS.map((k) => k.stage)));
          return [
            ...STAFF_STAGES.map((k) => this.applicationsAt(k, now, applications)),
            this.objections(now),
            ...STAFF_PLATFORMS.map((k) => this.platformsAt(k, now, platforms)),
            this.registrations(),
            this.evaluationAt('reviewing', now, {
              key: 'evaluationReview', link: '/evaluation', article: '第十九条',
              title: { zh: '年度考核结果待复核', en: 'Evaluation results to review' },
              action: { zh: '服务中心复核考核结果、组织专家评分后报送市工信局', en: 'staff review the results, have the experts score, and send them to the bureau' },
            }),
          ];
        }
        case 'bureau':
          return [
            this.callReview(now),
            this.evaluationAt('approval', now, {
              key: 'evaluationApproval', link: '/evaluation', article: '第十九条',
              title: { zh: '年度考核结果待审定', en: 'Evaluation results to approve' },
              action: { zh: '市工信局审定或退回考核结果', en: 'the bureau approves or returns the results' },
            }),
            this.platformsAt(PROPOSALS, now, shared(this.platforms.atLiveStages([PROPOSALS.stage]))),
          ];
        case 'operator':
          return [this.failing(now)];
        default:
          return [];
      }
    })();
    return { generatedAt: now.toISOString(), items: await Promise.all(items) };
  }

  /** Runs a source; one that fails gives an unavailable item of its kind. */
  private async item(kind: Kind, source: () => Promise<{ count: number; rows: WorkRow[] }>): Promise<WorkItem> {
    // Only what a work item shows: a kind may carry more (the stage it is read from), which is not the API's.
    const { key, title, action, link, article } = kind;
    const shown = { key, title, action, link, article };
    try {
      const { count, rows } = await source();
      return { ...shown, count, rows: [...rows].sort(byDeadline).slice(0, WORKBENCH_ROWS) };
    } catch (err) {
      this.logger.warn(`workbench ${kind.key}: ${String(err)}`);
      return { ...shown, count: 0, rows: [], unavailable: true };
    }
  }

  private row(id: string, label: string, deadline: string | null, link: string, now: Date): WorkRow {
    return { id, label, deadline, overdue: deadline !== null && Date.parse(deadline) < now.getTime(), link };
  }

  /**
   * The running application workflows at each of `stages` (of one institution, when given), from one visibility call:
   * at most `STAGE_LIST_LIMIT` in all (the count beyond it is not exact).
   */
  private applicationsListed(stages: string[], creditCode?: string): Promise<Map<string, string[]>> {
    return shared((async () => {
      const query = `WorkflowType = '${WorkflowTypes.application}' AND ExecutionStatus = 'Running' AND ${SearchAttributeKeys.Stage.name} IN (${stages.map((s) => `'${s}'`).join(', ')})` +
        (creditCode ? ` AND ${SearchAttributeKeys.CreditCode.name} = '${creditCode}'` : '');
      const client = this.temporal.client;
      const listed = new Map<string, string[]>(stages.map((s) => [s, []]));
      let n = 0;
      await client.withDeadline(Date.now() + CALL_TIMEOUT_MS, async () => {
        for await (const wf of client.workflow.list({ query, pageSize: 1000 })) {
          listed.get(wf.typedSearchAttributes.get(SearchAttributeKeys.Stage) ?? '')?.push(wf.workflowId.replace(/^application-/, ''));
          if (++n >= STAGE_LIST_LIMIT) break;
        }
      });
      return listed;
    })());
  }

  /**
   * Applications at a stage: the workflows visibility lists there, counted only when the application is on record
   * here (a workflow without its row is no one's work), the first rows with the deadline their workflows name.
   */
  private applicationsAt(kind: Kind & { stage: string }, now: Date, at: Promise<Map<string, string[]>>): Promise<WorkItem> {
    return this.item(kind, async () => {
      const listed = (await at).get(kind.stage) ?? [];
      const client = this.temporal.client;
      const onRecord = listed.length
        ? ((await this.dataSource.query('SELECT id, institution_name FROM applications.application WHERE id = ANY($1::uuid[]) ORDER BY created_at ASC', [listed])) as Array<{ id: string; institution_name: string }>)
        : [];
      const first = onRecord.slice(0, WORKBENCH_ROWS * 2);
      // The deadline is the workflow's own (its status query); a workflow that does not answer shows none.
      const statuses = await Promise.all(
        first.map((r) => client.withDeadline(Date.now() + CALL_TIMEOUT_MS, () => applicationStatusOf(client, r.id)).then((s) => s.status, () => null as ApplicationStatus | null)),
      );
      const rows = first.map((r, i) => this.row(r.id, r.institution_name, statuses[i]?.deadline ?? null, `${kind.link}?open=${r.id}`, now));
      return { count: onRecord.length, rows };
    });
  }

  /** Platforms at a live stage, out of `at` (the platforms at this and other stages, from one visibility call). */
  private platformsAt(kind: Kind & { stage: PlatformStage }, now: Date, at: Promise<PlatformListItem[]>): Promise<WorkItem> {
    return this.item(kind, async () => {
      const listed = (await at).filter((p) => p.stage === kind.stage);
      const statuses = await Promise.all(listed.slice(0, WORKBENCH_ROWS * 2).map((p) => this.platformStatus(p.creditCode)));
      const rows = listed.slice(0, WORKBENCH_ROWS * 2).map((p, i) => {
        const s = statuses[i];
        const deadline = kind.stage === 'rectifying' ? (s?.rectification?.deadline ? endOfDayShanghai(s.rectification.deadline) : null) : (s?.pendingReport?.dueAt ?? null);
        return this.row(p.creditCode, p.institutionName, deadline, `${kind.link}?open=${p.creditCode}`, now);
      });
      return { count: listed.length, rows };
    });
  }

  private platformStatus(creditCode: string): Promise<PlatformStatus | null> {
    const client = this.temporal.client;
    return client
      .withDeadline(Date.now() + CALL_TIMEOUT_MS, () => client.workflow.getHandle(WorkflowIds.platform(creditCode)).query(platformStatusQuery))
      .catch(() => null);
  }

  /** Objections on the notices now open, not yet resolved (第十四条): staff look into each and decide. */
  private objections(now: Date): Promise<WorkItem> {
    return this.item(
      {
        key: 'objections', link: '/notices', article: '第十四条',
        title: { zh: '待处理的异议', en: 'Objections to resolve' },
        action: { zh: '服务中心调查核实后作出处理（成立或不成立，并说明理由）', en: 'staff look into each and uphold or dismiss it with a reason' },
      },
      async () => {
        const rows: WorkRow[] = [];
        for (const notice of await this.notices.current()) {
          const full = await this.notices.full(notice.noticeId);
          for (const o of full.objections.filter((x) => x.resolution === null)) {
            const name = notice.candidates.find((c) => c.creditCode === o.creditCode)?.institutionName ?? o.creditCode;
            rows.push(this.row(o.id, name, notice.endsAt, '/notices', now));
          }
        }
        return { count: rows.length, rows };
      },
    );
  }

  private registrations(): Promise<WorkItem> {
    return this.item(
      {
        key: 'registrations', link: '/registrations', article: null,
        title: { zh: '待核验的机构注册', en: 'Registrations to verify' },
        action: { zh: '服务中心核对营业执照后通过或退回', en: 'staff check the business licence and verify or refuse' },
      },
      async () => {
        const rows = (await this.dataSource.query(
          `SELECT credit_code, name FROM auth.institution WHERE status = 'pending' ORDER BY registered_at ASC LIMIT $1`,
          [WORKBENCH_ROWS],
        )) as Array<{ credit_code: string; name: string }>;
        const [{ n }] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM auth.institution WHERE status = 'pending'`)) as Array<{ n: number }>;
        return { count: n, rows: rows.map((r) => ({ id: r.credit_code, label: r.name, deadline: null, overdue: false, link: '/registrations' })) };
      },
    );
  }

  /** Last year's evaluation (the one run this year), when it waits at `stage`. */
  private evaluationAt(stage: 'reviewing' | 'approval', now: Date, kind: Kind): Promise<WorkItem> {
    return this.item(kind, async () => {
      const year = Number(shanghaiDate(now).slice(0, 4)) - 1;
      const client = this.temporal.client;
      const status = await client
        .withDeadline(Date.now() + CALL_TIMEOUT_MS, () => client.workflow.getHandle(WorkflowIds.annualEvaluation(year)).query(annualEvaluationStatusQuery))
        .catch(() => null);
      if (!status || status.stage !== stage) return { count: 0, rows: [] };
      return { count: 1, rows: [this.row(String(year), `${year} 年度考核（${status.platforms.length} 个平台）`, null, `/evaluation?year=${year}`, now)] };
    });
  }

  /**
   * The candidate lists waiting for the bureau's internal review (第十三条): every call workflow visibility lists in
   * that stage, whatever its year (a call late in its year may be reviewed in the next).
   */
  private callReview(now: Date): Promise<WorkItem> {
    return this.item(
      {
        key: 'callReview', link: '/calls', article: '第十三条',
        title: { zh: '待内部审核的拟认定名单', en: 'Candidate lists to review' },
        action: { zh: '市工信局审核通过、退回或不予通过', en: 'the bureau approves, sends back or rejects the list' },
      },
      async () => {
        const query = `WorkflowType = '${WorkflowTypes.annualCall}' AND ExecutionStatus = 'Running' AND ${SearchAttributeKeys.Stage.name} = 'call_internal_review'`;
        const client = this.temporal.client;
        const years: number[] = [];
        await client.withDeadline(Date.now() + CALL_TIMEOUT_MS, async () => {
          for await (const wf of client.workflow.list({ query, pageSize: 100 })) {
            const year = wf.typedSearchAttributes.get(SearchAttributeKeys.CallYear) ?? Number(wf.workflowId.replace(/^call-/, ''));
            if (Number.isInteger(year)) years.push(year);
          }
        });
        const rows = [...new Set(years)].sort((a, b) => b - a).map((y) => this.row(String(y), `${y} 年度拟认定名单`, null, `/calls?year=${y}`, now));
        return { count: rows.length, rows };
      },
    );
  }

  /**
   * Work that keeps failing: every running workflow whose workflow task the server flagged (the
   * `TemporalReportedProblems` search attribute, set after consecutive task failures or timeouts, whatever the workflow's
   * type or year), and the activities retrying after a failure in the workflows the year's overview describes.
   */
  private failing(now: Date): Promise<WorkItem> {
    return this.item(
      {
        key: 'failing', link: '/operations', article: null,
        title: { zh: '反复失败的任务', en: 'Failing work' },
        action: { zh: '运维人员查看失败原因并处理（修复后系统会自动重试）', en: 'the operator reads why it fails and mends it (the system retries by itself)' },
      },
      async () => {
        const client = this.temporal.client;
        const flagged = new Map<string, number | null>();
        const query = `ExecutionStatus = 'Running' AND TemporalReportedProblems IS NOT NULL`;
        await client.withDeadline(Date.now() + CALL_TIMEOUT_MS, async () => {
          for await (const wf of client.workflow.list({ query, pageSize: 1000 })) {
            flagged.set(wf.workflowId, wf.typedSearchAttributes.get(SearchAttributeKeys.CallYear) ?? null);
            if (flagged.size >= STAGE_LIST_LIMIT) break;
          }
        });
        const o = await this.operations.overview(Number(shanghaiDate(now).slice(0, 4)));
        for (const t of o.stuckWorkflowTasks) if (t.attempt > 1 && !flagged.has(t.workflowId)) flagged.set(t.workflowId, o.year);
        const rows = [
          ...o.pendingActivities.filter((a) => a.attempt > 1 || a.lastFailure).map((a) => this.row(`${a.workflowId}/${a.activityId}`, `${a.workflowId} · ${a.activityType}`, a.nextAttemptAt, `/operations?year=${o.year}`, now)),
          // The operations screen opens at the workflow's call year, where the overview describes it.
          ...[...flagged].sort(([a], [b]) => a.localeCompare(b)).map(([id, year]) => this.row(id, id, null, year === null ? '/operations' : `/operations?year=${year}`, now)),
        ];
        return { count: rows.length, rows };
      },
    );
  }

  /** The institution's drafts not yet submitted, due by their call's closing (第十条). */
  private drafts(creditCode: string, now: Date): Promise<WorkItem> {
    return this.item(
      {
        key: 'drafts', link: '/my/apply', article: '第十条',
        title: { zh: '未提交的申报草稿', en: 'Drafts not submitted' },
        action: { zh: '在申报截止前完成并提交', en: 'complete and submit before the call closes' },
      },
      async () => {
        const rows = (await this.dataSource.query(
          `SELECT d.id, d.call_year, c.closes_on FROM applications.application_draft d LEFT JOIN applications.call c ON c.year = d.call_year
            WHERE d.credit_code = $1 AND d.submitted_application_id IS NULL ORDER BY d.updated_at DESC`,
          [creditCode],
        )) as Array<{ id: string; call_year: number; closes_on: string | null }>;
        return {
          count: rows.length,
          rows: rows.map((r) => this.row(r.id, `${r.call_year} 年度申报草稿`, r.closes_on ? endOfDayShanghai(r.closes_on) : null, '/my/apply', now)),
        };
      },
    );
  }

  private ownMaterials(creditCode: string, now: Date): Promise<WorkItem> {
    return this.applicationsAt(
      {
        key: 'materials', stage: 'awaiting_materials', link: '/my/applications', article: '第十条',
        title: { zh: '需补充的申报材料', en: 'Materials requested' },
        action: { zh: '在期限内上传所缺材料并提交核查，逾期申报终止', en: 'upload the missing files by the deadline and ask for the check; after it the application ends' },
      },
      now,
      this.applicationsListed(['awaiting_materials'], creditCode),
    );
  }

  /** The institution's platform: reports owed (第十五条) and a rectification to file (第十九条). */
  private async ownPlatform(creditCode: string, now: Date): Promise<Array<Promise<WorkItem>>> {
    const [listed] = (await this.dataSource.query('SELECT 1 FROM applications.platform WHERE credit_code = $1', [creditCode])) as unknown[];
    if (!listed) return [];
    const status = this.platformStatus(creditCode);
    return [
      this.item(
        {
          key: 'reports', link: '/my/platform', article: '第十五条',
          title: { zh: '应报送的年度报告', en: 'Annual reports due' },
          action: { zh: '每年2月底前报送上一年度的工作报告', en: 'file last year\'s report by the end of February' },
        },
        async () => {
          const s = await status;
          if (!s) throw new Error('platform status unavailable');
          const open = s.openReports ?? (s.pendingReport ? [s.pendingReport] : []);
          return { count: open.length, rows: open.map((r) => this.row(String(r.reportYear), `${r.reportYear} 年度工作报告`, r.dueAt, '/my/platform', now)) };
        },
      ),
      this.item(
        {
          key: 'rectification', link: '/my/platform', article: '第十九条',
          title: { zh: '应报送的整改报告', en: 'Rectification report due' },
          action: { zh: '在整改期限内报送整改报告', en: 'file the rectification report by its deadline' },
        },
        async () => {
          const s = await status;
          if (!s) throw new Error('platform status unavailable');
          const r = s.rectification;
          const due = r && (r.state === 'open' || r.state === 'overdue');
          return { count: due ? 1 : 0, rows: due ? [this.row(String(r.year), `${r.year} 年度考核整改`, endOfDayShanghai(r.deadline), '/my/platform', now)] : [] };
        },
      ),
    ];
  }
}
