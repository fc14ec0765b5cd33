/**
 * Deletes the blobs retention noted for deletion (db/retention-blob-deletions.ts) once no audio row
 * of their organization references them, then clears the notes. Safe to repeat: a missing file is
 * not an error and a cleared note is not found again.
 */
import { referencedBlobKeys } from '../../db/audio-assets';
import type { Queryable } from '../../db/queryable';
import { completeBlobDeletion, type PendingBlobDeletion } from '../../db/retention-blob-deletions';
import type { BlobStore } from '../storage/blob-store';

/** Returns how many files were removed. */
export async function deleteUnreferencedBlobs(
  db: Queryable,
  storage: BlobStore,
  pending: readonly PendingBlobDeletion[],
): Promise<number> {
  let removed = 0;
  for (const note of pending) {
    const referenced = await referencedBlobKeys(db, note.organizationId, [note.blobKey]);
    if (!referenced.has(note.blobKey) && (await storage.delete(note.blobKey))) removed += 1;
    await completeBlobDeletion(db, note);
  }
  return removed;
}
