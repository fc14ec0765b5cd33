/**
 * Erasure requests (`erasure_requests`): one row per request id and organization, moved through
 * `pending → completed` (or `refused`: a legal hold) by the erasure workflow's activities. The
 * subject's id is in clear only while the request is pending; the keyed hash stays.
 */
import type { ErasureReceipt } from '../lib/privacy/erasure-receipt';
import type { Queryable } from './queryable';

export type ErasureScope = 'participant' | 'run';
export type ErasureState = 'pending' | 'completed' | 'refused';

/** Rows removed by table (`rows.turns`), blobs and runs: the counts a receipt reports. */
export type ErasureCounts = Record<string, number>;

export interface ErasureRequestRow {
  organizationId: string;
  requestId: string;
  scope: ErasureScope;
  subjectHash: string;
  /** The participant's external id or the run id; null once the request has ended. */
  subject: string | null;
  state: ErasureState;
  /** The failure type that refused it (LegalHold, RunNotFound). */
  refusal: string | null;
  counts: ErasureCounts;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  receipt: ErasureReceipt | null;
}

const columns = `organization_id as "organizationId", id as "requestId", scope,
  subject_hash as "subjectHash", subject, state, refusal, counts, requested_at as "requestedAt",
  started_at as "startedAt", finished_at as "finishedAt", receipt`;

export interface NewErasureRequest {
  organizationId: string;
  requestId: string;
  scope: ErasureScope;
  subjectHash: string;
  subject: string;
}

/**
 * Records the request, or asks again for a refused one (it is pending again, with its subject); a
 * pending or completed request is left as it is. Returns the row under that id, which
 * may be another subject's: the caller compares hashes.
 */
export async function upsertErasureRequest(
  db: Queryable,
  request: NewErasureRequest,
  at: Date,
): Promise<ErasureRequestRow> {
  await db.query(
    `insert into erasure_requests (organization_id, id, scope, subject_hash, subject, requested_at)
     values ($1::text, $2::text, $3::text, $4::text, $5::text, $6::timestamptz)
     on conflict (organization_id, id) do update
       set state = 'pending', subject = excluded.subject, refusal = null, finished_at = null
       where erasure_requests.state = 'refused'
         and erasure_requests.subject_hash = excluded.subject_hash`,
    [
      request.organizationId,
      request.requestId,
      request.scope,
      request.subjectHash,
      request.subject,
      at,
    ],
  );
  return (await getErasureRequest(db, request.organizationId, request.requestId))!;
}

export async function getErasureRequest(
  db: Queryable,
  organizationId: string,
  requestId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ErasureRequestRow | undefined> {
  const { rows } = await db.query<ErasureRequestRow>(
    `select ${columns} from erasure_requests where organization_id = $1::text and id = $2::text
     ${options.forUpdate ? 'for update' : ''}`,
    [organizationId, requestId],
  );
  return rows[0];
}

/** The subject's requests, the latest first: how a repeated request finds the earlier ones. */
export async function subjectErasureRequests(
  db: Queryable,
  organizationId: string,
  subjectHash: string,
): Promise<ErasureRequestRow[]> {
  const { rows } = await db.query<ErasureRequestRow>(
    `select ${columns} from erasure_requests
     where organization_id = $1::text and subject_hash = $2::text
     order by requested_at desc, id`,
    [organizationId, subjectHash],
  );
  return rows;
}

/** The first start is the one a receipt reports; a retry keeps it. */
export async function markErasureStarted(
  db: Queryable,
  organizationId: string,
  requestId: string,
  at: Date,
): Promise<void> {
  await db.query(
    `update erasure_requests set started_at = coalesce(started_at, $3::timestamptz)
     where organization_id = $1::text and id = $2::text`,
    [organizationId, requestId, at],
  );
}

/** Adds to the request's counts, in the transaction that removed what they count. */
export async function addErasureCounts(
  db: Queryable,
  organizationId: string,
  requestId: string,
  counts: ErasureCounts,
): Promise<void> {
  await db.query(
    `update erasure_requests set counts = (
       select coalesce(jsonb_object_agg(key, total), '{}'::jsonb)
       from (
         select key, sum(value::bigint) as total
         from (
           select key, value from jsonb_each_text(counts)
           union all select key, value from jsonb_each_text($3::jsonb)
         ) as parts group by key
       ) as sums)
     where organization_id = $1::text and id = $2::text`,
    [organizationId, requestId, JSON.stringify(counts)],
  );
}

/** `pending → completed` with its receipt; the subject in clear goes. */
export async function completeErasureRequest(
  db: Queryable,
  organizationId: string,
  requestId: string,
  done: { finishedAt: Date; receipt: ErasureReceipt },
): Promise<void> {
  await db.query(
    `update erasure_requests
     set state = 'completed', subject = null, finished_at = $3::timestamptz, receipt = $4::jsonb
     where organization_id = $1::text and id = $2::text and state = 'pending'`,
    [organizationId, requestId, done.finishedAt, JSON.stringify(done.receipt)],
  );
}

/** `pending → refused` with the failure type; the subject in clear goes (asking again brings it back). */
export async function refuseErasureRequest(
  db: Queryable,
  organizationId: string,
  requestId: string,
  refusal: { type: string; at: Date },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update erasure_requests
     set state = 'refused', refusal = $3::text, subject = null, finished_at = $4::timestamptz
     where organization_id = $1::text and id = $2::text and state = 'pending'`,
    [organizationId, requestId, refusal.type, refusal.at],
  );
  return rowCount === 1;
}
