import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One year's annual evaluation (第十九条): the indicator set it computes with and where it stands. */
@Entity({ schema: 'applications', name: 'evaluation' })
export class EvaluationEntity {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  @Column({ name: 'indicator_set', type: 'text' })
  indicatorSet!: string;

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion!: string;

  /** `reviewing`: staff may adjust; `approval`: with the bureau; `published`: public. */
  @Column({ type: 'text' })
  stage!: 'collecting' | 'reviewing' | 'approval' | 'approved' | 'published';

  @Column({ name: 'opened_at', type: 'timestamptz', default: () => 'now()' })
  openedAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}

/** A platform's evaluation in a year: the facts, the points of each indicator, adjustments with reasons, total and rank. */
@Entity({ schema: 'applications', name: 'evaluation_result' })
export class EvaluationResultEntity {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  @PrimaryColumn({ name: 'credit_code', type: 'text' })
  creditCode!: string;

  @Column({ name: 'institution_name', type: 'text' })
  institutionName!: string;

  /** The facts gathered, by key (libs/policy IndicatorFacts): decimal strings or null. */
  @Column({ type: 'jsonb' })
  facts!: Record<string, string | null>;

  @Column({ name: 'report_filed', type: 'boolean' })
  reportFiled!: boolean;

  /** Staff's adjustments, oldest first (libs/policy IndicatorAdjustment). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  adjustments!: Array<{ indicator: string; points: string; reason: string; by: string; at: string }>;

  /** The experts' scores on the qualitative indicators (第九条), one per expert (a later one of the same expert replaces it). */
  @Column({ name: 'expert_scores', type: 'jsonb', default: () => "'[]'" })
  expertScores!: Array<{ expert: string; score: string; at: string }>;

  /** The experts expected to score this platform (the scoring room's panel, 第十二条's conflict rules applied); [] when none named. */
  @Column({ name: 'expert_panel', type: 'jsonb', default: () => "'[]'" })
  expertPanel!: string[];

  /** The computed evaluation (libs/policy PlatformEvaluation). */
  @Column({ type: 'jsonb' })
  evaluation!: Record<string, unknown>;

  /** The total, two places, as a decimal string. */
  @Column({ type: 'numeric', precision: 5, scale: 2 })
  total!: string;

  @Column({ type: 'text' })
  outcome!: 'excellent' | 'pass' | 'rectify' | 'fail';

  @Column({ type: 'int', nullable: true })
  rank!: number | null;

  @Column({ name: 'collected_at', type: 'timestamptz', default: () => 'now()' })
  collectedAt!: Date;
}
