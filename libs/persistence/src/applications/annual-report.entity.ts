import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A platform's annual report for one year (第十五条), as filed; never edited. */
@Entity({ schema: 'applications', name: 'annual_report' })
export class AnnualReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'credit_code', type: 'text' })
  creditCode!: string;

  @Column({ name: 'report_year', type: 'int' })
  reportYear!: number;

  /** The report's figures; money as decimal strings. */
  @Column({ type: 'jsonb' })
  content!: Record<string, unknown>;

  /** The filing date in Asia/Shanghai, which decides lateness against the due date. */
  @Column({ name: 'submitted_on', type: 'date' })
  submittedOn!: string;

  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy!: string;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;
}
