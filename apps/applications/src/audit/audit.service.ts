import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type AuditEvent,
  auditEvent,
  auditEventBatches,
  auditEvents,
  auditFacets,
  type AuditFilter,
  type AuditVerification,
  countAuditEvents,
  lastAuditSeq,
  previousAuditEvent,
  verifyAudit,
} from '@sme/persistence';
import { addDays, compareDates, endOfDayShanghai } from '@sme/policy';
import { DomainProblem, ValidationProblem } from '@sme/runtime';
import { PassThrough, type Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { writeAuditWorkbook } from './audit-workbook';
import type { AuditFilterQuery, AuditQuery } from './audit.query';

/** The most events one export holds: a larger view is refused with its size, to be narrowed (never cut silently). */
export const EXPORT_MAX_ROWS = 50_000;

/** One event and the one before it on the same entity (null when it is the entity's first). */
export interface AuditEventDetail {
  event: AuditEvent;
  previous: AuditEvent | null;
}

/** The audit trail (第十八条) as the auditor and the bureau read it: filtered, paged, exported, verified. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  verify(): Promise<AuditVerification> {
    return verifyAudit(this.dataSource);
  }

  /**
   * A page of the filtered events, newest first, and the number of all of them. Without `page` or `pageSize` the
   * newest 100.
   */
  async page(q: AuditQuery): Promise<{ events: AuditEvent[]; total: number }> {
    const filter = toFilter(q);
    const paged = q.page !== undefined || q.pageSize !== undefined;
    const size = paged ? (q.pageSize ?? 50) : 100;
    const offset = paged ? ((q.page ?? 1) - 1) * size : 0;
    const [events, total] = await Promise.all([auditEvents(this.dataSource, { ...filter, limit: size, offset }), countAuditEvents(this.dataSource, filter)]);
    return { events, total };
  }

  /**
   * An event and what came before it. Most events record a decision or a fact (the decision with its reasons, a
   * file's hash, the settings entered), not the state of their entity before and after, so an event has no "before"
   * of its own: the meaningful before is the same entity's previous event (what was last decided or recorded about
   * it), and the event itself is the after. Where an event does hold both values (an account's change `from`/`to`,
   * a late report counted with the totals `from`/`to`), they are in its data and the screen shows them as such.
   */
  async detail(seq: number): Promise<AuditEventDetail> {
    const event = await auditEvent(this.dataSource, seq);
    if (!event) throw new DomainProblem(HttpStatus.NOT_FOUND, 'audit-event-not-found', { zh: `没有第 ${seq} 条审计记录`, en: `there is no audit event ${seq}` });
    return { event, previous: await previousAuditEvent(this.dataSource, event) };
  }

  facets(): Promise<{ entityTypes: string[]; actions: string[]; actors: string[] }> {
    return auditFacets(this.dataSource);
  }

  /**
   * The whole filtered view as a workbook, newest first, as the trail stood when the export began; a view of more
   * than EXPORT_MAX_ROWS events is refused (422) with its size, before anything is written.
   */
  async workbook(q: AuditFilterQuery): Promise<Readable> {
    const filter: AuditFilter = { ...toFilter(q), maxSeq: await lastAuditSeq(this.dataSource) };
    const total = await countAuditEvents(this.dataSource, filter);
    if (total > EXPORT_MAX_ROWS) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'audit-export-too-large', {
        zh: `当前筛选共 ${total} 条记录，超过单次导出上限 ${EXPORT_MAX_ROWS} 条：请缩小日期范围或增加筛选条件`,
        en: `the view holds ${total} events, more than the ${EXPORT_MAX_ROWS} one export takes: narrow the dates or filter more`,
      });
    }
    const out = new PassThrough();
    writeAuditWorkbook(out, auditEventBatches(this.dataSource, filter), { total, filters: describe(q) }).catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
    return out;
  }
}

/** The query's filters as the persistence layer takes them; the days are Beijing days, both inclusive. */
function toFilter(q: AuditFilterQuery): AuditFilter {
  if (q.from !== undefined && q.to !== undefined && compareDates(q.from, q.to) > 0) {
    throw new ValidationProblem([{ field: 'to', reason: { zh: '字段 to（截止日期）不能早于 from（起始日期）', en: 'to is before from' } }], 422);
  }
  const actorPrefix = q.actor?.endsWith('*') ?? false;
  return {
    entityType: q.entityType,
    entityId: q.entityId,
    actor: actorPrefix ? q.actor!.slice(0, -1) : q.actor,
    actorPrefix,
    actionPrefix: q.action,
    from: q.from === undefined ? undefined : endOfDayShanghai(addDays(q.from, -1)),
    before: q.to === undefined ? undefined : endOfDayShanghai(q.to),
  };
}

/** The filters of an export in words, for its cover sheet. */
function describe(q: AuditFilterQuery): string[] {
  const lines: Array<[string, string | undefined]> = [
    ['对象类型', q.entityType],
    ['对象编号', q.entityId],
    ['操作人', q.actor],
    ['操作（前缀）', q.action],
    ['起始日期', q.from],
    ['截止日期', q.to],
  ];
  const set = lines.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}：${v}`);
  return set.length ? set : ['全部记录'];
}
