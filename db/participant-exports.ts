/**
 * Access export requests (`participant_exports`): one row per request id, moved through
 * `requested → ready → expired` (or `failed`) by the export workflow's activities. Each change is
 * guarded by the state it starts from, so a retried or concurrent attempt changes nothing twice.
 */
import type { Queryable } from './queryable';

export type ExportStatus = 'requested' | 'ready' | 'expired' | 'failed';

/** Rows and files in one export, by kind. */
export type ExportCounts = Record<string, number>;

export interface ExportRequestRow {
  requestId: string;
  organizationId: string;
  subjectHash: string;
  /** Personal data, present while the export is requested or ready. */
  participantExternalId: string | null;
  status: ExportStatus;
  ttlMs: number;
  requestedAt: Date;
  createdAt: Date | null;
  expiresAt: Date | null;
  blobKey: string | null;
  sha256: string | null;
  byteSize: number | null;
  counts: ExportCounts;
  failureType: string | null;
  expiredAt: Date | null;
}

const columns = `request_id as "requestId", organization_id as "organizationId",
  subject_hash as "subjectHash", participant_external_id as "participantExternalId", status,
  ttl_ms::float8 as "ttlMs", requested_at as "requestedAt", created_at as "createdAt",
  expires_at as "expiresAt", blob_key as "blobKey", sha256, byte_size::float8 as "byteSize",
  counts, failure_type as "failureType", expired_at as "expiredAt"`;

export interface NewExportRequest {
  requestId: string;
  organizationId: string;
  subjectHash: string;
  participantExternalId: string;
  ttlMs: number;
}

/**
 * Records the request unless its id is taken; returns the organization's row under that id, which
 * is another request's when the id was used before (the caller compares subjects), or undefined
 * when another organization holds the id.
 */
export async function insertExportRequest(
  db: Queryable,
  request: NewExportRequest,
): Promise<ExportRequestRow | undefined> {
  await db.query(
    `insert into participant_exports (request_id, organization_id, subject_hash,
       participant_external_id, ttl_ms)
     values ($1::text, $2::text, $3::text, $4::text, $5::bigint)
     on conflict (request_id) do nothing`,
    [
      request.requestId,
      request.organizationId,
      request.subjectHash,
      request.participantExternalId,
      request.ttlMs,
    ],
  );
  return getExportRequest(db, request.organizationId, request.requestId);
}

export async function getExportRequest(
  db: Queryable,
  organizationId: string,
  requestId: string,
): Promise<ExportRequestRow | undefined> {
  const { rows } = await db.query<ExportRequestRow>(
    `select ${columns} from participant_exports
     where organization_id = $1::text and request_id = $2::text`,
    [organizationId, requestId],
  );
  return rows[0];
}

/** The row, locked until the end of the caller's transaction. */
export async function lockExportRequest(
  db: Queryable,
  organizationId: string,
  requestId: string,
): Promise<ExportRequestRow | undefined> {
  const { rows } = await db.query<ExportRequestRow>(
    `select ${columns} from participant_exports
     where organization_id = $1::text and request_id = $2::text for update`,
    [organizationId, requestId],
  );
  return rows[0];
}

/**
 * Fixes the export's creation and expiry times at the first build attempt (`at` plus the TTL);
 * later attempts keep them. Returns the row as it is afterwards.
 */
export async function fixExportTimes(
  db: Queryable,
  organizationId: string,
  requestId: string,
  at: Date,
): Promise<ExportRequestRow | undefined> {
  await db.query(
    `update participant_exports
     set created_at = $3::timestamptz,
       expires_at = $3::timestamptz + ttl_ms * interval '1 millisecond'
     where organization_id = $1::text and request_id = $2::text
       and status = 'requested' and created_at is null`,
    [organizationId, requestId, at],
  );
  return getExportRequest(db, organizationId, requestId);
}

export interface ExportFile {
  blobKey: string;
  sha256: string;
  byteSize: number;
  counts: ExportCounts;
}

/**
 * Records the ZIP's key before the file is stored, so that a crash leaves a key to find rather
 * than an unknown blob. Call it holding the row's lock, after reading the key it replaces.
 */
export async function recordExportFile(
  db: Queryable,
  organizationId: string,
  requestId: string,
  file: ExportFile,
): Promise<void> {
  await db.query(
    `update participant_exports
     set blob_key = $3::text, sha256 = $4::text, byte_size = $5::bigint, counts = $6::jsonb
     where organization_id = $1::text and request_id = $2::text and status = 'requested'`,
    [
      organizationId,
      requestId,
      file.blobKey,
      file.sha256,
      file.byteSize,
      JSON.stringify(file.counts),
    ],
  );
}

/** `requested → ready`, only while the row still holds this attempt's file. */
export async function markExportReady(
  db: Queryable,
  organizationId: string,
  requestId: string,
  blobKey: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update participant_exports set status = 'ready'
     where organization_id = $1::text and request_id = $2::text
       and status = 'requested' and blob_key = $3::text`,
    [organizationId, requestId, blobKey],
  );
  return rowCount === 1;
}

/** `requested → failed` with the failure's documented type; the external id goes. */
export async function markExportFailed(
  db: Queryable,
  organizationId: string,
  requestId: string,
  failureType: string,
): Promise<void> {
  await db.query(
    `update participant_exports
     set status = 'failed', failure_type = $3::text, participant_external_id = null
     where organization_id = $1::text and request_id = $2::text and status = 'requested'`,
    [organizationId, requestId, failureType],
  );
}

/** `ready → expired`; the external id goes, the blob key stays as the record of what was deleted. */
export async function markExportExpired(
  db: Queryable,
  organizationId: string,
  requestId: string,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update participant_exports
     set status = 'expired', expired_at = $3::timestamptz, participant_external_id = null
     where organization_id = $1::text and request_id = $2::text and status = 'ready'`,
    [organizationId, requestId, at],
  );
  return rowCount === 1;
}
