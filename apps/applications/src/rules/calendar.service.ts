import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { calendarUpdatedSignal, type CalendarOverridesInput, WorkflowTypes } from '@sme/contracts';
import { appendAudit, CalendarDayEntity, CalendarYearEntity } from '@sme/persistence';
import { WorkingDayCalendar } from '@sme/policy';
import { TemporalClientHolder, ValidationProblem } from '@sme/runtime';
import { Between, DataSource } from 'typeorm';
import type { PublishCalendarYearDto } from './publish-calendar-year.dto';

/**
 * The working-day calendar the services use: the bundled official data with the overrides staff entered
 * (applications.calendar_year / calendar_day). Publishing a year tells every waiting notice and platform
 * workflow, whose provisional deadlines are then recomputed.
 */
@Injectable()
export class CalendarService implements OnModuleInit {
  private readonly logger = new Logger(CalendarService.name);
  private current = WorkingDayCalendar.bundled();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientHolder,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  get calendar(): WorkingDayCalendar {
    return this.current;
  }

  async publishYear(year: number, dto: PublishCalendarYearDto, enteredBy: string): Promise<{ year: number; days: number; workflowsSignalled: number }> {
    const outside = dto.days.findIndex((d) => !d.date.startsWith(`${year}-`));
    if (outside >= 0) {
      throw new ValidationProblem([{ field: `days.${outside}.date`, reason: { zh: `字段 days.${outside}.date 无效：须在 ${year} 年内`, en: `must be a date in ${year}` } }], 422);
    }
    await this.dataSource.transaction(async (m) => {
      await m.delete(CalendarDayEntity, { date: Between(`${year}-01-01`, `${year}-12-31`) });
      if (dto.days.length) await m.insert(CalendarDayEntity, dto.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null })));
      await m.upsert(CalendarYearEntity, { year, source: dto.source, enteredBy }, ['year']);
      await appendAudit(m, { actor: `user:${enteredBy}`, action: 'calendar.year_published', entityType: 'calendar_year', entityId: String(year), data: { source: dto.source, days: dto.days } });
    });
    await this.reload();
    const overrides: CalendarOverridesInput = { years: [year], days: dto.days.map((d) => ({ date: d.date, kind: d.kind, ...(d.name ? { name: d.name } : {}) })) };
    return { year, days: dto.days.length, workflowsSignalled: await this.broadcast(overrides) };
  }

  private async reload(): Promise<void> {
    const [years, days] = await Promise.all([
      this.dataSource.getRepository(CalendarYearEntity).find(),
      this.dataSource.getRepository(CalendarDayEntity).find(),
    ]);
    this.current = WorkingDayCalendar.bundled().withOverrides({
      years: years.map((y) => y.year),
      days: days.map((d) => ({ date: d.date, kind: d.kind, ...(d.name ? { name: d.name } : {}) })),
    });
  }

  /** Signals `calendarUpdated` to every running notice and platform workflow; returns how many were told. */
  private async broadcast(overrides: CalendarOverridesInput): Promise<number> {
    const query = `ExecutionStatus = "Running" AND (WorkflowType = "${WorkflowTypes.publicNotice}" OR WorkflowType = "${WorkflowTypes.platform}")`;
    let n = 0;
    for await (const wf of this.temporal.client.workflow.list({ query })) {
      try {
        await this.temporal.client.workflow.getHandle(wf.workflowId).signal(calendarUpdatedSignal, overrides);
        n++;
      } catch (err) {
        this.logger.warn(`could not tell ${wf.workflowId} of the new calendar: ${String(err)}`);
      }
    }
    return n;
  }
}
