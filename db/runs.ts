/**
 * Runs and their turn logs and source audio. Every function takes the organization id and filters
 * on it, except `findRunOrganization`, which resolves it from a globally unique run id for a
 * pipeline started with the run id alone.
 */
import type { RunBundle } from '../lib/bundle/run-bundle';
import type { BlobRef } from '../lib/storage/blob-store';
import type { FinalSessionStatus, PipelineFlags, RunStatus } from '../lib/domain/run';
import type { Blueprint } from '../lib/domain/blueprint';
import type { Queryable } from './queryable';

export interface RunRow {
  id: string;
  organizationId: string;
  testMode: boolean;
  status: RunStatus;
  statusReason: string | null;
  sessionStatus: FinalSessionStatus;
  participantExternalId: string;
  audioLayout: 'two_track' | 'mixed' | 'none';
  pipeline: PipelineFlags;
  pipelineState: Record<string, string>;
  blueprint: Blueprint;
  startedAt: Date;
  completedAt: Date;
  updatedAt: Date;
}

const runColumns = `id, organization_id as "organizationId", test_mode as "testMode", status,
  status_reason as "statusReason", session_status as "sessionStatus",
  participant_external_id as "participantExternalId", audio_layout as "audioLayout", pipeline,
  pipeline_state as "pipelineState", blueprint, started_at as "startedAt",
  completed_at as "completedAt", updated_at as "updatedAt"`;

export type InsertRunOutcome = 'created' | 'unchanged' | 'conflict';

/**
 * Inserts the run, its turns and its source audio rows. Meant to run inside one transaction.
 * An identical bundle already stored is `unchanged`; a different one under the same id is a
 * `conflict`, and nothing is written.
 */
export async function insertRunFromBundle(
  db: Queryable,
  bundle: Pick<RunBundle, 'manifest' | 'turns' | 'digest'>,
  audio: { track: string; extension: string; blob: BlobRef }[],
): Promise<InsertRunOutcome> {
  const run = bundle.manifest;
  const inserted = await db.query(
    `insert into runs (id, organization_id, test_mode, status, session_status, consent_status,
       blueprint, participant_external_id, participant, audio_layout, pipeline, metadata,
       source_digest, started_at, completed_at)
     values ($1::text, $2::text, $3::boolean, $4::text, $4::text, $5::text, $6::jsonb, $7::text,
       $8::jsonb, $9::text, $10::jsonb, $11::jsonb, $12::text, $13::timestamptz, $14::timestamptz)
     on conflict (id) do nothing
     returning id`,
    [
      run.id,
      run.organization_id,
      run.test_mode,
      run.status,
      run.consent_status,
      JSON.stringify(run.blueprint),
      run.participant.external_id,
      JSON.stringify(run.participant),
      run.audio.layout,
      JSON.stringify(run.pipeline),
      JSON.stringify(run.metadata),
      bundle.digest,
      run.started_at,
      run.completed_at,
    ],
  );
  if (inserted.rowCount === 0) {
    const { rows } = await db.query<{ same: boolean }>(
      `select organization_id = $2::text and source_digest = $3::text as same from runs where id = $1::text`,
      [run.id, run.organization_id, bundle.digest],
    );
    return rows[0]?.same ? 'unchanged' : 'conflict';
  }

  await db.query(
    `insert into run_status_history (organization_id, run_id, from_status, to_status, reason)
     values ($1::text, $2::text, null, $3::text, 'ingested')`,
    [run.organization_id, run.id, run.status],
  );

  const turns = bundle.turns;
  await db.query(
    `insert into turns (organization_id, run_id, seq, role, content, occurred_at, duration_ms,
       session_id, node_id, question_key, entry_type, confidence, words)
     select $1::text, $2::text, t.seq, t.role, t.content, t.occurred_at, t.duration_ms,
       t.session_id, t.node_id, t.question_key, t.entry_type, t.confidence, t.words
     from unnest($3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::int[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::real[], $13::jsonb[])
       as t(seq, role, content, occurred_at, duration_ms, session_id, node_id, question_key,
         entry_type, confidence, words)`,
    [
      run.organization_id,
      run.id,
      turns.map((_, index) => index),
      turns.map((turn) => turn.role),
      turns.map((turn) => turn.content),
      turns.map((turn) => turn.timestamp),
      turns.map((turn) => turn.duration_ms),
      turns.map((turn) => turn.session_id ?? null),
      turns.map((turn) => turn.node_id ?? null),
      turns.map((turn) => turn.question_key ?? null),
      turns.map((turn) => turn.entry_type),
      turns.map((turn) => turn.confidence ?? null),
      turns.map((turn) => (turn.words ? JSON.stringify(turn.words) : null)),
    ],
  );

  for (const file of audio) {
    await db.query(
      `insert into audio_assets (organization_id, run_id, kind, track, format, blob_key, sha256, byte_size)
       values ($1::text, $2::text, 'source', $3::text, $4::text, $5::text, $6::text, $7::bigint)`,
      [
        run.organization_id,
        run.id,
        file.track,
        file.extension,
        file.blob.key,
        file.blob.sha256,
        file.blob.size,
      ],
    );
  }
  return 'created';
}

