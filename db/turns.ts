/** The turn log as ingested: what the platform captured live. */
import type { StoredTurn } from '../lib/transcript/assemble-transcript';
import type { Queryable } from './queryable';

export async function listTurns(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<StoredTurn[]> {
  const { rows } = await db.query<StoredTurn>(
    `select seq, role, content, occurred_at as "occurredAt", duration_ms as "durationMs",
       session_id as "sessionId", node_id as "nodeId", question_key as "questionKey",
       entry_type as "entryType", confidence
     from turns where organization_id = $1::text and run_id = $2::text order by seq`,
    [organizationId, runId],
  );
  return rows;
}
