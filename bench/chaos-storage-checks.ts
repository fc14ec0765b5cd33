/**
 * Did the faults leave duplicate rows or stray files? Rows: each table's count against its count of
 * distinct natural keys (one transcript, responses, diarization and analysis per run — the pipeline
 * ran once — one audio asset per run, kind, track and format, one webhook message per event and
 * endpoint...). Files: the blob files on disk against the blob keys `audio_assets` references, both
 * ways. Partial writes and work directories of killed workers are counted apart: the worker sweeps
 * them once they are an hour old (`sweepTemporaryFiles`, `sweepStaleWorkDirs`).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from '../db/pool';

export interface StorageChecks {
  /** Rows beyond one per natural key, all tables together. */
  duplicateRows: number;
  /** The same, by table (only tables with duplicates). */
  duplicatesByTable: Record<string, number>;
  /** Blob files no row references. */
  orphanFiles: number;
  /** Referenced blob keys with no file. */
  missingFiles: number;
  /** Partial blob writes interrupted by a kill (`blobs/.tmp`). */
  leftoverTempFiles: number;
  /** ffmpeg work directories of killed workers. */
  leftoverWorkDirs: number;
}

/** Each table with the columns that must identify a row; the count beyond them is duplicates. */
const naturalKeys: Record<string, string> = {
  transcripts: 'run_id',
  responses: 'run_id',
  diarizations: 'run_id',
  analyses: 'run_id',
  audio_assets: 'run_id, kind, track, format',
  turns: 'run_id, seq',
  run_status_history: 'run_id, from_status, to_status',
  webhook_messages: 'organization_id, event_key, endpoint_id',
  webhook_attempts: 'message_id, attempt',
};

async function duplicateRowsByTable(db: Pool): Promise<Record<string, number>> {
  const { rows } = await db.query<{ table: string; duplicates: number }>(
    Object.entries(naturalKeys)
      .map(
        ([table, key]) =>
          `select '${table}' as table, (count(*) - count(distinct row(${key})))::int as duplicates from ${table}`,
      )
      .join(' union all '),
  );
  return Object.fromEntries(
    rows.filter((row) => row.duplicates > 0).map((row) => [row.table, row.duplicates]),
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

export async function checkStorage(
  db: Pool,
  dirs: { blobs: string; workerTmp: string },
): Promise<StorageChecks> {
  const duplicatesByTable = await duplicateRowsByTable(db);
  const { rows } = await db.query<{ blobKey: string }>(
    `select distinct blob_key as "blobKey" from audio_assets`,
  );
  const referenced = new Set(rows.map((row) => row.blobKey));
  const all = await filesUnder(dirs.blobs);
  const temporary = all.filter((file) => file.startsWith(`.tmp${path.sep}`));
  const onDisk = new Set(
    all.filter((file) => !temporary.includes(file)).map((file) => file.split(path.sep).join('/')),
  );
  const workDirs = await fs.readdir(dirs.workerTmp).catch(() => [] as string[]);
  return {
    duplicateRows: Object.values(duplicatesByTable).reduce((sum, count) => sum + count, 0),
    duplicatesByTable,
    orphanFiles: [...onDisk].filter((key) => !referenced.has(key)).length,
    missingFiles: [...referenced].filter((key) => !onDisk.has(key)).length,
    leftoverTempFiles: temporary.length,
    leftoverWorkDirs: workDirs.filter((name) => name.startsWith('epilogue-work-')).length,
  };
}