/** The organization of a run, from its globally unique id; undefined when there is no such run. */
export async function findRunOrganization(
  db: Queryable,
  runId: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ organizationId: string }>(
    `select organization_id as "organizationId" from runs where id = $1::text`,
    [runId],
  );
  return rows[0]?.organizationId;
}

export async function getRun(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<RunRow | undefined> {
  const { rows } = await db.query<RunRow>(
    `select ${runColumns} from runs where organization_id = $1::text and id = $2::text`,
    [organizationId, runId],
  );
  return rows[0];
}

export interface StatusTransition {
  organizationId: string;
  runId: string;
  to: RunStatus;
  /** The transition happens only from one of these; already being in `to` is a no-op. */
  from: readonly RunStatus[];
  reason?: string | null;
}

/**
 * Moves a run to a new status and records the change in its history, in one statement so that a
 * retried activity neither repeats the history row nor moves a run from an unexpected status.
 * Returns the status the run has afterwards.
 */
export async function transitionRunStatus(
  db: Queryable,
  change: StatusTransition,
): Promise<RunStatus | undefined> {
  const { rows } = await db.query<{ status: RunStatus }>(
    `with current as (
       -- No FOR UPDATE: it would hide the row this statement updates. The update's own
       -- condition is what guards against a concurrent change.
       select status from runs where organization_id = $1::text and id = $2::text
     ), moved as (
       update runs set status = $3::text, status_reason = $5::text, updated_at = now()
       where organization_id = $1::text and id = $2::text
         and status = any($4::text[]) and status <> $3::text
       returning status
     ), history as (
       insert into run_status_history (organization_id, run_id, from_status, to_status, reason)
       select $1::text, $2::text, current.status, $3::text, $5::text from current, moved
     )
     select coalesce((select status from moved), (select status from current)) as status`,
    [change.organizationId, change.runId, change.to, change.from, change.reason ?? null],
  );
  return rows[0]?.status ?? undefined;
}

export interface StatusHistoryRow {
  fromStatus: RunStatus | null;
  toStatus: RunStatus;
  reason: string | null;
  at: Date;
}

export async function getStatusHistory(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<StatusHistoryRow[]> {
  const { rows } = await db.query<StatusHistoryRow>(
    `select from_status as "fromStatus", to_status as "toStatus", reason, at
     from run_status_history where organization_id = $1::text and run_id = $2::text order by id`,
    [organizationId, runId],
  );
  return rows;
}

/** `retrying`: the analysis provider was down; `analysis:<runId>` keeps trying for a day. */
export type StageState = 'running' | 'done' | 'skipped' | 'failed' | 'retrying';

/** Records what a pipeline stage did, merged into the run's `pipeline_state`. */
export async function setPipelineState(
  db: Queryable,
  organizationId: string,
  runId: string,
  states: Record<string, StageState>,
): Promise<void> {
  await db.query(
    `update runs set pipeline_state = pipeline_state || $3::jsonb, updated_at = now()
     where organization_id = $1::text and id = $2::text`,
    [organizationId, runId, JSON.stringify(states)],
  );
}

/**
 * The participant's name as the platform gave it, for the stages that must recognise it in what
 * was said (analysis themes, redaction). Personal data: used in memory, never returned by an activity.
 */
export async function getParticipantName(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ name: string | null }>(
    `select participant->>'name' as name from runs where organization_id = $1::text and id = $2::text`,
    [organizationId, runId],
  );
  return rows[0]?.name ?? null;
}
