import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type InAppNotificationInput, type InAppNotificationResult, roleOfRecipient } from '@sme/contracts';
import { ContactEntity, DeliveryEntity, NotificationEntity } from '@sme/persistence';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import type { ContactUpdate } from '../events/event-notifier';

/** Kinds urgent enough for an SMS as well as the email: a deadline the recipient must act on, or a loss of title. */
export const SMS_KINDS = new Set([
  'application.materials_requested',
  'application.ineligible',
  'application.closed_by_staff',
  'report.overdue',
  'report.chase',
  'title.revoked',
  'title.lapsed',
]);

@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
  ) {}

  /**
   * Stores a notification once per idempotency key (a repeat returns the stored one) and, in the same
   * transaction, one email and (for urgent kinds) one SMS delivery per address the recipient is reached at: an
   * institution's contact, or, for a notice to a role, each enabled account of that role.
   */
  async store(input: InAppNotificationInput): Promise<InAppNotificationResult> {
    return this.dataSource.transaction(async (m) => {
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(NotificationEntity)
        .values({ idempotencyKey: input.idempotencyKey, recipient: input.recipient, kind: input.kind, title: input.title, body: input.body })
        .orIgnore()
        .returning(['id'])
        .execute();
      const created = inserted.raw.length > 0;
      const row = await m.findOneByOrFail(NotificationEntity, { idempotencyKey: input.idempotencyKey });
      if (created) {
        const deliveries = (await this.contactsOf(m, input.recipient)).flatMap((contact) => [
          ...(contact.email ? [{ channel: 'email' as const, address: contact.email }] : []),
          ...(contact.mobile && SMS_KINDS.has(input.kind) ? [{ channel: 'sms' as const, address: contact.mobile }] : []),
        ]);
        if (deliveries.length) {
          await m.createQueryBuilder().insert().into(DeliveryEntity).values(deliveries.map((d) => ({ ...d, notificationId: row.id, nextAttemptAt: new Date() }))).orIgnore().execute();
        }
      }
      return { notificationId: row.id, created };
    });
  }

  /** Where a recipient is reached: its own contact, or for a role every enabled account holding it. */
  private contactsOf(m: EntityManager, recipient: string): Promise<ContactEntity[]> {
    const role = roleOfRecipient(recipient);
    if (role) return m.find(ContactEntity, { where: { role, disabled: false }, order: { recipient: 'ASC' } });
    return m.find(ContactEntity, { where: { recipient } });
  }

  /** Records how a recipient is reached; a newer value replaces an older one, an absent one keeps it. */
  async saveContact(contact: ContactUpdate): Promise<void> {
    if (!contact.email && !contact.mobile && contact.role === undefined) return;
    await this.dataSource.query(
      `INSERT INTO notifications.contact (recipient, email, mobile, role, disabled) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (recipient) DO UPDATE SET email = COALESCE(EXCLUDED.email, contact.email),
         mobile = COALESCE(EXCLUDED.mobile, contact.mobile), role = COALESCE(EXCLUDED.role, contact.role),
         disabled = EXCLUDED.disabled, updated_at = now()`,
      [contact.recipient, contact.email ?? null, contact.mobile ?? null, contact.role ?? null, contact.disabled ?? false],
    );
  }

  /** The newest 200 notices of these inboxes, each saying whether `account` has read it (a role's notice is read per person). */
  async list(recipients: string[], account: string): Promise<Array<NotificationEntity & { read: boolean }>> {
    const rows = await this.notifications.find({ where: { recipient: In(recipients) }, order: { createdAt: 'DESC' }, take: 200 });
    const read = await this.readOf(account, rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, read: read.has(r.id) }));
  }

  private async readOf(account: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = (await this.dataSource.query('SELECT notification_id FROM notifications.notification_read WHERE account = $1 AND notification_id = ANY($2::uuid[])', [account, ids])) as Array<{ notification_id: string }>;
    return new Set(rows.map((r) => r.notification_id));
  }

  /** How many notices of these inboxes `account` has not read: the message centre's badge. */
  async unread(recipients: string[], account: string): Promise<number> {
    const [{ n }] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications.notification n
        WHERE n.recipient = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM notifications.notification_read r WHERE r.account = $2 AND r.notification_id = n.id)`,
      [recipients, account],
    )) as Array<{ n: number }>;
    return n;
  }

  /** Marks notices of these inboxes read for `account`: the named ones, or every one when none is named. Idempotent. */
  async markRead(recipients: string[], account: string, ids: string[] | undefined): Promise<number> {
    const rows = (await this.dataSource.query(
      `INSERT INTO notifications.notification_read (notification_id, account)
       SELECT n.id, $2 FROM notifications.notification n
        WHERE n.recipient = ANY($1::text[]) AND ($3::uuid[] IS NULL OR n.id = ANY($3::uuid[]))
       ON CONFLICT DO NOTHING RETURNING notification_id`,
      [recipients, account, ids ?? null],
    )) as unknown[];
    return rows.length;
  }

  deliveries(status: DeliveryEntity['status'] | undefined): Promise<DeliveryEntity[]> {
    return this.dataSource.getRepository(DeliveryEntity).find({ where: status ? { status } : {}, order: { createdAt: 'DESC' }, take: 200 });
  }
}
