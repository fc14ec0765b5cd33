/**
 * The runs of an erasure request (`erasure_request_runs`) and the deletion of everything stored
 * about them. Every statement is bounded by the organization, so a run or participant of another
 * organization with the same ids is never read, counted or deleted.
 */
import type { ErasureCounts, ErasureScope } from './erasure-requests';
import type { Queryable } from './queryable';

/** One workflow execution (a run of a workflow id), as Temporal names it. */
export interface WorkflowExecutionRef {
  workflowId: string;
  runId: string;
}

/** The runs a scope covers: every run of the participant, or the one run. */
const subjectRuns = (scope: ErasureScope) =>
  scope === 'participant'
    ? `select id from runs where organization_id = $1::text and participant_external_id = $2::text`
    : `select id from runs where organization_id = $1::text and id = $2::text`;

/** The organization's runs the subject covers now (the dry run, and the client's checks). */
export async function subjectRunIds(
  db: Queryable,
  organizationId: string,
  scope: ErasureScope,
  subject: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`${subjectRuns(scope)} order by id`, [
    organizationId,
    subject,
  ]);
  return rows.map((row) => row.id);
}

/**
 * Adds the subject's runs that the request has not listed yet (runs ingested since it began
 * included); returns how many of the request's runs are still to erase.
 */
export async function collectErasureRuns(
  db: Queryable,
  ref: { organizationId: string; requestId: string },
  scope: ErasureScope,
  subject: string,
): Promise<number> {
  await db.query(
    `insert into erasure_request_runs (organization_id, request_id, run_id)
     select $1::text, $3::text, id from (${subjectRuns(scope)}) as subject_runs
     on conflict do nothing`,
    [ref.organizationId, subject, ref.requestId],
  );
  const { rows } = await db.query<{ pending: string }>(
    `select count(*) as pending from erasure_request_runs
     where organization_id = $1::text and request_id = $2::text and erased_at is null`,
    [ref.organizationId, ref.requestId],
  );
  return Number(rows[0]!.pending);
}

/** The next runs still to erase, in a stable order. */
export async function pendingErasureRuns(
  db: Queryable,
  ref: { organizationId: string; requestId: string },
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ runId: string }>(
    `select run_id as "runId" from erasure_request_runs
     where organization_id = $1::text and request_id = $2::text and erased_at is null
     order by run_id limit $3::int`,
    [ref.organizationId, ref.requestId, limit],
  );
  return rows.map((row) => row.runId);
}

/** Every run of the request, in pages (`afterRunId`), for the final sweep of workflows. */
export async function erasureRunPage(
  db: Queryable,
  ref: { organizationId: string; requestId: string },
  page: { afterRunId: string; limit: number },
): Promise<string[]> {
  const { rows } = await db.query<{ runId: string }>(
    `select run_id as "runId" from erasure_request_runs
     where organization_id = $1::text and request_id = $2::text and run_id > $3::text
     order by run_id limit $4::int`,
    [ref.organizationId, ref.requestId, page.afterRunId, page.limit],
  );
  return rows.map((row) => row.runId);
}

/** Merges executions found for a run into what the request recorded (each counted once). */
export async function recordRunWorkflows(
  db: Queryable,
  ref: { organizationId: string; requestId: string },
  runId: string,
  executions: WorkflowExecutionRef[],
): Promise<void> {
  if (executions.length === 0) return;
  await db.query(
    `update erasure_request_runs set workflows = (
       select coalesce(jsonb_agg(distinct execution), '[]'::jsonb)
       from jsonb_array_elements(workflows || $4::jsonb) as execution)
     where organization_id = $1::text and request_id = $2::text and run_id = $3::text`,
    [
      ref.organizationId,
      ref.requestId,
      runId,
      JSON.stringify(executions.map((e) => ({ workflow_id: e.workflowId, run_id: e.runId }))),
    ],
  );
}

/** The executions recorded for these runs of the request. */
export async function recordedRunWorkflows(
  db: Queryable,
  ref: { organizationId: string; requestId: string },
  runIds: string[],
): Promise<WorkflowExecutionRef[]> {
  const { rows } = await db.query<WorkflowExecutionRef>(
    `select execution ->> 'workflow_id' as "workflowId", execution ->> 'run_id' as "runId"
     from erasure_request_runs, jsonb_array_elements(workflows) as execution
     where organization_id = $1::text and request_id = $2::text and run_id = any($3::text[])`,
    [ref.organizationId, ref.requestId, runIds],
  );
  return rows;
}

/** Distinct workflow executions the request recorded (and deleted), for the receipt. */
export async function recordedWorkflowCount(
  db: Queryable,
  ref: { organizationId: string; requestId: string },
): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `select count(distinct execution) as count
     from erasure_request_runs, jsonb_array_elements(workflows) as execution
     where organization_id = $1::text and request_id = $2::text`,
    [ref.organizationId, ref.requestId],
  );
  return Number(rows[0]!.count);
}

export async function markRunsErased(
  db: Queryable,
  ref: { organizationId: string; requestId: string },
  runIds: string[],
  at: Date,
): Promise<void> {
  await db.query(
    `update erasure_request_runs set erased_at = $4::timestamptz
     where organization_id = $1::text and request_id = $2::text and run_id = any($3::text[])`,
    [ref.organizationId, ref.requestId, runIds, at],
  );
}

/** The request is done: the run ids it held in clear go. */
export async function forgetErasureRuns(
  db: Queryable,
  ref: { organizationId: string; requestId: string },
): Promise<void> {
  await db.query(
    `delete from erasure_request_runs where organization_id = $1::text and request_id = $2::text`,
    [ref.organizationId, ref.requestId],
  );
}

