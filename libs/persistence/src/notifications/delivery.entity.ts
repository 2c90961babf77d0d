import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** How a recipient (institution:<code>, user:<id>...) is reached outside the inbox. */
@Entity({ schema: 'notifications', name: 'contact' })
export class ContactEntity {
  @PrimaryColumn({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** A mainland mobile number, 11 digits. */
  @Column({ type: 'text', nullable: true })
  mobile!: string | null;

  /** For an account (`user:<id>`): its role, so a notice to `role:<role>` reaches it too. */
  @Column({ type: 'text', nullable: true })
  role!: string | null;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export type DeliveryStatus = 'pending' | 'sent' | 'dead';

/** One notification sent over one channel to one address: at most once each, retried with backoff. */
@Entity({ schema: 'notifications', name: 'delivery' })
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId!: string;

  @Column({ type: 'text' })
  channel!: 'email' | 'sms';

  @Column({ type: 'text' })
  address!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** When a dead delivery reached the dead-letter stream (null: parked here, still to be published there). */
  @Column({ name: 'parked_at', type: 'timestamptz', nullable: true })
  parkedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
