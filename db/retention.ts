/**
 * Retention state: what the retention workflow of each run has done, when it plans to look again,
 * legal holds on runs, and organizations' retention and PII settings. Every function filters on
 * the organization, except the reconciler's scan, which crosses organizations on purpose.
 */
import type { Plan } from './organizations';
import type { Queryable } from './queryable';
import type { RetentionAction } from '../lib/retention/retention-actions';

export interface RunRetentionState {
  completedAt: Date;
  status: string;
  plan: Plan;
  /** `organizations.settings.retention` and `.pii`, unvalidated. */
  settings: { retention?: unknown; pii?: unknown };
  legalHold: boolean;
  actionsDone: Partial<Record<RetentionAction, string>>;
  nextWakeAt: Date | null;
}

/** The run, its organization's settings and its retention row; undefined when the run is gone. */
export async function getRunRetentionState(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<RunRetentionState | undefined> {
  const { rows } = await db.query<RunRetentionState>(
    `select r.completed_at as "completedAt", r.status, o.plan,
       jsonb_build_object('retention', o.settings -> 'retention', 'pii', o.settings -> 'pii') as settings,
       coalesce(x.legal_hold, false) as "legalHold",
       coalesce(x.actions_done, '{}'::jsonb) as "actionsDone", x.next_wake_at as "nextWakeAt"
     from runs r
     join organizations o on o.id = r.organization_id
     left join run_retention x on x.run_id = r.id and x.organization_id = r.organization_id
     where r.organization_id = $1::text and r.id = $2::text`,
    [organizationId, runId],
  );
  const row = rows[0];
  if (!row) return undefined;
  // jsonb_build_object keeps JSON nulls for missing keys; absent and null both mean "not set".
  return {
    ...row,
    settings: {
      retention: row.settings.retention ?? undefined,
      pii: row.settings.pii ?? undefined,
    },
  };
}

/** Records a plan: when it was made and the latest time the workflow will plan again. */
export async function recordRetentionPlan(
  db: Queryable,
  organizationId: string,
  runId: string,
  plan: { plannedAt: Date; nextWakeAt: Date },
): Promise<void> {
  await db.query(
    `insert into run_retention (organization_id, run_id, planned_at, next_wake_at)
     select organization_id, id, $3::timestamptz, $4::timestamptz from runs
     where organization_id = $1::text and id = $2::text
     on conflict (run_id) do update set planned_at = excluded.planned_at,
       next_wake_at = excluded.next_wake_at, updated_at = now()
     where run_retention.organization_id = excluded.organization_id`,
    [organizationId, runId, plan.plannedAt, plan.nextWakeAt],
  );
}

/**
 * Sets or releases the run's own legal hold. Returns `changed`, `unchanged` (already so: nothing
 * to audit), or `not_found` when the run does not exist.
 */
export async function setRunLegalHold(
  db: Queryable,
  organizationId: string,
  runId: string,
  on: boolean,
): Promise<'changed' | 'unchanged' | 'not_found'> {
  const { rows } = await db.query<{ changed: boolean }>(
    `with previous as (
       select legal_hold from run_retention where organization_id = $1::text and run_id = $2::text
     )
     insert into run_retention (organization_id, run_id, legal_hold)
     select organization_id, id, $3::boolean from runs
     where organization_id = $1::text and id = $2::text
     on conflict (run_id) do update set legal_hold = excluded.legal_hold, updated_at = now()
     where run_retention.organization_id = excluded.organization_id
     returning coalesce((select legal_hold from previous), false) <> $3::boolean as changed`,
    [organizationId, runId, on],
  );
  if (rows[0]) return rows[0].changed ? 'changed' : 'unchanged';
  const exists = await db.query(
    `select 1 from runs where organization_id = $1::text and id = $2::text`,
    [organizationId, runId],
  );
  return (exists.rowCount ?? 0) > 0 ? 'unchanged' : 'not_found';
}

/** Records that an action is done; the first time recorded stays. */
export async function markRetentionActionDone(
  db: Queryable,
  organizationId: string,
  runId: string,
  action: RetentionAction,
  at: Date,
): Promise<void> {
  await db.query(
    `insert into run_retention (organization_id, run_id, actions_done)
     select organization_id, id, jsonb_build_object($3::text, $4::timestamptz) from runs
     where organization_id = $1::text and id = $2::text
     on conflict (run_id) do update
       set actions_done = jsonb_build_object($3::text, $4::timestamptz) || run_retention.actions_done,
         updated_at = now()
     where run_retention.organization_id = excluded.organization_id`,
    [organizationId, runId, action, at],
  );
}

export interface RetentionRunRef {
  organizationId: string;
  runId: string;
}

/**
 * Final runs that need a retention workflow started: those that never had one, and those whose
 * workflow is overdue by more than `grace` (terminated, or its workers have been gone for long).
 * A run qualifies once its pipeline has finished, or a day after it ended if it was never
 * processed. Keyset-paged by run id.
 */
export async function runsNeedingRetention(
  db: Queryable,
  options: { now: Date; graceMs: number; afterRunId: string; limit: number },
): Promise<RetentionRunRef[]> {
  const { rows } = await db.query<RetentionRunRef>(
    `select r.organization_id as "organizationId", r.id as "runId"
     from runs r
     left join run_retention x on x.run_id = r.id
     where r.id > $3::text
       and r.status = any($5::text[])
       and (r.pipeline_state <> '{}'::jsonb or r.completed_at < $1::timestamptz - interval '1 day')
       and (x.run_id is null or x.next_wake_at is null
         or x.next_wake_at < $1::timestamptz - make_interval(secs => $2::float8 / 1000))
     order by r.id
     limit $4::int`,
    [options.now, options.graceMs, options.afterRunId, options.limit, finalRunStatuses],
  );
  return rows;
}

/** Statuses of a run whose session and pipeline are over. */
const finalRunStatuses = ['completed', 'abandoned', 'expired', 'admin_ended', 'failed'];

/** The organization's runs that have a retention row (a workflow was or is running), keyset-paged. */
export async function retentionRunIds(
  db: Queryable,
  organizationId: string,
  options: { afterRunId: string; limit: number },
): Promise<string[]> {
  const { rows } = await db.query<{ runId: string }>(
    `select run_id as "runId" from run_retention
     where organization_id = $1::text and run_id > $2::text
     order by run_id limit $3::int`,
    [organizationId, options.afterRunId, options.limit],
  );
  return rows.map((row) => row.runId);
}

export interface OrganizationRetentionSettings {
  plan: Plan;
  retention: unknown;
  pii: unknown;
}

export async function getOrganizationRetentionSettings(
  db: Queryable,
  organizationId: string,
  options: { forUpdate?: boolean } = {},
): Promise<OrganizationRetentionSettings | undefined> {
  const { rows } = await db.query<OrganizationRetentionSettings>(
    `select plan, settings -> 'retention' as retention, settings -> 'pii' as pii
     from organizations where id = $1::text ${options.forUpdate ? 'for update' : ''}`,
    [organizationId],
  );
  return rows[0];
}

/** Replaces the organization's `retention` and `pii` settings, leaving its other settings alone. */
export async function saveOrganizationRetentionSettings(
  db: Queryable,
  organizationId: string,
  settings: { retention: Record<string, unknown>; pii: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `update organizations
     set settings = settings || jsonb_build_object('retention', $2::jsonb, 'pii', $3::jsonb),
       updated_at = now()
     where id = $1::text`,
    [organizationId, JSON.stringify(settings.retention), JSON.stringify(settings.pii)],
  );
}