/**
 * Whether a legal hold covers any of these runs: `run` for a run's own hold, `organization` for
 * the organization's (settings.retention.legal_hold), null when none does. Inside a transaction
 * the runs' retention rows stay locked until it ends, as retention's own actions lock them, so no
 * hold can be set between this check and the deletion.
 */
export async function erasureHold(
  db: Queryable,
  organizationId: string,
  runIds: string[],
): Promise<'run' | 'organization' | null> {
  const { rows: runHolds } = await db.query<{ legalHold: boolean }>(
    `select legal_hold as "legalHold" from run_retention
     where organization_id = $1::text and run_id = any($2::text[]) order by run_id for update`,
    [organizationId, runIds],
  );
  const { rows: organization } = await db.query<{ held: boolean }>(
    `select coalesce(settings #> '{retention,legal_hold}' = 'true'::jsonb, false) as held
     from organizations where id = $1::text for share`,
    [organizationId],
  );
  if (runHolds.some((row) => row.legalHold)) return 'run';
  return organization[0]?.held ? 'organization' : null;
}

/** Rows of these runs by table, as they stand (the dry run). */
export async function countRunRows(
  db: Queryable,
  organizationId: string,
  runIds: string[],
): Promise<ErasureCounts> {
  const counts: ErasureCounts = {};
  for (const [table, condition] of runTables) {
    const { rows } = await db.query<{ count: string }>(
      `select count(*) as count from ${table} where ${condition}`,
      [organizationId, runIds],
    );
    counts[table] = Number(rows[0]!.count);
  }
  return counts;
}

/**
 * Every table that holds a run's data, with the condition that selects the rows of `$2` (run ids)
 * in organization `$1`. Children first, so each table's count is its own rather than a cascade's.
 * Fixed text, never input.
 */
const runTables: [string, string][] = [
  [
    'webhook_attempts',
    `organization_id = $1::text and message_id in (select id from webhook_messages
       where organization_id = $1::text and run_id = any($2::text[]))`,
  ],
  ['webhook_messages', `organization_id = $1::text and run_id = any($2::text[])`],
  ['sessions', `organization_id = $1::text and run_id = any($2::text[])`],
  ['run_status_history', `organization_id = $1::text and run_id = any($2::text[])`],
  ['turns', `organization_id = $1::text and run_id = any($2::text[])`],
  ['diarizations', `organization_id = $1::text and run_id = any($2::text[])`],
  ['transcripts', `organization_id = $1::text and run_id = any($2::text[])`],
  ['responses', `organization_id = $1::text and run_id = any($2::text[])`],
  ['analyses', `organization_id = $1::text and run_id = any($2::text[])`],
  ['audio_assets', `organization_id = $1::text and run_id = any($2::text[])`],
  ['run_retention', `organization_id = $1::text and run_id = any($2::text[])`],
  ['runs', `organization_id = $1::text and id = any($2::text[])`],
];

/**
 * Deletes every row of these runs; returns the counts by table and, by run, the audio blob keys
 * that were unlinked (their files go after the commit, through retention's blob notes).
 */
export async function deleteRunRows(
  db: Queryable,
  organizationId: string,
  runIds: string[],
): Promise<{ counts: ErasureCounts; blobKeys: Map<string, string[]> }> {
  const counts: ErasureCounts = {};
  const blobKeys = new Map<string, string[]>();
  for (const [table, condition] of runTables) {
    const returning =
      table === 'audio_assets' ? 'returning run_id as "runId", blob_key as "blobKey"' : '';
    const result = await db.query<{ runId: string; blobKey: string }>(
      `delete from ${table} where ${condition} ${returning}`,
      [organizationId, runIds],
    );
    counts[table] = result.rowCount ?? 0;
    if (table !== 'audio_assets') continue;
    for (const { runId, blobKey } of result.rows) {
      blobKeys.set(runId, [...(blobKeys.get(runId) ?? []), blobKey]);
    }
  }
  return { counts, blobKeys };
}

/** What names workflows that concern each run: its sessions, webhook messages and event keys. */
export async function runWorkflowKeys(
  db: Queryable,
  organizationId: string,
  runIds: string[],
): Promise<{ runId: string; sessionIds: string[]; messageIds: string[]; eventKeys: string[] }[]> {
  const { rows } = await db.query<{
    runId: string;
    sessionIds: string[];
    messageIds: string[];
    eventKeys: string[];
  }>(
    `select r.run_id as "runId",
       array(select s.id from sessions s
             where s.organization_id = $1::text and s.run_id = r.run_id order by s.id) as "sessionIds",
       array(select m.id from webhook_messages m
             where m.organization_id = $1::text and m.run_id = r.run_id order by m.id) as "messageIds",
       array(select distinct m.event_key from webhook_messages m
             where m.organization_id = $1::text and m.run_id = r.run_id) as "eventKeys"
     from unnest($2::text[]) as r(run_id)`,
    [organizationId, runIds],
  );
  return rows;
}

/** Audio files of these runs that no other run of the organization uses (the dry run). */
export async function countErasableBlobs(
  db: Queryable,
  organizationId: string,
  runIds: string[],
): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `select count(distinct a.blob_key) as count from audio_assets a
     where a.organization_id = $1::text and a.run_id = any($2::text[])
       and not exists (select 1 from audio_assets b
         where b.organization_id = a.organization_id and b.blob_key = a.blob_key
           and not (b.run_id = any($2::text[])))`,
    [organizationId, runIds],
  );
  return Number(rows[0]!.count);
}
