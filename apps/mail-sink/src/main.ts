import { loadMailSinkConfig } from '@sme/runtime';
import { MailSink } from './mail-sink';

/** `npm start` and the tests run this as the SMTP relay in development; production sets SMTP_URL to a real one. */
async function main(): Promise<void> {
  const config = loadMailSinkConfig();
  const sink = new MailSink(config.dir);
  const ports = await sink.start(config.host, config.smtpPort, config.httpPort);
  process.stdout.write(`mail sink: SMTP on ${config.host}:${ports.smtpPort}, messages at http://${config.host}:${ports.httpPort}/messages (${config.dir})\n`);
  const stop = () => void sink.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`邮件接收器启动失败 / mail sink failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
