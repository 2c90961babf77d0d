import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { inflatesAsDeclared, inspectZip, ZIP_MAX_ENTRIES, ZIP_MAX_RATIO, ZIP_MAX_UNCOMPRESSED_BYTES, ZIP_RATIO_MIN_BYTES } from './zip-limits';

const MIB = 1024 * 1024;

/** One entry as the archive holds it: its bytes (deflated for method 8), its real size, and what the headers claim. */
interface Part {
  name: string;
  data: Buffer;
  method: number;
  size: number;
  crc: number;
  /** Sizes the central directory claims instead of the real ones (a forged directory). */
  central?: { compressed?: number; uncompressed?: number };
  /** Sizes the local header claims instead of the real ones. */
  local?: { compressed?: number; uncompressed?: number };
  /** Sizes deferred to a data descriptor after the data, zero in the local header (streaming writers do this). */
  descriptor?: boolean;
  /** A central record pointing at the local header of an earlier part instead of its own (overlapping entries). */
  reuse?: number;
}

const stored = (name: string, content: Buffer | string): Part => {
  const bytes = Buffer.from(content);
  return { name, data: bytes, method: 0, size: bytes.length, crc: zlib.crc32(bytes) };
};
const deflated = (name: string, content: Buffer | string): Part => {
  const bytes = Buffer.from(content);
  return { name, data: zlib.deflateRawSync(bytes), method: 8, size: bytes.length, crc: zlib.crc32(bytes) };
};

/** `size` zero bytes deflated as a stream of 1 MiB chunks: the test never holds them all. */
async function deflatedZeros(name: string, size: number): Promise<Part> {
  const zero = Buffer.alloc(MIB);
  let crc = 0;
  const out: Buffer[] = [];
  await pipeline(
    function* () {
      for (let left = size; left > 0; left -= MIB) {
        const chunk = zero.subarray(0, Math.min(MIB, left));
        crc = zlib.crc32(chunk, crc);
        yield chunk;
      }
    },
    zlib.createDeflateRaw({ level: 9 }),
    async (deflating: AsyncIterable<Buffer>) => {
      for await (const c of deflating) out.push(c);
    },
  );
  return { name, data: Buffer.concat(out), method: 8, size, crc };
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const zip64Extra = (...values: number[]) => Buffer.concat([u16(0x0001), u16(values.length * 8), ...values.map(u64)]);

/**
 * A ZIP archive as APPNOTE.TXT lays it out: local headers and data, the central directory, the end records. With
 * `zip64` every size goes to the ZIP64 extra fields and the end records are the ZIP64 ones; `eocdEntries` forges the
 * count in the (classic) end record.
 */
function buildZip(parts: Part[], options: { zip64?: boolean; eocdEntries?: number } = {}): Buffer {
  const zip64 = options.zip64 ?? false;
  const chunks: Buffer[] = [];
  let at = 0;
  const put = (b: Buffer) => {
    chunks.push(b);
    at += b.length;
  };
  const offsets: number[] = [];
  for (const p of parts) {
    offsets.push(p.reuse !== undefined ? offsets[p.reuse]! : at);
    if (p.reuse !== undefined) continue;
    const name = Buffer.from(p.name);
    const compressed = p.local?.compressed ?? (p.descriptor ? 0 : p.data.length);
    const uncompressed = p.local?.uncompressed ?? (p.descriptor ? 0 : p.size);
    const extra = zip64 ? zip64Extra(uncompressed, compressed) : Buffer.alloc(0);
    put(
      Buffer.concat([
        u32(0x04034b50), u16(zip64 ? 45 : 20), u16(0x0800 | (p.descriptor ? 0x08 : 0)), u16(p.method), u16(0), u16(0x21),
        u32(p.descriptor ? 0 : p.crc), u32(zip64 ? 0xffffffff : compressed), u32(zip64 ? 0xffffffff : uncompressed), u16(name.length), u16(extra.length),
        name, extra,
      ]),
    );
    put(p.data);
    if (p.descriptor) put(Buffer.concat([u32(0x08074b50), u32(p.crc), u32(p.data.length), u32(p.size)]));
  }
  const start = at;
  parts.forEach((p, i) => {
    const name = Buffer.from(p.name);
    const compressed = p.central?.compressed ?? p.data.length;
    const uncompressed = p.central?.uncompressed ?? p.size;
    const extra = zip64 ? zip64Extra(uncompressed, compressed) : Buffer.alloc(0);
    put(
      Buffer.concat([
        u32(0x02014b50), u16(zip64 ? 45 : 20), u16(zip64 ? 45 : 20), u16(0x0800 | (p.descriptor ? 0x08 : 0)), u16(p.method), u16(0), u16(0x21),
        u32(p.crc), u32(zip64 ? 0xffffffff : compressed), u32(zip64 ? 0xffffffff : uncompressed), u16(name.length), u16(extra.length), u16(0),
        u16(0), u16(0), u32(0), u32(offsets[i]!), name, extra,
      ]),
    );
  });
  const size = at - start;
  const count = options.eocdEntries ?? (zip64 ? 0xffff : parts.length);
  if (zip64) {
    const record = at;
    put(Buffer.concat([u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0), u64(parts.length), u64(parts.length), u64(size), u64(start)]));
    put(Buffer.concat([u32(0x07064b50), u32(0), u64(record), u32(1)]));
  }
  put(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(count), u16(count), u32(zip64 ? 0xffffffff : size), u32(zip64 ? 0xffffffff : start), u16(0)]));
  return Buffer.concat(chunks);
}

