/**
 * Where audio and other large files live. Rows in PostgreSQL hold blob keys; workflows pass keys,
 * never bytes. Keys are content-addressed (`<namespace>/<sha256[0:2]>/<sha256>.<ext>`), so writing
 * the same content twice yields the same key: a retried activity never creates a second file.
 */
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';

export interface BlobRef {
  key: string;
  sha256: string;
  size: number;
}

export interface BlobStore {
  /** Copies a local file into the store under `namespace` (an organization id). */
  putFile(namespace: string, sourcePath: string, extension: string): Promise<BlobRef>;
  putBuffer(namespace: string, data: Buffer, extension: string): Promise<BlobRef>;
  /** A path on local disk for tools such as ffmpeg that read files. */
  localPath(key: string): Promise<string>;
  read(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Idempotent: deleting a missing key is not an error. Returns whether a file was removed. */
  delete(key: string): Promise<boolean>;
  /** Every key under a namespace, for scans and garbage collection. */
  list(namespace: string): AsyncIterable<string>;
  /** Removes partial writes older than `olderThanMs` left by a killed process; returns how many. */
  sweepTemporaryFiles(olderThanMs: number): Promise<number>;
}

const keyPattern = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
const extensionPattern = /^[a-z0-9]{1,8}$/;

/** Rejects anything that is not a plain relative key: traversal, absolute paths, odd characters. */
export function assertSafeBlobKey(key: string): void {
  if (key.length > 512 || !keyPattern.test(key) || key.split('/').some((part) => part === '..')) {
    throw new EpilogueError(
      'blob key must be a relative path of letters, digits, dot, dash and underscore',
      FailureType.InvalidBlobKey,
    );
  }
}

export function contentKey(namespace: string, sha256: string, extension: string): string {
  if (!extensionPattern.test(extension)) {
    throw new EpilogueError(
      `blob extension must match ${extensionPattern}`,
      FailureType.InvalidBlobKey,
    );
  }
  const key = `${namespace}/${sha256.slice(0, 2)}/${sha256}.${extension}`;
  assertSafeBlobKey(key);
  return key;
}
