/**
 * The attempt log: one row per delivery attempt of a message, numbered from 1 across executions
 * (a resend continues the count). The number is unique per message, so an activity retried after
 * it recorded its attempt finds the row instead of adding a second one.
 */
import type { Queryable } from './queryable';

export type WebhookAttemptOutcome = 'delivered' | 'failed' | 'gone' | 'refused';

export interface WebhookAttemptRow {
  attempt: number;
  outcome: WebhookAttemptOutcome;
  statusCode: number | null;
  latencyMs: number | null;
  retryAfterMs: number | null;
  error: string | null;
  responseExcerpt: string | null;
  at: Date;
}

const attemptColumns = `attempt, outcome, status_code as "statusCode", latency_ms as "latencyMs",
  retry_after_ms as "retryAfterMs", error, response_excerpt as "responseExcerpt", at`;

/** True if this call recorded the attempt; false if a row with its number already existed. */
export async function insertWebhookAttempt(
  db: Queryable,
  organizationId: string,
  message: { messageId: string; endpointId: string },
  row: WebhookAttemptRow,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into webhook_attempts (organization_id, message_id, endpoint_id, attempt, outcome,
       status_code, latency_ms, retry_after_ms, error, response_excerpt, at)
     values ($1::text, $2::text, $3::text, $4::int, $5::text, $6::int, $7::int, $8::int, $9::text,
       $10::text, $11::timestamptz)
     on conflict (message_id, endpoint_id, attempt) do nothing`,
    [
      organizationId,
      message.messageId,
      message.endpointId,
      row.attempt,
      row.outcome,
      row.statusCode,
      row.latencyMs,
      row.retryAfterMs,
      row.error,
      row.responseExcerpt,
      row.at,
    ],
  );
  return rowCount === 1;
}

export async function getWebhookAttempt(
  db: Queryable,
  organizationId: string,
  messageId: string,
  attempt: number,
): Promise<WebhookAttemptRow | undefined> {
  const { rows } = await db.query<WebhookAttemptRow>(
    `select ${attemptColumns} from webhook_attempts
     where organization_id = $1::text and message_id = $2::text and attempt = $3::int`,
    [organizationId, messageId, attempt],
  );
  return rows[0];
}

export async function listWebhookAttempts(
  db: Queryable,
  organizationId: string,
  messageId: string,
): Promise<WebhookAttemptRow[]> {
  const { rows } = await db.query<WebhookAttemptRow>(
    `select ${attemptColumns} from webhook_attempts
     where organization_id = $1::text and message_id = $2::text order by attempt`,
    [organizationId, messageId],
  );
  return rows;
}