/** The parts of a small workbook, as Excel lays one out. */
const workbookParts = (): Part[] => [
  deflated('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  deflated('_rels/.rels', '<?xml version="1.0"?><Relationships/>'),
  deflated('xl/workbook.xml', '<?xml version="1.0"?><workbook><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>'),
  deflated('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet><sheetData>${'<row><c t="inlineStr"><is><t>厦门</t></is></c></row>'.repeat(500)}</sheetData></worksheet>`),
  stored('docProps/thumbnail.jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])),
];

/**
 * Counts every call into zlib's inflating functions (whoever makes it: yauzl requires the same module) until
 * restored. Their properties are read-only, so `jest.spyOn` cannot wrap them; they are configurable.
 */
function watchInflating(): { calls: string[]; restore: () => void } {
  const calls: string[] = [];
  const originals: Array<[string, PropertyDescriptor]> = [];
  for (const key of ['createInflateRaw', 'createInflate', 'createUnzip', 'createGunzip', 'inflateRawSync', 'inflateSync', 'unzipSync', 'gunzipSync', 'inflateRaw', 'inflate', 'unzip', 'gunzip']) {
    const original = Object.getOwnPropertyDescriptor(zlib, key)!;
    const inflate = original.value as (...args: unknown[]) => unknown;
    originals.push([key, original]);
    Object.defineProperty(zlib, key, {
      ...original,
      value: (...args: unknown[]) => {
        calls.push(key);
        return inflate(...args);
      },
    });
  }
  return { calls, restore: () => originals.forEach(([key, original]) => Object.defineProperty(zlib, key, original)) };
}

const refused = (reason: string) => expect.objectContaining({ ok: false, reason, zh: expect.any(String), en: expect.any(String) });

describe('inspectZip', () => {
  it('passes a small workbook, counting its entries and declared size', async () => {
    const parts = workbookParts();
    expect(await inspectZip(buildZip(parts))).toEqual({ ok: true, entries: 5, uncompressedBytes: parts.reduce((n, p) => n + p.size, 0) });
  });

  it('passes entries whose sizes follow in data descriptors, as streaming writers make them', async () => {
    const parts = workbookParts().map((p) => ({ ...p, descriptor: p.method === 8 }));
    expect(await inspectZip(buildZip(parts))).toMatchObject({ ok: true, entries: 5 });
  });

  it('passes a ZIP64 archive, and an entry under 1 MiB however well it compresses', async () => {
    const blank = deflated('xl/worksheets/sheet2.xml', Buffer.alloc(ZIP_RATIO_MIN_BYTES));
    expect(blank.size / blank.data.length).toBeGreaterThan(ZIP_MAX_RATIO);
    expect(await inspectZip(buildZip([...workbookParts(), blank], { zip64: true }))).toMatchObject({ ok: true, entries: 6 });
  });

  it(`passes ${ZIP_MAX_ENTRIES} entries and refuses ${ZIP_MAX_ENTRIES + 1} as too-many-entries`, async () => {
    const tiny = (n: number) => Array.from({ length: n }, (_, i) => stored(`f/${i}.txt`, 'x'));
    expect(await inspectZip(buildZip(tiny(ZIP_MAX_ENTRIES)))).toMatchObject({ ok: true, entries: ZIP_MAX_ENTRIES });
    const verdict = await inspectZip(buildZip(tiny(ZIP_MAX_ENTRIES + 1)));
    expect(verdict).toEqual(refused('too-many-entries'));
    expect(verdict).toMatchObject({ zh: expect.stringContaining('超过 10000 个'), en: expect.stringContaining('more than 10000 files') });
  });

  it('refuses 300 MiB of deflated zeros from the directory alone, without inflating anything', async () => {
    const bomb = buildZip([...workbookParts(), await deflatedZeros('xl/worksheets/sheet1.bin', 300 * MIB)]);
    expect(bomb.length).toBeLessThan(2 * MIB);
    const inflating = watchInflating();
    try {
      const verdict = await inspectZip(bomb);
      expect(verdict).toEqual(refused('too-large-uncompressed'));
      expect(verdict).toMatchObject({ zh: '文件解压后超过 200 MiB，已拒收', en: expect.stringContaining('more than 200 MiB') });
      expect(inflating.calls).toEqual([]);
      // The watch does see inflating: the streaming check inflates, and it is counted.
      await inflatesAsDeclared(buildZip(workbookParts()));
      expect(inflating.calls).toContain('createInflateRaw');
    } finally {
      inflating.restore();
    }
  }, 60_000);

  it('refuses an entry over 1 MiB expanding more than 200:1, naming it, though the whole stays under 200 MiB', async () => {
    const verdict = await inspectZip(buildZip([...workbookParts(), await deflatedZeros('xl/media/image1.png', 20 * MIB)]));
    expect(verdict).toEqual(refused('ratio'));
    expect(verdict).toMatchObject({ zh: expect.stringContaining('xl/media/image1.png 的压缩比超过 200:1'), en: expect.stringContaining('more than 200:1 (to 20 MiB)') });
  });

  it('adds the declared sizes of all entries against the 200 MiB limit (a forged directory, honest-looking ratios)', async () => {
    const claim = { uncompressed: 80 * MIB };
    const parts = Array.from({ length: 3 }, (_, i) => ({ ...deflated(`part${i}.xml`, randomBytes(MIB)), central: claim, local: claim }));
    expect(3 * 80 * MIB).toBeGreaterThan(ZIP_MAX_UNCOMPRESSED_BYTES);
    expect(await inspectZip(buildZip(parts))).toEqual(refused('too-large-uncompressed'));
  });

  it('refuses a ZIP64 entry declaring 5 GiB', async () => {
    const huge = { ...deflated('xl/worksheets/sheet1.xml', 'x'), central: { uncompressed: 5 * 1024 * MIB, compressed: 64 * MIB } };
    expect(await inspectZip(buildZip([huge], { zip64: true }))).toEqual(refused('too-large-uncompressed'));
  });

  describe('unreadable', () => {
    const parts = workbookParts();
    const good = buildZip(parts);

    it.each([
      ['garbage bytes', Buffer.from('this is not a zip file at all, only text pretending to be one; PK')],
      ['an empty buffer', Buffer.alloc(0)],
      ['a local header and nothing else', good.subarray(0, 100)],
      ['an archive cut short', good.subarray(0, good.length - 10)],
      ['an archive with bytes after its end record', Buffer.concat([good, Buffer.from('trailing')])],
    ])('refuses %s', async (_, bytes) => {
      expect(await inspectZip(bytes)).toEqual(refused('unreadable'));
    });

    it('refuses a local header whose sizes disagree with the central directory', async () => {
      const lying = parts.map((p, i) => (i === 3 ? { ...p, local: { uncompressed: p.size + 1 } } : p));
      expect(await inspectZip(buildZip(lying))).toEqual(refused('unreadable'));
    });

    it('refuses an entry whose data runs past the end of the file', async () => {
      const long = parts.map((p, i) => (i === 3 ? { ...p, central: { compressed: good.length }, local: { compressed: good.length } } : p));
      expect(await inspectZip(buildZip(long))).toEqual(refused('unreadable'));
    });

    it('refuses an entry whose data runs into the central directory', async () => {
      const last = parts.slice(0, 4);
      const compressed = last[3]!.data.length + 20;
      expect(await inspectZip(buildZip(last.map((p, i) => (i === 3 ? { ...p, central: { compressed }, local: { compressed } } : p))))).toEqual(refused('unreadable'));
    });

    it('refuses an end record that counts fewer entries than the directory holds', async () => {
      expect(await inspectZip(buildZip(parts, { eocdEntries: parts.length - 1 }))).toEqual(refused('unreadable'));
    });

    it('refuses a ZIP64 archive whose classic end record disagrees with the ZIP64 one', async () => {
      expect(await inspectZip(buildZip(parts, { zip64: true, eocdEntries: 1 }))).toEqual(refused('unreadable'));
    });

    it('refuses two entries sharing the same data (the overlapping-entries bomb)', async () => {
      expect(await inspectZip(buildZip([...parts, { ...parts[3]!, name: 'xl/worksheets/sheet2.xml', reuse: 3 }]))).toEqual(refused('unreadable'));
    });

    it('refuses a compression method Office does not write', async () => {
      expect(await inspectZip(buildZip(parts.map((p, i) => (i === 3 ? { ...p, method: 12 } : p))))).toEqual(refused('unreadable'));
    });
  });
});

describe('inflatesAsDeclared', () => {
  it('accepts an archive whose entries inflate to their declared sizes', async () => {
    expect(await inflatesAsDeclared(buildZip(workbookParts()))).toBe(true);
  });

  it('stops at the declared size of an entry that inflates to more (a lying directory that inspectZip cannot see)', async () => {
    const zeros = await deflatedZeros('xl/worksheets/sheet1.xml', 64 * MIB);
    const lying = buildZip([...workbookParts(), { ...zeros, central: { uncompressed: 1024 }, local: { uncompressed: 1024 } }]);
    expect(await inspectZip(lying)).toMatchObject({ ok: true });
    const before = process.memoryUsage().arrayBuffers;
    expect(await inflatesAsDeclared(lying)).toBe(false);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MIB);
  });

  it('refuses an entry that inflates to less than declared, and garbage', async () => {
    const short = workbookParts().map((p, i) => (i === 3 ? { ...p, central: { uncompressed: p.size + 10 }, local: { uncompressed: p.size + 10 } } : p));
    expect(await inflatesAsDeclared(buildZip(short))).toBe(false);
    expect(await inflatesAsDeclared(Buffer.from('not a zip'))).toBe(false);
  });
});
