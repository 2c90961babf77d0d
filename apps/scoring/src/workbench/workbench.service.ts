import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { annualEvaluationStatusQuery, byDeadline, type WorkItem, type Workbench, WORKBENCH_ROWS, WorkflowIds, type WorkRow } from '@sme/contracts';
import type { Principal } from '@sme/auth';
import { AssignmentEntity, EvaluationAssignmentEntity } from '@sme/persistence';
import { applicationStatusOf, TemporalClientHolder } from '@sme/runtime';
import { DataSource, In } from 'typeorm';

const CALL_TIMEOUT_MS = 3000;
type Task = { id: string; label: string; link: string; deadline: Promise<string | null> };

/**
 * An expert's workbench: the declarations to make before anything of an application or platform opens (第十二条), and
 * the scores due, with the deadline the workflow names (the panel's due date; the evaluation's review deadline).
 */
@Injectable()
export class ExpertWorkbenchService {
  private readonly logger = new Logger(ExpertWorkbenchService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientHolder,
  ) {}

  async of(caller: Principal, now = new Date()): Promise<Workbench> {
    if (caller.role !== 'expert' || !caller.expertId) return { generatedAt: now.toISOString(), items: [] };
    const open = { expertId: caller.expertId, state: In(['invited', 'declared']) };
    const [applications, evaluations] = await Promise.all([
      this.dataSource.getRepository(AssignmentEntity).find({ where: open, order: { createdAt: 'ASC' } }),
      this.dataSource.getRepository(EvaluationAssignmentEntity).find({ where: open, order: { createdAt: 'ASC' } }),
    ]);
    // One question per workflow, however many of its tasks are listed.
    const applicationDeadline = memo((id: string) => this.ask(() => applicationStatusOf(this.temporal.client, id).then((s) => s.status.deadline ?? null)));
    const evaluationDeadline = memo((year: number) => this.ask(() => this.temporal.client.workflow.getHandle(WorkflowIds.annualEvaluation(year)).query(annualEvaluationStatusQuery).then((s) => s.deadline)));
    const tasks = (state: 'invited' | 'declared'): Task[] => [
      ...applications.filter((a) => a.state === state).map((a) => ({ id: a.id, label: a.applicantName, link: `/expert/assignments?open=${a.id}`, deadline: applicationDeadline(a.applicationId) })),
      ...evaluations.filter((a) => a.state === state).map((a) => ({ id: a.id, label: `${a.institutionName}（${a.year} 年度考核）`, link: `/expert/evaluation?open=${a.id}`, deadline: evaluationDeadline(a.year) })),
    ];
    const item = async (kind: Omit<WorkItem, 'count' | 'rows'>, list: Task[]): Promise<WorkItem> => {
      const rows: WorkRow[] = await Promise.all(
        list.map(async (t) => {
          const deadline = await t.deadline;
          return { id: t.id, label: t.label, deadline, overdue: deadline !== null && Date.parse(deadline) < now.getTime(), link: t.link };
        }),
      );
      return { ...kind, count: list.length, rows: rows.sort(byDeadline).slice(0, WORKBENCH_ROWS) };
    };
    return {
      generatedAt: now.toISOString(),
      items: await Promise.all([
        item(
          {
            key: 'declarations', link: '/expert/assignments', article: '第十二条',
            title: { zh: '待作利益冲突声明', en: 'Declarations to make' },
            action: { zh: '先声明与申报机构有无利益关系，无冲突方可查看材料；有冲突须回避', en: 'declare any relationship first; only without one does the file open, otherwise stand aside' },
          },
          tasks('invited'),
        ),
        item(
          {
            key: 'scores', link: '/expert/assignments', article: '第十二条',
            title: { zh: '待评分', en: 'Scores due' },
            action: { zh: '在期限内按评分标准独立评分', en: 'score independently by the rubric before the deadline' },
          },
          tasks('declared'),
        ),
      ]),
    };
  }

  /** A workflow's deadline, or none when it does not answer in time (the row still shows). */
  private ask(q: () => Promise<string | null>): Promise<string | null> {
    return this.temporal.client.withDeadline(Date.now() + CALL_TIMEOUT_MS, q).catch((err: unknown) => {
      this.logger.warn(`workbench deadline: ${String(err)}`);
      return null;
    });
  }
}

function memo<K, V>(f: (k: K) => V): (k: K) => V {
  const seen = new Map<K, V>();
  return (k) => {
    if (!seen.has(k)) seen.set(k, f(k));
    return seen.get(k)!;
  };
}
