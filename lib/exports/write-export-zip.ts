/**
 * Writes an access export as one ZIP file: `manifest.json` first (the request, its times, the
 * counts, and the size and SHA-256 of every other file), then the documents, then the audio.
 * Deterministic: every entry has the export's creation time and the same mode, and audio is
 * stored as it is (already compressed, or a master that deflates poorly), so the same contents
 * make the same bytes. Audio is streamed from the blob store and checked against the size and
 * checksum its row recorded, so the manifest never vouches for a file the ZIP does not hold.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { ExportCounts } from '../../db/participant-exports';
import type { ExportAudioFile, ExportContents } from './export-contents';

export const EXPORT_FORMAT = 'epilogue.participant-export';
export const EXPORT_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

export interface ExportManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  format_version: typeof EXPORT_FORMAT_VERSION;
  request_id: string;
  organization_id: string;
  created_at: string;
  expires_at: string;
  counts: ExportCounts;
  files: ExportManifestFile[];
}

export interface ExportZipInput {
  requestId: string;
  organizationId: string;
  createdAt: Date;
  expiresAt: Date;
  contents: ExportContents;
  /** Where an audio blob is on local disk. */
  audioPath(blobKey: string): Promise<string>;
  /** Called as each audio file starts, for heartbeats. */
  onAudioFile?(path: string): void;
}

/** A regular file, readable by everyone who can open the ZIP (`-rw-r--r--`). */
const FILE_MODE = 0o100644;

const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Passes the bytes through and fails at the end unless they hash to the expected value. */
function verifyingStream(file: ExportAudioFile): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const actual = hash.digest('hex');
      callback(
        actual === file.sha256
          ? null
          : new Error(`audio blob of ${file.path} does not match its recorded checksum`),
      );
    },
  });
}

export async function writeExportZip(
  target: string,
  input: ExportZipInput,
): Promise<ExportManifest> {
  const { documents, audio, counts } = input.contents;
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    format_version: EXPORT_FORMAT_VERSION,
    request_id: input.requestId,
    organization_id: input.organizationId,
    created_at: input.createdAt.toISOString(),
    expires_at: input.expiresAt.toISOString(),
    counts,
    files: [
      ...documents.map((document) => ({
        path: document.path,
        bytes: document.content.length,
        sha256: sha256Of(document.content),
      })),
      ...audio.map((file) => ({ path: file.path, bytes: file.bytes, sha256: file.sha256 })),
    ],
  };

  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  // yazl reports a failed entry on the zip file; ending the output makes the pipeline reject.
  zip.on('error', (error: Error) => output.destroy(error));
  const entry = { mtime: input.createdAt, mode: FILE_MODE };
  zip.addBuffer(
    Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'),
    MANIFEST_PATH,
    entry,
  );
  for (const document of documents) zip.addBuffer(document.content, document.path, entry);
  for (const file of audio) {
    zip.addReadStreamLazy(
      file.path,
      { ...entry, compress: false, size: file.bytes },
      (callback) => {
        input.audioPath(file.blobKey).then(
          (localPath) => {
            input.onAudioFile?.(file.path);
            const source = createReadStream(localPath);
            const verified = verifyingStream(file);
            source.on('error', (error) => zip.emit('error', error));
            verified.on('error', (error) => zip.emit('error', error));
            callback(null, source.pipe(verified));
          },
          (error: unknown) => zip.emit('error', error),
        );
      },
    );
  }
  zip.end();
  await pipeline(output, createWriteStream(target, { flags: 'wx' }));
  return manifest;
}
