import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Bytes kept under their sha256: the same file uploaded twice is stored once, and a changed byte is detected on read. */
export class ContentStore {
  constructor(private readonly root: string) {}

  static digest(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  private path(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Writes through a temporary file and a rename, so a crash never leaves a half-written file under a digest. */
  async put(bytes: Buffer): Promise<string> {
    const sha256 = ContentStore.digest(bytes);
    const target = this.path(sha256);
    try {
      await stat(target);
      return sha256;
    } catch {
      /* not stored yet */
    }
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, target);
    return sha256;
  }

  /** The bytes, if they still hash to their name; null when missing or altered. */
  async get(sha256: string): Promise<Buffer | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path(sha256));
    } catch {
      return null;
    }
    return ContentStore.digest(bytes) === sha256 ? bytes : null;
  }
}
