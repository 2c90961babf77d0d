import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Domain events waiting to be relayed to NATS JetStream; written in the same transaction as the change. */
@Entity({ schema: 'applications', name: 'outbox' })
export class ApplicationsOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The JetStream message id: a republished event is dropped as a duplicate. */
  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
