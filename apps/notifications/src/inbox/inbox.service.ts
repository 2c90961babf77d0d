import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { InAppNotificationInput, InAppNotificationResult } from '@sme/contracts';
import { NotificationEntity } from '@sme/persistence';
import { In, type Repository } from 'typeorm';

@Injectable()
export class InboxService {
  constructor(@InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>) {}

  /** Stores a notification once per idempotency key; a repeat returns the stored one. */
  async store(input: InAppNotificationInput): Promise<InAppNotificationResult> {
    const inserted = await this.notifications
      .createQueryBuilder()
      .insert()
      .values({
        idempotencyKey: input.idempotencyKey,
        recipient: input.recipient,
        kind: input.kind,
        title: input.title,
        body: input.body,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const created = inserted.raw.length > 0;
    const row = await this.notifications.findOneByOrFail({ idempotencyKey: input.idempotencyKey });
    return { notificationId: row.id, created };
  }

  list(recipients: string[]): Promise<NotificationEntity[]> {
    return this.notifications.find({ where: { recipient: In(recipients) }, order: { createdAt: 'DESC' }, take: 200 });
  }
}
