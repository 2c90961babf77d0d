import { mkdtempSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailSink } from './mail-sink';

describe('the mail sink', () => {
  it('refuses to start when its HTTP port is taken, with the reason (its main then says so and exits 1)', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()));
    const taken = (holder.address() as net.AddressInfo).port;
    const sink = new MailSink(mkdtempSync(join(tmpdir(), 'sme-mail-sink-spec-')));
    try {
      await expect(sink.start('127.0.0.1', 0, taken)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await sink.stop();
      await new Promise((r) => holder.close(r));
    }
  });
});
