import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An annual call for applications (年度申报通知, Art. 10), owned by the applications service. */
@Entity({ schema: 'applications', name: 'call' })
export class CallEntity {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  /** Recommended number of platforms for the year (Art. 4). */
  @Column({ type: 'int' })
  quota!: number;

  @Column({ name: 'opens_on', type: 'date' })
  opensOn!: string;

  @Column({ name: 'closes_on', type: 'date' })
  closesOn!: string;

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
