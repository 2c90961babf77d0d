import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import zlib from 'node:zlib';
import { DomainProblem, type RuntimeConfig } from '@sme/runtime';
import { EvidenceService } from './evidence.service';
import type { EvidenceScanner } from './scanner';

const MIB = 1024 * 1024;

/** A ZIP archive of one deflated entry (an Office document as far as the signature goes). */
function oneEntryZip(name: string, content: Buffer): Buffer {
  const data = zlib.deflateRawSync(content);
  const file = Buffer.from(name);
  const crc = zlib.crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(file.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(local.length + file.length + data.length, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

/** A service with nothing behind it but the scanner: these checks come before any database or disk is asked. */
function service(scanner: EvidenceScanner): EvidenceService {
  const untouched = new Proxy({}, { get: () => { throw new Error('not to be reached'); } }) as never;
  const config = { evidenceDir: '/nonexistent', evidenceQuotaFiles: 60, evidenceQuotaBytes: 300 * MIB, jwtSecret: 'x'.repeat(32) } as RuntimeConfig;
  return new EvidenceService(untouched, config, scanner, untouched);
}

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe(`${EvidenceService.name} checks uploads`, () => {
  // Refusing after the scan shows what got that far without anything being stored.
  const scanner = { scan: jest.fn(async () => ({ clean: false as const, signature: 'Test-Stop' })) };
  const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  beforeEach(() => {
    scanner.scan.mockClear();
    warned.mockClear();
  });
  afterAll(() => warned.mockRestore());

  it('refuses a zip bomb sent as a .docx with 422 archive-refused, before the virus scan', async () => {
    const bomb = oneEntryZip('word/document.xml', Buffer.alloc(20 * MIB));
    const err = await refusal(service(scanner).keepDocument({ originalname: '营业执照.docx', buffer: bomb, size: bomb.length }, 'test'));
    expect(err).toBeInstanceOf(DomainProblem);
    expect(err).toMatchObject({ slug: 'archive-refused', text: { zh: expect.stringContaining('压缩比超过 200:1'), en: expect.stringContaining('200:1') }, extensions: { reason: 'ratio' } });
    expect((err as DomainProblem).getStatus()).toBe(422);
    expect(scanner.scan).not.toHaveBeenCalled();
    expect(warned).toHaveBeenCalledWith('upload refused as an archive (ratio) for test');
  });

  it('passes a sound Office document and a PDF on to the virus scan', async () => {
    const docx = oneEntryZip('word/document.xml', Buffer.from('<w:document>厦门</w:document>'));
    const pdf = Buffer.from('%PDF-1.7\n');
    for (const [originalname, buffer] of [['材料.docx', docx], ['材料.pdf', pdf]] as const) {
      expect(await refusal(service(scanner).keepDocument({ originalname, buffer, size: buffer.length }, 'test'))).toMatchObject({ slug: 'virus-found' });
    }
    expect(scanner.scan).toHaveBeenCalledTimes(2);
  });
});
