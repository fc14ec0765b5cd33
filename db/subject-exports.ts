/**
 * The access exports (`participant_exports`, made by `export:<requestId>`) that copied some runs:
 * every export of the runs' participants in the organization, found by the participants' keyed
 * hashes, which is how exports name their subject. Erasure deletes them with the runs.
 */
import { subjectHashWithKey } from '../lib/privacy/subject-hash';
import type { Queryable } from './queryable';

export interface SubjectExportRow {
  requestId: string;
  blobKey: string | null;
}

/** Exports of the participants of these runs (read before the runs are deleted). */
export async function subjectExports(
  db: Queryable,
  organizationId: string,
  runIds: string[],
): Promise<SubjectExportRow[]> {
  const { rows: participants } = await db.query<{ externalId: string }>(
    `select distinct participant_external_id as "externalId" from runs
     where organization_id = $1::text and id = any($2::text[])`,
    [organizationId, runIds],
  );
  if (participants.length === 0) return [];
  const { rows: keys } = await db.query<{ key: Buffer }>(
    `select key from redaction_keys where organization_id = $1::text`,
    [organizationId],
  );
  // No key yet means no subject was ever hashed in this organization: no export exists.
  if (!keys[0]) return [];
  const hashes = participants.map(({ externalId }) =>
    subjectHashWithKey(keys[0]!.key, { participantExternalId: externalId }),
  );
  const { rows } = await db.query<SubjectExportRow>(
    `select request_id as "requestId", blob_key as "blobKey" from participant_exports
     where organization_id = $1::text and subject_hash = any($2::text[]) order by request_id`,
    [organizationId, hashes],
  );
  return rows;
}

/** Deletes these exports; returns how many and their files' keys (deleted after the commit). */
export async function deleteSubjectExports(
  db: Queryable,
  organizationId: string,
  requestIds: string[],
): Promise<{ count: number; blobKeys: string[] }> {
  if (requestIds.length === 0) return { count: 0, blobKeys: [] };
  const { rows, rowCount } = await db.query<{ blobKey: string | null }>(
    `delete from participant_exports
     where organization_id = $1::text and request_id = any($2::text[])
     returning blob_key as "blobKey"`,
    [organizationId, requestIds],
  );
  return {
    count: rowCount ?? 0,
    blobKeys: [...new Set(rows.flatMap((row) => (row.blobKey ? [row.blobKey] : [])))],
  };
}
