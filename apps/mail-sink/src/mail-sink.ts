import { simpleParser } from 'mailparser';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  messageId: string | null;
  text: string;
}

/**
 * The development mail relay: a real SMTP server that accepts every message and keeps it as an .eml file, and
 * an HTTP endpoint listing what arrived (GET /messages, newest first). Addresses starting with `bounce` are
 * refused permanently (550) and `busy` temporarily (451), so developers and tests can watch retries and the
 * dead-letter path with real SMTP errors.
 */
export class MailSink {
  private smtp?: SMTPServer;
  private http?: Server;
  private seq = 0;

  constructor(private readonly dir: string) {}

  async start(host: string, smtpPort: number, httpPort: number): Promise<{ smtpPort: number; httpPort: number }> {
    await mkdir(this.dir, { recursive: true });
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      banner: 'sme-platforms development mail sink',
      size: 10 * 1024 * 1024,
      onRcptTo: (address, _session, cb) => {
        const local = address.address.toLowerCase();
        if (local.startsWith('bounce')) return cb(Object.assign(new Error('mailbox unavailable (sink rule: bounce*)'), { responseCode: 550 }));
        if (local.startsWith('busy')) return cb(Object.assign(new Error('try again later (sink rule: busy*)'), { responseCode: 451 }));
        cb();
      },
      onData: (stream, _session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const name = `${Date.now()}-${String(++this.seq).padStart(6, '0')}.eml`;
          writeFile(join(this.dir, name), Buffer.concat(chunks)).then(() => cb(), cb);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.smtp!.once('error', reject);
      this.smtp!.listen(smtpPort, host, () => resolve());
    });
    this.http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://sink');
      if (req.method === 'GET' && url.pathname === '/messages') {
        // Newest first, 500 unless `?limit=` asks for more (a run that counts every Message-ID reads them all).
        const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 500) || 500, 1), 1_000_000);
        this.messages(limit).then(
          (m) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(m)),
          (err: unknown) => res.writeHead(500).end(String(err)),
        );
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('GET /messages[?limit=N] lists the messages received, newest first\n');
    });
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject);
      this.http!.listen(httpPort, host, () => resolve());
    });
    const smtpAddress = (this.smtp as unknown as { server: Server }).server.address();
    const httpAddress = this.http.address();
    return {
      smtpPort: typeof smtpAddress === 'object' && smtpAddress ? smtpAddress.port : smtpPort,
      httpPort: typeof httpAddress === 'object' && httpAddress ? httpAddress.port : httpPort,
    };
  }

  async messages(limit = 500): Promise<SunkMessage[]> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.eml')).sort().reverse().slice(0, limit);
    return Promise.all(
      names.map(async (name) => {
        const mail = await simpleParser(await readFile(join(this.dir, name)));
        const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
        return {
          id: name.replace(/\.eml$/, ''),
          receivedAt: (mail.date ?? new Date()).toISOString(),
          from: mail.from?.text ?? '',
          to,
          subject: mail.subject ?? '',
          messageId: mail.messageId ?? null,
          text: mail.text ?? '',
        };
      }),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.smtp ? this.smtp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
  }
}
