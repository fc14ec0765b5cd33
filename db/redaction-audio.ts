/**
 * Swapping an audio file of a run for its redacted copy: the row points at the new blob (a
 * redacted upload may change format, e.g. an Opus upload becomes FLAC) and the old blob is noted
 * for deletion, in one transaction, so no crash leaves the unredacted file unaccounted for.
 */
import { upsertAudioAsset, type AudioAssetInput, type AudioAssetRow } from './audio-assets';
import { enqueueBlobDeletions } from './retention-blob-deletions';
import type { Queryable } from './queryable';

export async function replaceWithRedactedAudio(
  db: Queryable,
  organizationId: string,
  runId: string,
  original: Pick<AudioAssetRow, 'kind' | 'track' | 'format' | 'blobKey'>,
  redacted: AudioAssetInput,
): Promise<void> {
  if (original.format !== redacted.format) {
    await db.query(
      `delete from audio_assets where organization_id = $1::text and run_id = $2::text
         and kind = $3::text and track = $4::text and format = $5::text`,
      [organizationId, runId, original.kind, original.track, original.format],
    );
  }
  await upsertAudioAsset(db, organizationId, runId, redacted);
  if (original.blobKey !== redacted.blobKey) {
    await enqueueBlobDeletions(db, organizationId, runId, [original.blobKey]);
  }
}
