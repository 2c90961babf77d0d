import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An institution's application in a call year, owned by the applications service. */
@Entity({ schema: 'applications', name: 'application' })
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'credit_code', type: 'char', length: 18 })
  creditCode!: string;

  @Column({ name: 'institution_name', type: 'text' })
  institutionName!: string;

  @Column({ name: 'call_year', type: 'int' })
  callYear!: number;

  /** The structured facts of Arts. 6-8 as the applicant gave them (see libs/policy EligibilityFacts), if any. */
  @Column({ name: 'eligibility_facts', type: 'jsonb', nullable: true })
  eligibilityFacts!: Record<string, unknown> | null;

  /** The contact the institution gave (email, mobile), for notices beyond the inbox. */
  @Column({ type: 'jsonb', nullable: true })
  contact!: { name?: string; email?: string; mobile?: string } | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
