import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { appendAudit, CallEntity, recordOnce } from '@sme/persistence';
import { DomainProblem, TemporalClientHolder, ValidationProblem } from '@sme/runtime';
import { POLICIES } from '@sme/policy';
import type { Repository } from 'typeorm';
import { TaskQueues, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { type CapQuota, capQuota } from './cap-quota';
import type { UpsertCallDto } from './upsert-call.dto';


@Injectable()
export class CallService {
  constructor(
    @InjectRepository(CallEntity) private readonly calls: Repository<CallEntity>,
    private readonly temporal: TemporalClientHolder,
  ) {}

  /** Starts `call-<year>` with the call as staff set it up; starting it twice is answered, not repeated. */
  async start(year: number, by: string): Promise<{ workflowId: string; started: boolean }> {
    const call = await this.calls.findOneBy({ year });
    if (!call) {
      throw new DomainProblem(HttpStatus.NOT_FOUND, 'no-call', { zh: `${year} 年度申报通知尚未设置`, en: `the ${year} call is not set up` }, '第十条');
    }
    const workflowId = WorkflowIds.annualCall(year);
    // The workflow first, outside any transaction; then its audit event, once, also when a retry finds the call
    // started by a request that died before writing it.
    let started = true;
    try {
      await this.temporal.client.workflow.start(WorkflowTypes.annualCall, {
        workflowId,
        taskQueue: TaskQueues.lifecycle,
        args: [{ year, quota: call.quota, opensOn: call.opensOn, closesOn: call.closesOn, policyVersion: call.policyVersion }],
        // A year's call runs once: a finished call is never restarted; one an operator terminated may be.
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      started = false;
    }
    await recordOnce(this.calls.manager.connection, { key: `${workflowId}/start`, workflowId, action: 'start' }, (m) =>
      appendAudit(m, { actor: `user:${by}`, action: 'call.started', entityType: 'call', entityId: String(year), data: { workflowId } }),
    );
    return { workflowId, started };
  }

  /** How many titles the year's call may award under the cap, and how that was counted (第十九条). */
  async quota(year: number): Promise<CapQuota> {
    const call = await this.calls.findOneBy({ year });
    return capQuota(this.calls.manager, year, call ? POLICIES.get(call.policyVersion) : POLICIES.forYearOrEarliest(year));
  }

  list(): Promise<CallEntity[]> {
    return this.calls.find({ order: { year: 'DESC' } });
  }

  /** Creates or replaces the call of a year (idempotent: the demo seed calls it on every start). */
  async upsert(year: number, dto: UpsertCallDto, by: string): Promise<CallEntity> {
    if (dto.closesOn < dto.opensOn) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'call-dates', {
        zh: '截止日期不能早于开始日期',
        en: 'closesOn must not be before opensOn',
      });
    }
    if (!POLICIES.find(dto.policyVersion)) {
      throw new ValidationProblem([{ field: 'policyVersion', reason: { zh: `字段 policyVersion 无效：未知的政策版本 ${dto.policyVersion}`, en: `unknown policy version ${dto.policyVersion}` } }]);
    }
    // 总量控制 (第十九条): no call awards more titles than the cap leaves room for.
    const room = await capQuota(this.calls.manager, year, POLICIES.get(dto.policyVersion));
    if (dto.quota > room.quota) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'quota-over-cap', {
        zh: `推荐名额 ${dto.quota} 超过总量控制允许的 ${room.quota} 家：${room.explanation.zh}`,
        en: `a quota of ${dto.quota} is more than the cap allows (${room.quota}): ${room.explanation.en}`,
      }, '第十九条', { capQuota: room });
    }
    await this.calls.manager.transaction(async (m) => {
      await m.upsert(CallEntity, { year, ...dto }, ['year']);
      await appendAudit(m, { actor: `user:${by}`, action: 'call.set', entityType: 'call', entityId: String(year), data: { ...dto } });
    });
    return this.calls.findOneByOrFail({ year });
  }
}
