/** Audio files of runs: source uploads and the pipeline's outputs, each a blob key. */
import type { Queryable } from './queryable';

/** Which of these blob keys some audio row of the organization still uses. */
export async function referencedBlobKeys(
  db: Queryable,
  organizationId: string,
  keys: string[],
): Promise<Set<string>> {
  const { rows } = await db.query<{ blobKey: string }>(
    `select distinct blob_key as "blobKey" from audio_assets
     where organization_id = $1::text and blob_key = any($2::text[])`,
    [organizationId, keys],
  );
  return new Set(rows.map((row) => row.blobKey));
}
