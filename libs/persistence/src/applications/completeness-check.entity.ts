import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The recorded result of each completeness check (Art. 10) a workflow asked for; one row per attempt. */
@Entity({ schema: 'applications', name: 'completeness_check' })
export class CompletenessCheckEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @PrimaryColumn({ type: 'int' })
  attempt!: number;

  @Column({ type: 'boolean' })
  complete!: boolean;

  @Column({ type: 'jsonb' })
  missing!: string[];

  @Column({ name: 'checked_at', type: 'timestamptz', default: () => 'now()' })
  checkedAt!: Date;
}
