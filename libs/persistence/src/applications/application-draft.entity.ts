import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** An application being written. Saved as is (any subset of the form); checked in full only on submission. */
@Entity({ schema: 'applications', name: 'application_draft' })
export class ApplicationDraftEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'credit_code', type: 'text' })
  creditCode!: string;

  @Column({ name: 'call_year', type: 'int' })
  callYear!: number;

  /** The form as last saved (the shape of CreateApplicationDto, possibly incomplete). */
  @Column({ type: 'jsonb' })
  content!: Record<string, unknown>;

  /** Optimistic lock: a save names the version it edited, so two tabs never overwrite each other silently. */
  @VersionColumn({ type: 'int' })
  version!: number;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Set when the draft was submitted: it is then read-only. */
  @Column({ name: 'submitted_application_id', type: 'uuid', nullable: true })
  submittedApplicationId!: string | null;
}
