/**
 * Stores a run bundle: audio into the blob store (content-addressed, so a retry rewrites nothing),
 * then the organization, run, turns and audio rows in one transaction. The bundle is validated in
 * full first, so an invalid bundle stores nothing; a conflicting re-ingest stores nothing either.
 */
import { inTransaction, type Pool } from '../db/pool';
import { ensureOrganization } from '../db/organizations';
import { insertRunFromBundle } from '../db/runs';
import { referencedBlobKeys } from '../db/audio-assets';
import { openRunBundle } from '../lib/bundle/run-bundle';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import type { BlobRef, BlobStore } from '../lib/storage/blob-store';

export interface IngestResult {
  runId: string;
  organizationId: string;
  /** `created` the first time; `unchanged` when the same bundle was already stored. */
  outcome: 'created' | 'unchanged';
}

export async function ingestRunBundle(
  deps: { db: Pool; storage: BlobStore },
  source: string,
): Promise<IngestResult> {
  const bundle = await openRunBundle(source);
  try {
    const { manifest } = bundle;
    const stored: { track: string; extension: string; blob: BlobRef }[] = [];
    for (const file of bundle.audio) {
      const blob = await deps.storage.putFile(manifest.organization_id, file.path, file.extension);
      stored.push({ track: file.track, extension: file.extension, blob });
    }
    let outcome: 'created' | 'unchanged';
    try {
      outcome = await inTransaction(deps.db, async (client) => {
        await ensureOrganization(client, manifest.organization_id);
        const result = await insertRunFromBundle(client, bundle, stored);
        if (result === 'conflict') {
          // Thrown inside the transaction so that nothing, not even the organization, is kept.
          throw new EpilogueError(
            `run ${manifest.id} already exists with different content; nothing was changed`,
            FailureType.RunConflict,
          );
        }
        return result;
      });
    } catch (error) {
      await removeUnreferenced(deps, manifest.organization_id, stored);
      throw error;
    }
    return { runId: manifest.id, organizationId: manifest.organization_id, outcome };
  } finally {
    await bundle.close();
  }
}

/** Blobs written for a bundle that was not stored go again, unless a stored run uses them. */
async function removeUnreferenced(
  deps: { db: Pool; storage: BlobStore },
  organizationId: string,
  stored: { blob: BlobRef }[],
): Promise<void> {
  const keys = stored.map((file) => file.blob.key);
  if (keys.length === 0) return;
  const referenced = await referencedBlobKeys(deps.db, organizationId, keys);
  for (const key of keys) if (!referenced.has(key)) await deps.storage.delete(key);
}
