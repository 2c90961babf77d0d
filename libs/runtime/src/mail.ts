import { createTransport, type Transporter } from 'nodemailer';

/**
 * Email over real SMTP to the configured relay (SMTP_URL): the local sink in development, the bureau's relay in
 * production. The id becomes the Message-ID, so a receiver can drop a duplicate sent again after a crash.
 */
export class SmtpMailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const u = new URL(smtpUrl);
    this.transport = createTransport({
      host: u.hostname,
      port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 25)),
      secure: u.protocol === 'smtps:',
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
      // The local sink speaks plain SMTP; a production relay is reached over smtps:// (or STARTTLS when offered).
      ignoreTLS: u.hostname === '127.0.0.1' || u.hostname === 'localhost',
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  /** Resolves once the relay accepted the message; throws to be retried. */
  async send(m: { to: string; subject: string; text: string; id: string; header: string }): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      messageId: `<${m.id}@sme-platforms>`,
      headers: { [m.header]: m.id },
    });
  }
}
