import { HttpStatus, Injectable } from '@nestjs/common';
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
import { DomainProblem, TemporalClientHolder } from '@sme/runtime';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import type { ConfirmNoticeEndDto, RaiseObjectionDto, ResolveObjectionDto } from './notice.dtos';


const missing = (id: string) => ({ zh: `未找到公示 ${id}`, en: `notice ${id} not found` });

@Injectable()
export class NoticeService {
  constructor(
    private readonly temporal: TemporalClientHolder,
    private readonly workflows: WorkflowGateway,
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

  /** Staff see the objections in full. */
  full(noticeId: string): Promise<PublicNoticeStatus> {
    return this.workflows.query(WorkflowIds.publicNotice(noticeId), publicNoticeStatusQuery, missing(noticeId));
  }

  /** Anyone may object while the notice is open (第十三条); the workflow checks the period and the candidate. */
  async raise(noticeId: string, dto: RaiseObjectionDto, caller: Principal | undefined): Promise<Pick<Objection, 'id' | 'creditCode' | 'raisedAt'>> {
    const objection = await this.workflows.update(
      WorkflowIds.publicNotice(noticeId),
      raiseObjectionUpdate,
      [{ creditCode: dto.creditCode.toUpperCase(), objector: dto.objector, text: dto.text }],
      { slug: 'objection-refused', what: { zh: '不能受理异议', en: 'the objection cannot be accepted' } },
      {
        actor: caller ? `user:${caller.username}` : `public:${dto.objector}`,
        action: 'notice.objection_raised',
        entityType: 'notice',
        entityId: noticeId,
        data: { creditCode: dto.creditCode, objector: dto.objector, contact: dto.contact ?? null, text: dto.text },
      },
    );
    return { id: objection.id, creditCode: objection.creditCode, raisedAt: objection.raisedAt };
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
