import { fromBufferPromise, parseExtraFields, type Entry, type LocalFileHeader, type ZipFile } from 'yauzl';

/**
 * Zip-bomb limits for uploaded Office Open XML files (.xlsx, .docx, .pptx are ZIP archives), judged from the
 * archive's own directory before anything is inflated, so a small upload cannot make the service (exceljs, or whoever
 * opens the evidence later) expand it into gigabytes. yauzl reads the central directory and each local header without
 * inflating; the checks around it make every reader see the same directory (JSZip, inside exceljs, trusts it blindly).
 * A real workbook or document is far inside all of these.
 */
export const ZIP_MAX_ENTRIES = 10_000;
export const ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
export const ZIP_MAX_RATIO = 200;
/** Small entries may compress better than `ZIP_MAX_RATIO` (a blank sheet's XML does): only larger ones are judged. */
export const ZIP_RATIO_MIN_BYTES = 1024 * 1024;

export type ZipRefusal = 'too-many-entries' | 'too-large-uncompressed' | 'ratio' | 'unreadable';
export type ZipVerdict = { ok: true; entries: number; uncompressedBytes: number } | { ok: false; reason: ZipRefusal; zh: string; en: string };

const MIB = 1024 * 1024;
const mib = (n: number) => `${n % MIB === 0 ? n / MIB : (n / MIB).toFixed(1)} MiB`;

const UNREADABLE: ZipVerdict = {
  ok: false,
  reason: 'unreadable',
  zh: '文件的压缩结构无法读取或前后矛盾，已拒收',
  en: 'the file\'s ZIP structure is unreadable or inconsistent; refused',
};

/** An entry's name for a message: printable, short. */
const shown = (name: string) => {
  const clean = [...name].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '?' : c)).join('');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
};

/** A little-endian 64-bit field, refused (thrown) past what a number holds exactly. */
function u64(b: Buffer, at: number): number {
  const n = b.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('64-bit field out of range');
  return Number(n);
}

/** A 32- or 16-bit field of the end record either holds the value or, all ones, defers to ZIP64; anything else disagrees. */
const agrees = (short: number, allOnes: number, long: number) => short === long || short === allOnes;

/**
 * Where the central directory is, from the end records: the last End Of Central Directory record (found as yauzl
 * finds it) and, when its ZIP64 locator precedes it, the ZIP64 record. The directory must end exactly where these
 * records begin, and the two records must agree: otherwise one reader may list other entries than another.
 */
function centralDirectory(b: Buffer): { entries: number; start: number; size: number } | null {
  if (b.length < 22) return null;
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i -= 1) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0 || b.readUInt16LE(eocd + 20) !== b.length - eocd - 22) return null;
  const onDisk16 = b.readUInt16LE(eocd + 8);
  const entries16 = b.readUInt16LE(eocd + 10);
  const size32 = b.readUInt32LE(eocd + 12);
  const start32 = b.readUInt32LE(eocd + 16);
  if (b.readUInt16LE(eocd + 4) !== 0 || b.readUInt16LE(eocd + 6) !== 0 || onDisk16 !== entries16) return null;
  let dir = { entries: entries16, start: start32, size: size32 };
  let end = eocd;
  if (eocd >= 20 && b.readUInt32LE(eocd - 20) === 0x07064b50) {
    const record = u64(b, eocd - 20 + 8);
    if (record + 56 > eocd - 20 || b.readUInt32LE(record) !== 0x06064b50) return null;
    const entries = u64(b, record + 32);
    const size = u64(b, record + 40);
    const start = u64(b, record + 48);
    if (u64(b, record + 24) !== entries || !agrees(entries16, 0xffff, entries) || !agrees(size32, 0xffffffff, size) || !agrees(start32, 0xffffffff, start)) return null;
    dir = { entries, start, size };
    end = record;
  } else if (entries16 === 0xffff || size32 === 0xffffffff || start32 === 0xffffffff) {
    return null; // says ZIP64 but has no ZIP64 record
  }
  return dir.start + dir.size === end ? dir : null;
}

/**
 * The local header's sizes agree with the central directory's. A header that defers them to a data descriptor
 * (flag bit 3) may leave them zero; ZIP64 keeps both in the header's extra field (APPNOTE 4.5.3).
 */
function sameSizes(entry: Entry, local: LocalFileHeader): boolean {
  let compressed = local.compressedSize;
  let uncompressed = local.uncompressedSize;
  if (compressed === 0xffffffff || uncompressed === 0xffffffff) {
    const zip64 = parseExtraFields(local.extraField).find((f) => f.id === 0x0001);
    if (!zip64 || zip64.data.length < 16) return false;
    uncompressed = u64(zip64.data, 0);
    compressed = u64(zip64.data, 8);
  }
  if (local.generalPurposeBitFlag & 0x08 && compressed === 0 && uncompressed === 0) return true;
  return compressed === entry.compressedSize && uncompressed === entry.uncompressedSize;
}

