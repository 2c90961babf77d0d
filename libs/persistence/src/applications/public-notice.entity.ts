import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

interface Candidate {
  creditCode: string;
  institutionName: string;
  rank: number;
}

/** A public notice of a candidate list (第十三条) as the notice workflow recorded it: opened, and closed with its outcome. */
@Entity({ schema: 'applications', name: 'public_notice' })
export class PublicNoticeEntity {
  @PrimaryColumn({ name: 'notice_id', type: 'text' })
  noticeId!: string;

  @Column({ name: 'call_year', type: 'int' })
  callYear!: number;

  @Column({ type: 'date' })
  published!: string;

  @Column({ name: 'start_on', type: 'date' })
  start!: string;

  @Column({ name: 'end_on', type: 'date' })
  end!: string;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'boolean' })
  provisional!: boolean;

  @Column({ type: 'jsonb' })
  candidates!: Candidate[];

  /** When closed: the candidates the notice confirmed, and those removed by an upheld objection (with its reason). */
  @Column({ type: 'jsonb', nullable: true })
  confirmed!: Candidate[] | null;

  @Column({ type: 'jsonb', nullable: true })
  removed!: Array<Candidate & { reason: string }> | null;

  @Column({ type: 'int', default: 0 })
  objections!: number;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
