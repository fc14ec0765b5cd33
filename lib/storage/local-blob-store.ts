/**
 * The default BlobStore: files under `$EPILOGUE_DATA_DIR/blobs`. Writes go to a temporary file in
 * the same filesystem, are fsynced, then renamed into place, so a crash never leaves a partial blob
 * under a real key.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeBlobKey, contentKey, type BlobRef, type BlobStore } from './blob-store';

export class LocalBlobStore implements BlobStore {
  private readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, '.tmp');
  }

  async putFile(namespace: string, sourcePath: string, extension: string): Promise<BlobRef> {
    return this.write(namespace, extension, createReadStream(sourcePath));
  }

  async putBuffer(namespace: string, data: Buffer, extension: string): Promise<BlobRef> {
    return this.write(namespace, extension, Readable.from([data]));
  }

  async localPath(key: string): Promise<string> {
    return this.resolve(key);
  }

  async read(key: string): Promise<Buffer> {
    return fs.readFile(this.resolve(key));
  }

  async exists(key: string): Promise<boolean> {
    return fs.access(this.resolve(key)).then(
      () => true,
      () => false,
    );
  }

  async delete(key: string): Promise<boolean> {
    try {
      await fs.unlink(this.resolve(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async *list(namespace: string): AsyncIterable<string> {
    assertSafeBlobKey(namespace);
    const base = this.resolve(namespace);
    let entries: string[];
    try {
      entries = await fs.readdir(base, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries.sort()) {
      const stat = await fs.stat(path.join(base, entry));
      if (stat.isFile()) yield `${namespace}/${entry.split(path.sep).join('/')}`;
    }
  }

  /**
   * Removes temporary files a killed process left behind (a write interrupted before its rename).
   * Only files older than `olderThanMs` go, so writes in progress elsewhere are never touched.
   */
  async sweepTemporaryFiles(olderThanMs: number): Promise<number> {
    const names = await fs.readdir(this.tmpDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.tmpDir, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > olderThanMs) {
        await fs.rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  /** Maps a key to a path inside the root, refusing anything that would escape it. */
  private resolve(key: string): string {
    assertSafeBlobKey(key);
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(this.root + path.sep)) {
      throw new Error('blob key resolves outside the store');
    }
    return resolved;
  }

  private async write(namespace: string, extension: string, source: Readable): Promise<BlobRef> {
    assertSafeBlobKey(namespace);
    await fs.mkdir(this.tmpDir, { recursive: true });
    const tmpPath = path.join(this.tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, hashing, createWriteStream(tmpPath, { flags: 'wx' }));
      const handle = await fs.open(tmpPath, 'r');
      await handle.sync().finally(() => handle.close());
      const sha256 = hash.digest('hex');
      const key = contentKey(namespace, sha256, extension);
      const target = this.resolve(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(tmpPath, target);
      return { key, sha256, size };
    } catch (error) {
      await fs.rm(tmpPath, { force: true });
      throw error;
    }
  }
}
