import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A year whose official working-day data staff entered (its dates stop being provisional). */
@Entity({ schema: 'applications', name: 'calendar_year' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  /** Where the data come from, e.g. 国办发明电〔2026〕x号. */
  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'entered_by', type: 'text' })
  enteredBy!: string;

  @CreateDateColumn({ name: 'entered_at', type: 'timestamptz' })
  enteredAt!: Date;
}

/** One day of override data: a holiday rest day, a make-up working day, or a correction. */
@Entity({ schema: 'applications', name: 'calendar_day' })
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'text' })
  kind!: 'workday' | 'weekend' | 'holiday' | 'makeup';

  @Column({ type: 'text', nullable: true })
  name!: string | null;
}
