import { HttpStatus, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Principal } from '@sme/auth';
import {
  type PublicNotice,
  type Objection,
  publicNoticeStatusQuery,
  type PublicNoticeStatus,
  raiseObjectionUpdate,
  confirmNoticeEndUpdate,
  resolveObjectionUpdate,
  WorkflowIds,
  WorkflowTypes,
} from '@sme/contracts';
import { shanghaiDate } from '@sme/policy';
import { DomainProblem, type RuntimeConfig, TemporalClientHolder } from '@sme/runtime';
import { RUNTIME_CONFIG } from '../tokens';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import type { ConfirmNoticeEndDto, RaiseObjectionDto, ResolveObjectionDto } from './notice.dtos';


/** Objections one client (address) may raise on one notice. */
export const OBJECTIONS_PER_CLIENT = 3;
/** How long an objector's name and contact are kept: the title's three years, after which they are erased. */
export const OBJECTOR_RETENTION_DAYS = 3 * 366;

interface ObjectionRow {
  id: string;
  objector: string | null;
  contact: string | null;
  text: string;
}

const missing = (id: string) => ({ zh: `未找到公示 ${id}`, en: `notice ${id} not found` });

@Injectable()
export class NoticeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private eraser?: NodeJS.Timeout;

  constructor(
    private readonly temporal: TemporalClientHolder,
    private readonly workflows: WorkflowGateway,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  /** Running notices, from Temporal's visibility store, each answered by its workflow's status query. */
  async current(): Promise<PublicNotice[]> {
    const ids: string[] = [];
    for await (const wf of this.temporal.client.workflow.list({ query: `WorkflowType = '${WorkflowTypes.publicNotice}' AND ExecutionStatus = 'Running'` })) {
      ids.push(wf.workflowId);
      if (ids.length >= 50) break;
    }
    const statuses = await Promise.all(ids.map((id) => this.workflows.query(id, publicNoticeStatusQuery, missing(id)).catch(() => null)));
    return statuses.filter((s): s is PublicNoticeStatus => s !== null).map(toPublic).sort((a, b) => a.endsAt.localeCompare(b.endsAt));
  }

  async one(noticeId: string): Promise<PublicNotice> {
    return toPublic(await this.workflows.query(WorkflowIds.publicNotice(noticeId), publicNoticeStatusQuery, missing(noticeId)));
  }

  /** Staff see the objections in full: the workflow's list with each record (who, contact, text) joined in. */
  async full(noticeId: string): Promise<PublicNoticeStatus> {
    const status = await this.workflows.query(WorkflowIds.publicNotice(noticeId), publicNoticeStatusQuery, missing(noticeId));
    const refs = status.objections.map((o) => o.ref).filter((r): r is string => !!r);
    const rows: ObjectionRow[] = refs.length ? await this.dataSource.query('SELECT id, objector, contact, text FROM applications.objection WHERE id = ANY($1::uuid[])', [refs]) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      ...status,
      objections: status.objections.map((o) => {
        const r = o.ref ? byId.get(o.ref) : undefined;
        return r ? { ...o, objector: r.objector ?? '（已按保存期限删除）', text: r.text, contact: r.contact } : o;
      }),
    };
  }

  /**
   * Anyone may object while the notice is open (第十三条); the workflow checks the period and the candidate. The
   * objection is a record here (text, objector, contact, kept for the retention period); only its id enters the
   * workflow, and the audit trail names the actor "public" without personal data. One client raises at most
   * OBJECTIONS_PER_CLIENT on one notice.
   */
  async raise(noticeId: string, dto: RaiseObjectionDto, caller: Principal | undefined, clientAddress: string): Promise<Pick<Objection, 'id' | 'creditCode' | 'raisedAt'>> {
    const creditCode = dto.creditCode.toUpperCase();
    const clientKey = createHmac('sha256', this.config.jwtSecret).update(`objection|${clientAddress}`).digest('hex');
    const ref = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`objection:${noticeId}:${clientKey}`]);
      const [{ n }] = (await m.query('SELECT count(*)::int AS n FROM applications.objection WHERE notice_id = $1 AND client_key = $2', [noticeId, clientKey])) as Array<{ n: number }>;
      if (n >= OBJECTIONS_PER_CLIENT) {
        throw new DomainProblem(HttpStatus.TOO_MANY_REQUESTS, 'objection-limit', {
          zh: `同一来源对本次公示最多可提出 ${OBJECTIONS_PER_CLIENT} 条异议；如有补充，请联系市中小企业服务中心`,
          en: `one client may raise at most ${OBJECTIONS_PER_CLIENT} objections on a notice; for more, contact the SME Service Center`,
        }, '第十三条');
      }
      const [row] = (await m.query(
        `INSERT INTO applications.objection (notice_id, credit_code, objector, contact, text, client_key, erase_after)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7)) RETURNING id`,
        [noticeId, creditCode, dto.objector.trim(), dto.contact?.trim() || null, dto.text.trim(), clientKey, OBJECTOR_RETENTION_DAYS],
      )) as Array<{ id: string }>;
      return row!.id;
    });
    try {
      const objection = await this.workflows.update(
        WorkflowIds.publicNotice(noticeId),
        raiseObjectionUpdate,
        [{ creditCode, ref }],
        { slug: 'objection-refused', what: { zh: '不能受理异议', en: 'the objection cannot be accepted' } },
        (o) => ({
          actor: caller ? `user:${caller.username}` : 'public',
          action: 'notice.objection_raised',
          entityType: 'notice',
          entityId: noticeId,
          data: { objectionId: o.id, record: ref, creditCode },
        }),
        { record: (m, o) => m.query('UPDATE applications.objection SET workflow_objection_id = $2 WHERE id = $1', [ref, o.id]).then(() => undefined) },
      );
      return { id: objection.id, creditCode: objection.creditCode, raisedAt: objection.raisedAt };
    } catch (err) {
      // Not accepted (the notice closed, not on it, or no answer in time: a late answer is refused): no objection.
      await this.dataSource.query('DELETE FROM applications.objection WHERE id = $1 AND workflow_objection_id IS NULL', [ref]).catch(() => undefined);
      throw err;
    }
  }

  /** The retention period is kept by the service itself: erased at start and every hour after. */
  onApplicationBootstrap(): void {
    const erase = () => void this.eraseExpired().catch((err: unknown) => new Logger('objections').warn(`erasing expired objector data: ${(err as Error).message}`));
    erase();
    this.eraser = setInterval(erase, 3600_000);
    this.eraser.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.eraser);
  }

  /** Erases the objector's name, contact and client key of objections past their retention period. */
  async eraseExpired(): Promise<number> {
    const [, n] = (await this.dataSource.query(
      `UPDATE applications.objection SET objector = NULL, contact = NULL, client_key = NULL, erased_at = now() WHERE erase_after <= now() AND erased_at IS NULL`,
    )) as [unknown, number];
    return n;
  }

  resolve(noticeId: string, objectionId: string, dto: ResolveObjectionDto, caller: Principal): Promise<Objection> {
    if (!objectionId.startsWith(`${noticeId}-`)) {
      throw new DomainProblem(HttpStatus.NOT_FOUND, 'objection-not-found', { zh: `公示 ${noticeId} 无异议 ${objectionId}`, en: `notice ${noticeId} has no objection ${objectionId}` });
    }
    return this.workflows.update(
      WorkflowIds.publicNotice(noticeId),
      resolveObjectionUpdate,
      [{ objectionId, decision: dto.decision, reason: dto.reason, by: caller.username }],
      { slug: 'resolution-refused', what: { zh: '不能处理该异议', en: 'the objection cannot be resolved' } },
      { actor: `user:${caller.username}`, action: `notice.objection_${dto.decision}`, entityType: 'notice', entityId: noticeId, data: { objectionId, ...dto } },
    );
  }

  /** Staff confirm a notice's provisional end when the year's holidays are not entered yet (第十三条). */
  confirmEnd(noticeId: string, dto: ConfirmNoticeEndDto, caller: Principal): Promise<PublicNoticeStatus> {
    return this.workflows.update(
      WorkflowIds.publicNotice(noticeId),
      confirmNoticeEndUpdate,
      [{ by: caller.username, reason: dto.reason }],
      { slug: 'end-confirmation-refused', what: { zh: '不能确认公示结束日', en: 'the end cannot be confirmed' } },
      { actor: `user:${caller.username}`, action: 'notice.end_confirmed', entityType: 'notice', entityId: noticeId, data: { ...dto } },
    );
  }
}

function toPublic(s: PublicNoticeStatus): PublicNotice {
  const today = shanghaiDate(new Date());
  return {
    noticeId: s.noticeId,
    callYear: s.callYear,
    candidates: s.candidates,
    published: s.published,
    start: s.start,
    end: s.end,
    endsAt: s.endsAt,
    provisional: s.provisional,
    workingDaysLeft: s.workingDays.filter((d) => d >= today).length,
    open: s.stage === 'awaiting_calendar' || (s.stage === 'open' && Date.now() < Date.parse(s.endsAt)),
    objections: s.objections.length,
    article: '第十三条',
  };

}
