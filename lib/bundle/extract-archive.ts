/**
 * Unpacks a .zip or .tar(.gz) run bundle into a private temporary directory. Archives come from
 * outside, so every entry is checked: only regular files, no absolute paths, no `..`, no links,
 * a bounded number of entries and bytes. One unsafe entry rejects the whole archive.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import yauzl from 'yauzl';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';

export const archiveLimits = { maxEntries: 64, maxTotalBytes: 8 * 1024 ** 3 };

const archiveKinds = [
  { kind: 'zip', pattern: /\.zip$/i },
  { kind: 'tar', pattern: /\.(tar|tar\.gz|tgz)$/i },
] as const;

export function archiveKind(file: string): 'zip' | 'tar' | undefined {
  return archiveKinds.find(({ pattern }) => pattern.test(file))?.kind;
}

function invalid(message: string): EpilogueError {
  return new EpilogueError(`bundle archive: ${message}`, FailureType.InvalidBundle);
}

const outside = () => invalid('an entry points outside the bundle (absolute path or "..")');

/**
 * Refuses a file entry whose name came before: a tar would overwrite the first silently and a zip
 * reader could pick either, so two readers could see two different bundles.
 */
function assertFirstOccurrence(seen: Set<string>, entryPath: string): void {
  const normalized = path.posix.normalize(entryPath.replace(/\\/g, '/'));
  if (seen.has(normalized)) throw invalid('a file appears twice in the archive');
  seen.add(normalized);
}

function assertSafeEntryPath(entryPath: string): void {
  const normalized = entryPath.replace(/\\/g, '/');
  if (
    normalized.startsWith('/') ||
    /^[A-Za-z]:/.test(normalized) ||
    normalized.split('/').some((part) => part === '..') ||
    normalized.includes('\u0000')
  ) {
    throw outside();
  }
}

/** Extracts into a new temporary directory and returns it; the caller removes it. */
export async function extractArchive(file: string): Promise<string> {
  const kind = archiveKind(file);
  if (!kind) throw invalid('must be a directory, .zip, .tar, .tar.gz or .tgz');
  const target = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-bundle-'));
  try {
    if (kind === 'zip') await extractZip(file, target);
    else await extractTar(file, target);
    return target;
  } catch (error) {
    await fs.rm(target, { recursive: true, force: true });
    if (error instanceof EpilogueError) throw error;
    // yauzl checks entry names itself before we see them.
    if (/invalid relative path|absolute path/.test((error as Error).message)) throw outside();
    throw invalid(`cannot be read (${(error as Error).message.split('\n')[0]})`);
  }
}

async function extractTar(file: string, target: string): Promise<void> {
  let entries = 0;
  let bytes = 0;
  const seen = new Set<string>();
  let rejection: EpilogueError | undefined;
  await tar.x({
    file,
    cwd: target,
    strict: true,
    filter: (entryPath, entry) => {
      try {
        assertSafeEntryPath(entryPath);
        const type = 'type' in entry ? entry.type : 'File';
        if (type === 'Directory') return true;
        if (type !== 'File' && type !== 'OldFile' && type !== 'ContiguousFile') {
          throw invalid('only regular files are allowed (found a link or device)');
        }
        assertFirstOccurrence(seen, entryPath);
        entries += 1;
        bytes += entry.size ?? 0;
        if (entries > archiveLimits.maxEntries)
          throw invalid(`more than ${archiveLimits.maxEntries} entries`);
        if (bytes > archiveLimits.maxTotalBytes) throw invalid('larger than the bundle size limit');
        return true;
      } catch (error) {
        rejection ??= error as EpilogueError;
        return false;
      }
    },
  });
  if (rejection) throw rejection;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, strictFileNames: true, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    ),
  );
}

async function extractZip(file: string, target: string): Promise<void> {
  const zip = await openZip(file);
  if (zip.entryCount > archiveLimits.maxEntries) {
    zip.close();
    throw invalid(`more than ${archiveLimits.maxEntries} entries`);
  }
  let bytes = 0;
  const seen = new Set<string>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        const handle = async () => {
          assertSafeEntryPath(entry.fileName);
          const destination = path.join(target, entry.fileName);
          if (entry.fileName.endsWith('/')) {
            await fs.mkdir(destination, { recursive: true });
            return;
          }
          // Unix mode lives in the high 16 bits; anything but a regular file (0o100000) is refused.
          const unixType = (entry.externalFileAttributes >>> 16) & 0o170000;
          if (unixType !== 0 && unixType !== 0o100000) {
            throw invalid('only regular files are allowed (found a link or device)');
          }
          assertFirstOccurrence(seen, entry.fileName);
          bytes += entry.uncompressedSize;
          if (bytes > archiveLimits.maxTotalBytes)
            throw invalid('larger than the bundle size limit');
          await fs.mkdir(path.dirname(destination), { recursive: true });
          const stream = await new Promise<NodeJS.ReadableStream>((res, rej) =>
            zip.openReadStream(entry, (error, readStream) =>
              error ? rej(error) : res(readStream),
            ),
          );
          await pipeline(stream, createWriteStream(destination, { flags: 'wx' }));
        };
        handle().then(
          () => zip.readEntry(),
          (error: unknown) => reject(error as Error),
        );
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
