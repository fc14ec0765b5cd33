/** Extracted responses: one row per run, replaced when the stage runs again. */
import type { Responses } from '../lib/domain/responses';
import type { Queryable } from './queryable';

export async function saveResponses(
  db: Queryable,
  organizationId: string,
  responses: Responses,
): Promise<void> {
  await db.query(
    `insert into responses (run_id, organization_id, status, items, path_taken, completion_rate,
       required_unanswered, drop_off_node_id)
     values ($1::text, $2::text, 'completed', $3::jsonb, $4::jsonb, $5::real, $6::jsonb, $7::text)
     on conflict (run_id) do update set status = 'completed', items = excluded.items,
       path_taken = excluded.path_taken, completion_rate = excluded.completion_rate,
       required_unanswered = excluded.required_unanswered, drop_off_node_id = excluded.drop_off_node_id,
       updated_at = now()
     where responses.organization_id = excluded.organization_id`,
    [
      responses.run_id,
      organizationId,
      JSON.stringify(responses.items),
      JSON.stringify(responses.path_taken),
      responses.completion_rate,
      JSON.stringify(responses.required_unanswered),
      responses.drop_off_node_id,
    ],
  );
}

export async function getResponses(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<Responses | undefined> {
  const { rows } = await db.query<Responses>(
    `select run_id, items, path_taken, completion_rate, required_unanswered, drop_off_node_id
     from responses where organization_id = $1::text and run_id = $2::text`,
    [organizationId, runId],
  );
  return rows[0];
}
