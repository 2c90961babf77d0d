import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { InAppNotificationInput, InAppNotificationResult } from '@sme/contracts';
import { ContactEntity, DeliveryEntity, NotificationEntity } from '@sme/persistence';
import { DataSource, In, type Repository } from 'typeorm';

/** Kinds urgent enough for an SMS as well as the email: a deadline the recipient must act on, or a loss of title. */
export const SMS_KINDS = new Set([
  'application.materials_requested',
  'application.ineligible',
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
   * transaction, one email and (for urgent kinds) one SMS delivery when the recipient has a contact.
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
        const contact = await m.findOneBy(ContactEntity, { recipient: input.recipient });
        const deliveries = [
          ...(contact?.email ? [{ channel: 'email' as const, address: contact.email }] : []),
          ...(contact?.mobile && SMS_KINDS.has(input.kind) ? [{ channel: 'sms' as const, address: contact.mobile }] : []),
        ];
        if (deliveries.length) {
          await m.createQueryBuilder().insert().into(DeliveryEntity).values(deliveries.map((d) => ({ ...d, notificationId: row.id, nextAttemptAt: new Date() }))).orIgnore().execute();
        }
      }
      return { notificationId: row.id, created };
    });
  }

  /** Records how a recipient is reached; a newer value replaces an older one, an absent one keeps it. */
  async saveContact(recipient: string, contact: { email?: string; mobile?: string }): Promise<void> {
    if (!contact.email && !contact.mobile) return;
    await this.dataSource.query(
      `INSERT INTO notifications.contact (recipient, email, mobile) VALUES ($1, $2, $3)
       ON CONFLICT (recipient) DO UPDATE SET email = COALESCE(EXCLUDED.email, contact.email),
         mobile = COALESCE(EXCLUDED.mobile, contact.mobile), updated_at = now()`,
      [recipient, contact.email ?? null, contact.mobile ?? null],
    );
  }

  list(recipients: string[]): Promise<NotificationEntity[]> {
    return this.notifications.find({ where: { recipient: In(recipients) }, order: { createdAt: 'DESC' }, take: 200 });
  }

  deliveries(status: DeliveryEntity['status'] | undefined): Promise<DeliveryEntity[]> {
    return this.dataSource.getRepository(DeliveryEntity).find({ where: status ? { status } : {}, order: { createdAt: 'DESC' }, take: 200 });
  }
}
