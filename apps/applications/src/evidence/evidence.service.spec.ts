import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DomainProblem, type RuntimeConfig } from '@sme/runtime';
import { EvidenceService } from './evidence.service';
import type { EvidenceScanner } from './scanner';
import { oneEntryZip } from './zip-fixtures';

const MIB = 1024 * 1024;


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
