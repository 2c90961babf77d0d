import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type InAppNotificationInput, type InAppNotificationResult, roleOfRecipient } from '@sme/contracts';
import { ContactEntity, DeliveryEntity, NotificationEntity } from '@sme/persistence';
import type { RuntimeConfig } from '@sme/runtime';
import { DataSource, type EntityManager, In, IsNull, type Repository } from 'typeorm';
import type { ContactUpdate } from '../events/event-notifier';
import { RUNTIME_CONFIG } from '../tokens';
import { DIGEST_LISTED, DIGEST_MAX_WINDOWS, DIGESTS, renderDigest } from './digest';

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
    @Inject(RUNTIME_CONFIG) private readonly config: Pick<RuntimeConfig, 'digestWindowMs'>,
  ) {}

  /**
   * Stores a notification once per idempotency key (a repeat returns the stored one) and, in the same
   * transaction, one email and (for urgent kinds) one SMS delivery per address the recipient is reached at: an
   * institution's contact, or, for a notice to a role, each enabled account of that role. An escalation to a role
   * (DIGESTS) is gathered into that role's open digest instead, which alone is read and sent.
   */
  async store(input: InAppNotificationInput): Promise<InAppNotificationResult> {
    const gathered = roleOfRecipient(input.recipient) !== null && input.kind in DIGESTS;
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
      if (created && gathered) await this.gather(m, row);
      else if (created) await this.addDeliveries(m, row, new Date());
      return { notificationId: row.id, created };
    });
  }

  private async addDeliveries(m: EntityManager, n: NotificationEntity, at: Date): Promise<void> {
    const deliveries = (await this.contactsOf(m, n.recipient)).flatMap((contact) => [
      ...(contact.email ? [{ channel: 'email' as const, address: contact.email }] : []),
      ...(contact.mobile && SMS_KINDS.has(n.kind) ? [{ channel: 'sms' as const, address: contact.mobile }] : []),
    ]);
    if (deliveries.length) {
      await m.createQueryBuilder().insert().into(DeliveryEntity).values(deliveries.map((d) => ({ ...d, notificationId: n.id, nextAttemptAt: at }))).orIgnore().execute();
    }
  }

  /**
   * Puts an escalation into its role's digest for its kind: the one still gathering (its quiet window pushed on, up
   * to DIGEST_MAX_WINDOWS from its first), or a new one whose email goes out when it stops gathering. One digest
   * at a time per role and kind (an advisory lock); the digest row is locked while it changes, and the delivery
   * worker reads it under a share lock, so an escalation is either in the email or starts the next digest.
   */
  private async gather(m: EntityManager, item: NotificationEntity): Promise<void> {
    const window = this.config.digestWindowMs;
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`digest|${item.recipient}|${item.kind}`]);
    const [open] = (await m.query(
      `SELECT id FROM notifications.notification
        WHERE recipient = $1 AND kind = $2 AND gathers_until > clock_timestamp()
        ORDER BY gathers_until DESC LIMIT 1 FOR UPDATE`,
      [item.recipient, item.kind],
    )) as Array<{ id: string }>;
    let digestId = open?.id;
    if (digestId) {
      await m.query(
        `UPDATE notifications.notification
            SET gathers_until = LEAST(gathers_from + $2 * interval '1 millisecond', clock_timestamp() + $3 * interval '1 millisecond')
          WHERE id = $1`,
        [digestId, window * DIGEST_MAX_WINDOWS, window],
      );
    } else {
      const [created] = (await m.query(
        `INSERT INTO notifications.notification (idempotency_key, recipient, kind, title, body, gathers_from, gathers_until)
         VALUES ($1, $2, $3, $4, $4, clock_timestamp(), clock_timestamp() + $5 * interval '1 millisecond')
         RETURNING id, gathers_until`,
        [`digest:${item.idempotencyKey}`, item.recipient, item.kind, JSON.stringify({ zh: '', en: '' }), window],
      )) as Array<{ id: string; gathers_until: Date }>;
      digestId = created!.id;
      await this.addDeliveries(m, { ...item, id: digestId }, created!.gathers_until);
    }
    await m.query('UPDATE notifications.notification SET digest_id = $1 WHERE id = $2', [digestId, item.id]);
    // Whoever read the digest has not read this one yet.
    await m.query('DELETE FROM notifications.notification_read WHERE notification_id = $1', [digestId]);
    const [{ count }] = (await m.query('SELECT count(*)::int AS count FROM notifications.notification WHERE digest_id = $1', [digestId])) as Array<{ count: number }>;
    const listed = (await m.query(
      'SELECT title FROM notifications.notification WHERE digest_id = $1 ORDER BY created_at, id LIMIT $2',
      [digestId, DIGEST_LISTED],
    )) as Array<{ title: { zh: string; en: string } }>;
    const { title, body } = renderDigest(item.kind, count, listed.map((l) => l.title));
    await m.query('UPDATE notifications.notification SET title = $2, body = $3 WHERE id = $1', [digestId, JSON.stringify(title), JSON.stringify(body)]);
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
    // An escalation gathered into a digest is read there.
    const rows = await this.notifications.find({ where: { recipient: In(recipients), digestId: IsNull() }, order: { createdAt: 'DESC' }, take: 200 });
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
        WHERE n.recipient = ANY($1::text[]) AND n.digest_id IS NULL
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
