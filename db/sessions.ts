/**
 * Sessions: one row per live interview session, written by the session workflow's activities at
 * state changes. Every function takes the organization id and filters on it.
 */
import type { SessionRules } from '../lib/domain/session-settings';
import type { SessionStatus } from '../lib/domain/session-status';
import type { Queryable } from './queryable';

export interface SessionRow {
  id: string;
  organizationId: string;
  runId: string;
  status: SessionStatus;
  pausesUsed: number;
  pausedAt: Date | null;
  startedAt: Date;
  lastHeartbeatAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  expiredAt: Date | null;
  restartedFrom: string | null;
  restartedAs: string | null;
  rules: SessionRules;
}

const sessionColumns = `id, organization_id as "organizationId", run_id as "runId", status,
  pauses_used as "pausesUsed", paused_at as "pausedAt", started_at as "startedAt",
  last_heartbeat_at as "lastHeartbeatAt", ended_at as "endedAt", end_reason as "endReason",
  expired_at as "expiredAt", restarted_from as "restartedFrom", restarted_as as "restartedAs", rules`;

export interface NewSession {
  id: string;
  organizationId: string;
  runId: string;
  startedAt: string;
  restartedFrom: string | null;
  rules: SessionRules;
}

/**
 * Creates the session's row, or finds the one a previous attempt created. The row found is
 * returned as stored, so a retried start gets the rules the first attempt read; a row of another
 * organization or run under the same id is returned too, for the caller to refuse.
 */
export async function insertSession(db: Queryable, session: NewSession): Promise<SessionRow> {
  const { rows } = await db.query<SessionRow>(
    `with inserted as (
       insert into sessions (id, organization_id, run_id, status, started_at, last_heartbeat_at,
         restarted_from, rules)
       values ($1::text, $2::text, $3::text, 'active', $4::timestamptz, $4::timestamptz,
         $5::text, $6::jsonb)
       on conflict (id) do nothing
       returning ${sessionColumns}
     )
     select * from inserted
     union all
     select ${sessionColumns} from sessions
     where id = $1::text and not exists (select 1 from inserted)`,
    [
      session.id,
      session.organizationId,
      session.runId,
      session.startedAt,
      session.restartedFrom,
      JSON.stringify(session.rules),
    ],
  );
  return rows[0]!;
}

export async function getSession(
  db: Queryable,
  organizationId: string,
  sessionId: string,
): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `select ${sessionColumns} from sessions where organization_id = $1::text and id = $2::text`,
    [organizationId, sessionId],
  );
  return rows[0];
}

export interface SessionChange {
  organizationId: string;
  sessionId: string;
  status: SessionStatus;
  pausesUsed: number;
  pausedAt: string | null;
  lastHeartbeatAt: string;
  endedAt: string | null;
  endReason: string | null;
  expiredAt?: string | null;
  restartedAs?: string | null;
}

/**
 * Writes the session's state as the workflow knows it. The same change written twice (a retried
 * activity) leaves the same row; an ended session is only ever moved to another ended status
 * (`expired` → `abandoned`), never back to live. Returns whether the row was written.
 */
export async function updateSession(db: Queryable, change: SessionChange): Promise<boolean> {
  const { rowCount } = await db.query(
    `update sessions set status = $3::text, pauses_used = $4::integer,
       paused_at = $5::timestamptz, last_heartbeat_at = $6::timestamptz,
       ended_at = $7::timestamptz, end_reason = $8::text,
       expired_at = coalesce($9::timestamptz, expired_at),
       restarted_as = coalesce($10::text, restarted_as), updated_at = now()
     where organization_id = $1::text and id = $2::text
       and (ended_at is null or $7::timestamptz is not null)`,
    [
      change.organizationId,
      change.sessionId,
      change.status,
      change.pausesUsed,
      change.pausedAt,
      change.lastHeartbeatAt,
      change.endedAt,
      change.endReason,
      change.expiredAt ?? null,
      change.restartedAs ?? null,
    ],
  );
  return rowCount === 1;
}
