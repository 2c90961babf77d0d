import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person who signs in. The role set is libs/auth's; the database checks it too. */
@Entity({ schema: 'auth', name: 'user_account' })
export class UserAccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  username!: string;

  /** scrypt, with its parameters (libs/auth/passwords). */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: 'applicant' | 'staff' | 'bureau' | 'expert' | 'auditor' | 'operator';

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  institution!: string | null;

  @Column({ name: 'expert_id', type: 'uuid', nullable: true })
  expertId!: string | null;

  /** Where notices to the account's role (and to it) are emailed; staff and bureau need one. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
