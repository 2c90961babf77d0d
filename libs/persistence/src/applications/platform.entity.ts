import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A recognised platform (示范平台) in the registry: its current title. The workflow holds its lifecycle. */
@Entity({ schema: 'applications', name: 'platform' })
export class PlatformEntity {
  @PrimaryColumn({ name: 'credit_code', type: 'char', length: 18 })
  creditCode!: string;

  @Column({ name: 'institution_name', type: 'text' })
  institutionName!: string;

  /** Year the list with its first title was published (第十九条: evaluated from the next year). */
  @Column({ name: 'list_year', type: 'int' })
  listYear!: number;

  @Column({ name: 'awarded_on', type: 'date' })
  awardedOn!: string;

  @Column({ name: 'valid_through', type: 'date' })
  validThrough!: string;

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion!: string;

  /** Art. 8 service functions (information, technology, entrepreneurship, training, financing). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  functions!: string[];

  /** `valid` while the title stands; `revoked` by the bureau or `lapsed` at its end (第十七条). */
  @Column({ type: 'text', default: 'valid' })
  status!: 'valid' | 'revoked' | 'lapsed';

  /** The day the title ended (revocation or the last valid day of a lapsed title). */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ name: 'end_article', type: 'text', nullable: true })
  endArticle!: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One award of the title (first or renewal), once per call year. */
@Entity({ schema: 'applications', name: 'platform_award' })
export class PlatformAwardEntity {
  @PrimaryColumn({ name: 'credit_code', type: 'char', length: 18 })
  creditCode!: string;

  @PrimaryColumn({ name: 'call_year', type: 'int' })
  callYear!: number;

  @Column({ name: 'awarded_on', type: 'date' })
  awardedOn!: string;
}
