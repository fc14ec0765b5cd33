/**
 * Deleting one kind of a run's data, or the run itself, when its retention period ends. Each runs
 * inside the caller's transaction and returns how many rows went (counts only: they go into the
 * audit log and webhook events). Audio blobs are not deleted here: their keys are noted for
 * deletion in the same transaction (db/retention-blob-deletions.ts).
 */
import type { DeletionAction } from '../lib/retention/retention-actions';
import { enqueueBlobDeletions } from './retention-blob-deletions';
import type { Queryable } from './queryable';

export type DeletionCounts = Record<string, number>;

async function deleteRows(
  db: Queryable,
  table: 'transcripts' | 'responses' | 'turns' | 'analyses' | 'diarizations',
  organizationId: string,
  runId: string,
): Promise<number> {
  // The table name comes from the fixed union above, never from input.
  const { rowCount } = await db.query(
    `delete from ${table} where organization_id = $1::text and run_id = $2::text`,
    [organizationId, runId],
  );
  return rowCount ?? 0;
}

/** Unlinks the run's audio rows and notes their blobs for deletion; returns the number of files. */
async function unlinkAudio(db: Queryable, organizationId: string, runId: string): Promise<number> {
  const { rows } = await db.query<{ blobKey: string }>(
    `delete from audio_assets where organization_id = $1::text and run_id = $2::text
     returning blob_key as "blobKey"`,
    [organizationId, runId],
  );
  await enqueueBlobDeletions(
    db,
    organizationId,
    runId,
    rows.map((row) => row.blobKey),
  );
  return rows.length;
}

export async function deleteRunData(
  db: Queryable,
  organizationId: string,
  runId: string,
  action: DeletionAction,
): Promise<DeletionCounts> {
  switch (action) {
    case 'delete_audio':
      return { audio_files: await unlinkAudio(db, organizationId, runId) };
    case 'delete_transcript':
      // Responses quote the transcript verbatim: they go with it.
      return {
        transcripts: await deleteRows(db, 'transcripts', organizationId, runId),
        responses: await deleteRows(db, 'responses', organizationId, runId),
      };
    case 'delete_turn_log':
      return { turns: await deleteRows(db, 'turns', organizationId, runId) };
    case 'delete_analytics':
      return {
        analyses: await deleteRows(db, 'analyses', organizationId, runId),
        diarizations: await deleteRows(db, 'diarizations', organizationId, runId),
      };
    case 'delete_run': {
      const audioFiles = await unlinkAudio(db, organizationId, runId);
      const messages = await db.query(
        `delete from webhook_messages where organization_id = $1::text and run_id = $2::text`,
        [organizationId, runId],
      );
      // Everything else of the run (turns, transcript, analyses, history, retention row) cascades.
      const runs = await db.query(
        `delete from runs where organization_id = $1::text and id = $2::text`,
        [organizationId, runId],
      );
      return {
        runs: runs.rowCount ?? 0,
        audio_files: audioFiles,
        webhook_messages: messages.rowCount ?? 0,
      };
    }
  }
}
