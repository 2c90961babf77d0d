import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CalendarOverridesInput, LifecycleActivities } from '@sme/contracts';
import { CalendarDayEntity, CalendarYearEntity } from '@sme/persistence';
import type { DataSource } from 'typeorm';

/** The working-day calendar staff published, for the workflows that count working days (第十三条 and others). */
@Injectable()
export class CalendarActivities {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  asActivities(): Pick<LifecycleActivities, 'publishedCalendar'> {
    return { publishedCalendar: () => this.publishedCalendar() };
  }

  /** Every year staff published, with its days, as one set of overrides (what the API's calendar holds too). */
  async publishedCalendar(): Promise<CalendarOverridesInput> {
    const [years, days] = await Promise.all([
      this.dataSource.getRepository(CalendarYearEntity).find({ order: { year: 'ASC' } }),
      this.dataSource.getRepository(CalendarDayEntity).find({ order: { date: 'ASC' } }),
    ]);
    return { years: years.map((y) => y.year), days: days.map((d) => ({ date: d.date, kind: d.kind, ...(d.name ? { name: d.name } : {}) })) };
  }}
