import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A platform's annual report for one year (第十五条), as filed. Staff may return it for correction; the corrected
 * version replaces it and the one before is kept in `annual_report_revision`.
 */
@Entity({ schema: 'applications', name: 'annual_report' })
export class AnnualReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'credit_code', type: 'text' })
  creditCode!: string;

  @Column({ name: 'report_year', type: 'int' })
  reportYear!: number;

  /** The report as filed: `form: 'annual-report/2'` (structured, libs/policy AnnualReportContent) or the earlier free form. */
  @Column({ type: 'jsonb' })
  content!: Record<string, unknown>;

  /** The first filing date in Asia/Shanghai, which decides lateness against the due date. */
  @Column({ name: 'submitted_on', type: 'date' })
  submittedOn!: string;

  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy!: string;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  /** `returned`: staff sent it back for correction with `returnedReason`; the platform files it again. */
  @Column({ type: 'text', default: 'filed' })
  status!: 'filed' | 'returned';

  /** Times the platform was chased for this report before it came (the platform workflow's record); null before it was kept. */
  @Column({ type: 'int', nullable: true })
  chases!: number | null;

  @Column({ type: 'int', default: 1 })
  revision!: number;

  @Column({ name: 'returned_reason', type: 'text', nullable: true })
  returnedReason!: string | null;

  @Column({ name: 'returned_by', type: 'text', nullable: true })
  returnedBy!: string | null;

  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt!: Date | null;

  /** What the bureau chose to publish (视情对外发布, 第十五条); null: not published. */
  @Column({ name: 'public_summary', type: 'jsonb', nullable: true })
  publicSummary!: Record<string, unknown> | null;

  @Column({ name: 'published_by', type: 'text', nullable: true })
  publishedBy!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}

/** A version of a report that staff returned and the platform then corrected: kept, never lost. */
@Entity({ schema: 'applications', name: 'annual_report_revision' })
export class AnnualReportRevisionEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @PrimaryColumn({ type: 'int' })
  revision!: number;

  @Column({ type: 'jsonb' })
  content!: Record<string, unknown>;

  @Column({ name: 'submitted_on', type: 'date' })
  submittedOn!: string;

  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy!: string;

  @Column({ name: 'returned_reason', type: 'text' })
  returnedReason!: string;

  @Column({ name: 'returned_by', type: 'text' })
  returnedBy!: string;

  @Column({ name: 'returned_at', type: 'timestamptz' })
  returnedAt!: Date;
}

/** A file an annual report carries: the served-enterprise list (with what its check found) or an attachment. */
@Entity({ schema: 'applications', name: 'report_file' })
export class ReportFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'credit_code', type: 'text' })
  creditCode!: string;

  @Column({ name: 'report_year', type: 'int' })
  reportYear!: number;

  @Column({ type: 'text' })
  kind!: 'served_list' | 'attachment';

  @Column({ type: 'text' })
  filename!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes!: string;

  @Column({ type: 'text' })
  sha256!: string;

  /** For a served list: the counts by size class and the refused rows. */
  @Column({ type: 'jsonb', nullable: true })
  served!: Record<string, unknown> | null;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}
