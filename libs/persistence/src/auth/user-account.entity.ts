import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type AccountRole = 'applicant' | 'staff' | 'bureau' | 'expert' | 'auditor' | 'operator' | 'admin';

/** A person who signs in. The role set is libs/auth's; the database checks it too. */
@Entity({ schema: 'auth', name: 'user_account' })
export class UserAccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  username!: string;

  /** scrypt, with its parameters (libs/auth/passwords); null until an invited person sets one (or signs in by OIDC only). */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'text' })
  role!: AccountRole;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  institution!: string | null;

  @Column({ name: 'expert_id', type: 'uuid', nullable: true })
  expertId!: string | null;

  /** Where notices to the account's role (and to it) are emailed, and where its one-time links go. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Raised by each change that must reach the next request (role, binding, disabled, password, sign-out everywhere). */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;

  @Column({ name: 'token_version_at', type: 'timestamptz', nullable: true })
  tokenVersionAt!: Date | null;

  @Column({ name: 'email_confirmed_at', type: 'timestamptz', nullable: true })
  emailConfirmedAt!: Date | null;

  /** Wrong passwords since the last success or lock. */
  @Column({ name: 'failed_sign_ins', type: 'integer', default: 0 })
  failedSignIns!: number;

  /** Locks so far (each lasts twice the one before, up to a day). */
  @Column({ type: 'integer', default: 0 })
  locks!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'totp_secret', type: 'text', nullable: true })
  totpSecret!: string | null;

  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt!: Date | null;

  /** The last time step a code was accepted for: a code is good once (RFC 6238 §5.2). */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep!: string | null;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy!: string | null;

  /** The identity provider's `sub` of the person, once they signed in through OpenID Connect. */
  @Column({ name: 'oidc_subject', type: 'text', nullable: true, unique: true })
  oidcSubject!: string | null;

  @Column({ name: 'last_sign_in_at', type: 'timestamptz', nullable: true })
  lastSignInAt!: Date | null;
}

/** One sign-in: its id is the token's `sid`, so signing out ends exactly it. */
@Entity({ schema: 'auth', name: 'session' })
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'text' })
  method!: 'password' | 'oidc';
}

export type OneTimePurpose = 'invite' | 'confirm-email' | 'reset-password' | 'oidc-session';

/** A one-time link's token, kept as its SHA-256 only: the database never holds a usable link. */
@Entity({ schema: 'auth', name: 'one_time_token' })
export class OneTimeTokenEntity {
  @PrimaryColumn({ name: 'token_sha256', type: 'text' })
  tokenSha256!: string;

  @Column({ type: 'text' })
  purpose!: OneTimePurpose;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}

/** An institution that registered itself; it may submit once center staff verified it. */
@Entity({ schema: 'auth', name: 'institution' })
export class InstitutionEntity {
  @PrimaryColumn({ name: 'credit_code', type: 'text' })
  creditCode!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'contact_name', type: 'text' })
  contactName!: string;

  @Column({ type: 'text' })
  mobile!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  status!: 'pending' | 'verified' | 'refused';

  /** The business licence, an evidence file (content-addressed). */
  @Column({ name: 'licence_sha256', type: 'text', nullable: true })
  licenceSha256!: string | null;

  @Column({ name: 'licence_file_name', type: 'text', nullable: true })
  licenceFileName!: string | null;

  @Column({ name: 'licence_media_type', type: 'text', nullable: true })
  licenceMediaType!: string | null;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}

/** An email the accounts room owes (a one-time link): the body is blanked once the relay accepted it. */
@Entity({ schema: 'auth', name: 'account_mail' })
export class AccountMailEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'to_address', type: 'text' })
  toAddress!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
