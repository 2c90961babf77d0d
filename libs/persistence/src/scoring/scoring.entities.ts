import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One expert of the pool. */
@Entity({ schema: 'scoring', name: 'expert' })
export class ExpertEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'employer_credit_code', type: 'text', nullable: true })
  employerCreditCode!: string | null;

  @Column({ name: 'employer_name', type: 'text', nullable: true })
  employerName!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fields!: string[];

  /** Relationships the expert declared to the pool (former employer, adviser...), checked at every assignment. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  relationships!: Array<{ creditCode: string; nature: string }>;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** `replaced`: taken off the panel by staff (a recusal, a missed due date), `replacedBy` the expert who took over. */
export type AssignmentState = 'invited' | 'declared' | 'recused' | 'scored' | 'replaced';

/** What every expert's task has (an application's panel, a platform's evaluation): the declaration first (第十二条), the state, a replacement. */
export abstract class ExpertTaskColumns {
  @Column({ type: 'text', default: 'invited' })
  state!: AssignmentState;

  @Column({ type: 'jsonb', nullable: true })
  declaration!: { noConflict: boolean; statement: string | null } | null;

  @Column({ name: 'declared_at', type: 'timestamptz', nullable: true })
  declaredAt!: Date | null;

  @Column({ name: 'assigned_by', type: 'text' })
  assignedBy!: string;

  /** The expert staff put in this one's place, and why (第十二条). */
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy!: string | null;

  @Column({ name: 'replacement_reason', type: 'text', nullable: true })
  replacementReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** An expert invited to score one application; the application opens to them only once they declare no conflict. */
@Entity({ schema: 'scoring', name: 'assignment' })
export class AssignmentEntity extends ExpertTaskColumns {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ name: 'expert_id', type: 'uuid' })
  expertId!: string;

  @Column({ name: 'call_year', type: 'int' })
  callYear!: number;

  @Column({ name: 'applicant_credit_code', type: 'text' })
  applicantCreditCode!: string;

  @Column({ name: 'applicant_name', type: 'text' })
  applicantName!: string;

  @Column({ name: 'partner_credit_codes', type: 'text', array: true, default: () => "'{}'" })
  partnerCreditCodes!: string[];

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion!: string;

  /** When the application's workflow started (its submission): the ranking's tie-break (libs/policy rankCandidates). */
  @Column({ name: 'application_started_at', type: 'timestamptz' })
  applicationStartedAt!: Date;

}

/** One expert's rubric scores for one application; `total` is an exact decimal (numeric), read as a string. */
@Entity({ schema: 'scoring', name: 'score' })
export class ScoreEntity {
  @PrimaryColumn({ name: 'assignment_id', type: 'uuid' })
  assignmentId!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ name: 'expert_id', type: 'uuid' })
  expertId!: string;

  @Column({ type: 'jsonb' })
  criteria!: Record<string, number>;

  @Column({ type: 'numeric', precision: 6, scale: 2 })
  total!: string;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;
}

/**
 * An expert asked to score one platform's qualitative indicators in a year's evaluation (第十九条, 第九条): the
 * platform's report opens to them once they declare no conflict (第十二条); `recused` until staff replace them.
 */
@Entity({ schema: 'scoring', name: 'evaluation_assignment' })
export class EvaluationAssignmentEntity extends ExpertTaskColumns {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'int' })
  year!: number;

  @Column({ name: 'credit_code', type: 'text' })
  creditCode!: string;

  @Column({ name: 'institution_name', type: 'text' })
  institutionName!: string;

  @Column({ name: 'expert_id', type: 'uuid' })
  expertId!: string;

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion!: string;

  /** 0-100, two places, as a decimal string. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  score!: string | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true })
  scoredAt!: Date | null;
}