/**
 * Judges a ZIP archive by its declared sizes without inflating anything: at most `ZIP_MAX_ENTRIES` entries, at most
 * `ZIP_MAX_UNCOMPRESSED_BYTES` once expanded, no entry above `ZIP_RATIO_MIN_BYTES` expanding more than
 * `ZIP_MAX_RATIO`:1. An archive whose directory cannot be read, or whose records disagree (local against central
 * headers, entries beyond the file or overlapping, other than stored or deflated data) is `unreadable`. Declared sizes
 * can lie: whoever inflates after this must still stop at them (see `inflatesAsDeclared`).
 */
export async function inspectZip(bytes: Buffer): Promise<ZipVerdict> {
  let dir: ReturnType<typeof centralDirectory>;
  try {
    dir = centralDirectory(bytes);
  } catch {
    return UNREADABLE;
  }
  if (!dir) return UNREADABLE;
  if (dir.entries > ZIP_MAX_ENTRIES) {
    return {
      ok: false,
      reason: 'too-many-entries',
      zh: `压缩包内文件数超过 ${ZIP_MAX_ENTRIES} 个（共 ${dir.entries} 个），已拒收`,
      en: `the archive holds more than ${ZIP_MAX_ENTRIES} files (${dir.entries}); refused`,
    };
  }
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    return UNREADABLE;
  }
  try {
    if (zip.entryCount !== dir.entries) return UNREADABLE;
    let total = 0;
    let directoryBytes = 0;
    const spans: Array<[number, number]> = [];
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (total > ZIP_MAX_UNCOMPRESSED_BYTES) {
        return {
          ok: false,
          reason: 'too-large-uncompressed',
          zh: `文件解压后超过 ${mib(ZIP_MAX_UNCOMPRESSED_BYTES)}，已拒收`,
          en: `the file would expand to more than ${mib(ZIP_MAX_UNCOMPRESSED_BYTES)}; refused`,
        };
      }
      if (entry.uncompressedSize > ZIP_RATIO_MIN_BYTES && entry.uncompressedSize > entry.compressedSize * ZIP_MAX_RATIO) {
        const name = shown(entry.fileName);
        return {
          ok: false,
          reason: 'ratio',
          zh: `压缩包内 ${name} 的压缩比超过 ${ZIP_MAX_RATIO}:1（解压后 ${mib(entry.uncompressedSize)}），疑似压缩炸弹，已拒收`,
          en: `${name} in the archive expands more than ${ZIP_MAX_RATIO}:1 (to ${mib(entry.uncompressedSize)}): a likely zip bomb; refused`,
        };
      }
      // Office writes only stored or deflated entries; other methods are not readable by exceljs and inflate differently.
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) return UNREADABLE;
      // Reads the local header only (yauzl also checks the entry's data ends inside the file).
      const local = await zip.readLocalFileHeaderPromise(entry);
      if (!sameSizes(entry, local)) return UNREADABLE;
      spans.push([entry.relativeOffsetOfLocalHeader, local.fileDataStart + entry.compressedSize]);
      directoryBytes += 46 + entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength;
    }
    // The declared count covered the whole directory (JSZip would read records past it).
    if (directoryBytes !== dir.size) return UNREADABLE;
    // No two entries share bytes (the overlapping-entries bomb), and none runs into the directory.
    spans.sort((a, b) => a[0] - b[0]);
    let edge = 0;
    for (const [from, to] of spans) {
      if (from < edge) return UNREADABLE;
      edge = to;
    }
    if (edge > dir.start) return UNREADABLE;
    return { ok: true, entries: dir.entries, uncompressedBytes: total };
  } catch {
    return UNREADABLE;
  } finally {
    zip.close();
  }
}

/**
 * Whether every entry inflates to exactly its declared size, inflating each as a stream that is thrown away and
 * stopped at the first byte past the declared size: memory stays at a few chunks whatever the archive holds. For a
 * reader that will inflate the whole archive into memory anyway (JSZip in exceljs only compares sizes afterwards), to
 * be called after `inspectZip` accepted the archive, which bounds the work here by its limits.
 */
export async function inflatesAsDeclared(bytes: Buffer): Promise<boolean> {
  try {
    const zip = await fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true });
    try {
      for await (const entry of zip.eachEntry()) {
        const stream = await zip.openReadStreamPromise(entry);
        for await (const chunk of stream) void chunk;
      }
    } finally {
      zip.close();
    }
    return true;
  } catch {
    return false;
  }
}
