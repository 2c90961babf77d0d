import { Logger } from '@nestjs/common';
import { SmtpMailer } from '@sme/runtime';

export interface OutgoingMessage {
  /** The notification id: also the email's Message-ID, so a receiver can drop a duplicate after a crash-retry. */
  notificationId: string;
  /** The delivery's id: the SMS gateway's dedup id, so a re-sent text after a crash is dropped by the gateway. */
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
}

/** A way out of the system. `send` resolves once the far side accepted the message; it throws to be retried. */
export interface DeliveryChannel {
  send(m: OutgoingMessage): Promise<void>;
}

/** Email over real SMTP to the configured relay (SMTP_URL): the local sink in development, the bureau's relay in production. */
export class SmtpChannel implements DeliveryChannel {
  private readonly mailer: SmtpMailer;

  constructor(smtpUrl: string, from: string) {
    this.mailer = new SmtpMailer(smtpUrl, from);
  }

  async send(m: OutgoingMessage): Promise<void> {
    await this.mailer.send({ to: m.to, subject: m.subject, text: m.text, id: m.notificationId, header: 'X-SME-Notification' });
  }
}

export const SMS_GATEWAY = Symbol('SMS_GATEWAY');
export const EMAIL_CHANNEL = Symbol('EMAIL_CHANNEL');

/**
 * The SMS gateway interface. The SMS provider is outside the system; this implementation writes each message to
 * the structured log (what development and the tests use); a deployment binds the provider's client here.
 */
export class LoggingSmsGateway implements DeliveryChannel {
  private readonly logger = new Logger('sms');

  async send(m: OutgoingMessage): Promise<void> {
    this.logger.log(JSON.stringify({ sms: { to: m.to, dedupId: m.deliveryId, notificationId: m.notificationId, text: `【厦门市中小企业服务中心】${m.subject}：${m.text}` } }));
  }
}
