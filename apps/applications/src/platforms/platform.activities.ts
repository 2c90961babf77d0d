import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { awardSignalWithStart, type CalendarOverridesInput, type LifecycleActivities, type TitleAward, WorkflowTypes } from '@sme/contracts';
import { appendAudit, PlatformAwardEntity, PlatformEntity } from '@sme/persistence';
import { POLICIES, titleValidity } from '@sme/policy';
import { TemporalClientHolder } from '@sme/runtime';
import type { DataSource } from 'typeorm';
import { CalendarActivities } from '../rules/calendar.activities';

/** The register's activities on the `applications` queue: a title awarded (or renewed), a title ended. Idempotent. */
@Injectable()
export class PlatformActivities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientHolder,
    private readonly calendar: CalendarActivities,
  ) {}

  asActivities(): Pick<LifecycleActivities, 'awardTitle' | 'awardTitles' | 'recordTitleEnded'> {
    return { awardTitle: (i) => this.awardTitle(i), awardTitles: (i) => this.awardTitles(i), recordTitleEnded: (i) => this.recordTitleEnded(i) };
  }

  /** An import's chunk: the calendar read once, then each row as `awardTitle`, side by side. */
  async awardTitles({ awards }: Parameters<LifecycleActivities['awardTitles']>[0]): Promise<Array<{ renewed: boolean }>> {
    const calendar = await this.calendar.publishedCalendar();
    return Promise.all(awards.map((a) => this.awardTitle(a, calendar)));
  }

  /**
   * Records the award (once per call year, with its audit event, 第十四条 and 第十八条) and starts the platform workflow,
   * or signals the running one (renewal). A workflow it starts gets the published calendar with its input, so it reads
   * none of its own.
   */
  async awardTitle(a: TitleAward, published?: CalendarOverridesInput): Promise<{ renewed: boolean }> {
    const policy = POLICIES.get(a.policyVersion);
    const validThrough = titleValidity(a.awardedOn, policy).through;
    const renewed = await this.dataSource.transaction(async (m) => {
      const existing = await m.findOne(PlatformEntity, { where: { creditCode: a.creditCode }, lock: { mode: 'pessimistic_write' } });
      if (!existing) {
        await m.insert(PlatformEntity, { creditCode: a.creditCode, institutionName: a.institutionName, listYear: a.listYear, awardedOn: a.awardedOn, validThrough, policyVersion: policy.id });
      } else if (existing.awardedOn < a.awardedOn) {
        await m.update(PlatformEntity, { creditCode: a.creditCode }, { institutionName: a.institutionName, awardedOn: a.awardedOn, validThrough, status: 'valid', endedOn: null, endArticle: null, endReason: null });
      }
      if (a.functions?.length) await m.update(PlatformEntity, { creditCode: a.creditCode }, { functions: a.functions });
      const award = await m.createQueryBuilder().insert().into(PlatformAwardEntity).values({ creditCode: a.creditCode, callYear: a.callYear, awardedOn: a.awardedOn }).orIgnore().returning('credit_code').execute();
      if ((award.raw as unknown[]).length > 0) {
        await appendAudit(m, {
          actor: a.functions ? 'system:platform-import' : `system:call-${a.callYear}`,
          action: existing ? 'platform.title_renewed' : 'platform.title_awarded',
          entityType: 'platform',
          entityId: a.creditCode,
          data: { callYear: a.callYear, awardedOn: a.awardedOn, validThrough, listYear: a.listYear, article: existing ? '第十七条' : '第十四条' },
        });
      }
      return existing !== null;
    });
    const { functions: _functions, ...award } = a;
    const calendar = published ?? (await this.calendar.publishedCalendar());
    await this.temporal.client.workflow.signalWithStart(WorkflowTypes.platform, awardSignalWithStart(award, calendar));
    return { renewed };
  }
  /**
   * A title's end on the register (revoked by the bureau, lapsed at the end of its validity, 第十七条) and in the
   * audit trail (第十八条). Idempotent: a retried activity writes nothing twice.
   */
  async recordTitleEnded(e: Parameters<LifecycleActivities['recordTitleEnded']>[0]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(PlatformEntity, { where: { creditCode: e.creditCode }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.status === e.status) return;
      await m.update(PlatformEntity, { creditCode: e.creditCode }, { status: e.status, endedOn: e.endedOn, endArticle: e.article, endReason: e.reason });
      await appendAudit(m, {
        actor: e.by === 'system' ? 'system:platform-workflow' : `user:${e.by}`,
        action: e.status === 'revoked' ? 'platform.title_revoked' : 'platform.title_lapsed',
        entityType: 'platform',
        entityId: e.creditCode,
        data: { endedOn: e.endedOn, article: e.article, reason: e.reason },
      });
    });
  }}
