import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notification in a user's inbox, owned by the notifications service. */
@Entity({ schema: 'notifications', name: 'notification' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique: the same event or workflow step never stores a second notification. */
  @Column({ name: 'idempotency_key', type: 'text', unique: true })
  idempotencyKey!: string;

  @Column({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'jsonb' })
  title!: { zh: string; en: string };

  @Column({ type: 'jsonb' })
  body!: { zh: string; en: string };

  /** The digest this escalation was gathered into (it is then read there, not on its own), if any. */
  @Column({ name: 'digest_id', type: 'uuid', nullable: true })
  digestId!: string | null;

  /** A digest: the time it gathers until (pushed on by each arrival); its email goes out after it. */
  @Column({ name: 'gathers_until', type: 'timestamptz', nullable: true })
  gathersUntil!: Date | null;

  /** A digest: when it began gathering (it gathers for a limited time from then). */
  @Column({ name: 'gathers_from', type: 'timestamptz', nullable: true })
  gathersFrom!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
