/**
 * What a session's end does to its run, when the platform has already ingested it. The session
 * workflow is the authority on how the live session ended, so the run takes the session's outcome
 * as its status (and as its `session_status`, which the pipeline reads to process a completed run
 * in full and the others as partial runs) — but only while no pipeline has touched the run: a run
 * being processed or processed keeps what it has.
 */
import type { EndedSessionStatus } from '../lib/domain/session-status';
import type { RunStatus } from '../lib/domain/run';
import type { Queryable } from './queryable';

/** `not_ingested`: no such run yet; `kept`: its pipeline began, so its status stays. */
export type RunSettlement = 'settled' | 'kept' | 'not_ingested';

export async function settleRunForSession(
  db: Queryable,
  change: {
    organizationId: string;
    runId: string;
    status: EndedSessionStatus;
    /** Recorded in the run's status history, e.g. `session ses_1: heartbeat_lost`. */
    reason: string;
  },
): Promise<{ settlement: RunSettlement; status: RunStatus | null }> {
  const { rows } = await db.query<{ before: RunStatus | null; after: RunStatus | null }>(
    `with current as (
       select status from runs where organization_id = $1::text and id = $2::text
     ), moved as (
       update runs set status = $3::text,
         -- A restart is not how the run's session ended: the next session will say.
         session_status = case when $3::text = 'restarted' then session_status else $3::text end,
         status_reason = null, updated_at = now()
       where organization_id = $1::text and id = $2::text
         and status <> $3::text
         and (status = session_status or status = 'restarted')
         and pipeline_state = '{}'::jsonb
       returning status
     ), history as (
       insert into run_status_history (organization_id, run_id, from_status, to_status, reason)
       select $1::text, $2::text, current.status, $3::text, $4::text from current, moved
     )
     select (select status from current) as before, (select status from moved) as after`,
    [change.organizationId, change.runId, change.status, change.reason],
  );
  const { before, after } = rows[0]!;
  if (before === null) return { settlement: 'not_ingested', status: null };
  const status = after ?? before;
  return { settlement: status === change.status ? 'settled' : 'kept', status };
}
