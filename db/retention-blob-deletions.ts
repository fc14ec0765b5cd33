/**
 * Blobs that retention unlinked from audio_assets and must delete once no row of the organization
 * references them (content-addressed blobs can be shared by identical uploads). The note is written
 * in the transaction that unlinks the blob, and removed after the file is gone.
 */
import type { Queryable } from './queryable';

export interface PendingBlobDeletion {
  organizationId: string;
  blobKey: string;
}

export async function enqueueBlobDeletions(
  db: Queryable,
  organizationId: string,
  runId: string,
  blobKeys: string[],
): Promise<void> {
  if (blobKeys.length === 0) return;
  await db.query(
    `insert into retention_blob_deletions (organization_id, blob_key, run_id)
     select $1::text, key, $2::text from unnest($3::text[]) as key
     on conflict (organization_id, blob_key) do nothing`,
    [organizationId, runId, blobKeys],
  );
}

/** The run's pending deletions, or, without a run, every one enqueued before `olderThan`. */
export async function pendingBlobDeletions(
  db: Queryable,
  filter: { organizationId: string; runId: string } | { olderThan: Date; limit: number },
): Promise<PendingBlobDeletion[]> {
  const { rows } =
    'runId' in filter
      ? await db.query<PendingBlobDeletion>(
          `select organization_id as "organizationId", blob_key as "blobKey"
           from retention_blob_deletions where organization_id = $1::text and run_id = $2::text`,
          [filter.organizationId, filter.runId],
        )
      : await db.query<PendingBlobDeletion>(
          `select organization_id as "organizationId", blob_key as "blobKey"
           from retention_blob_deletions where enqueued_at < $1::timestamptz
           order by enqueued_at limit $2::int`,
          [filter.olderThan, filter.limit],
        );
  return rows;
}

export async function completeBlobDeletion(
  db: Queryable,
  pending: PendingBlobDeletion,
): Promise<void> {
  await db.query(
    `delete from retention_blob_deletions where organization_id = $1::text and blob_key = $2::text`,
    [pending.organizationId, pending.blobKey],
  );
}
