/**
 * Webhook messages: one event for one endpoint, with the exact body to sign and its delivery state.
 * Inserts are keyed by the derived message id, so creating the same messages twice is harmless.
 */
import type { Queryable } from './queryable';

export const webhookMessageStates = [
  'pending',
  'delivered',
  'failed',
  'gone',
  'refused',
  'skipped',
] as const;
export type WebhookMessageState = (typeof webhookMessageStates)[number];

export interface NewWebhookMessage {
  id: string;
  endpointId: string;
  eventType: string;
  eventKey: string;
  runId: string | null;
  body: string;
  afterMessageId: string | null;
}

/** Everything about a message but its body. */
export interface WebhookMessageRow {
  id: string;
  organizationId: string;
  endpointId: string;
  eventType: string;
  eventKey: string;
  runId: string | null;
  state: WebhookMessageState;
  stateReason: string | null;
  attemptCount: number;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  afterMessageId: string | null;
  createdAt: Date;
}

const messageColumns = `m.id, m.organization_id as "organizationId", m.endpoint_id as "endpointId",
  m.event_type as "eventType", m.event_key as "eventKey", m.run_id as "runId", m.state,
  m.state_reason as "stateReason", m.attempt_count as "attemptCount",
  m.next_attempt_at as "nextAttemptAt", m.delivered_at as "deliveredAt",
  m.after_message_id as "afterMessageId", m.created_at as "createdAt"`;

/** Inserts the messages that do not exist yet (one statement); existing ones are left as they are. */
export async function insertWebhookMessages(
  db: Queryable,
  organizationId: string,
  messages: NewWebhookMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await db.query(
    `insert into webhook_messages (id, organization_id, endpoint_id, event_type, event_key, run_id,
       body, after_message_id)
     select id, $1::text, endpoint_id, event_type, event_key, run_id, body, after_message_id
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       as m(id, endpoint_id, event_type, event_key, run_id, body, after_message_id)
     on conflict do nothing`,
    [
      organizationId,
      messages.map((message) => message.id),
      messages.map((message) => message.endpointId),
      messages.map((message) => message.eventType),
      messages.map((message) => message.eventKey),
      messages.map((message) => message.runId),
      messages.map((message) => message.body),
      messages.map((message) => message.afterMessageId),
    ],
  );
}

/** The messages of a run with this event type, by endpoint: what a later event waits for. */
export async function runMessageIdsByEndpoint(
  db: Queryable,
  organizationId: string,
  runId: string,
  eventType: string,
): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; endpointId: string }>(
    `select id, endpoint_id as "endpointId" from webhook_messages
     where organization_id = $1::text and run_id = $2::text and event_type = $3::text`,
    [organizationId, runId, eventType],
  );
  return new Map(rows.map((row) => [row.endpointId, row.id]));
}

export async function getWebhookMessage(
  db: Queryable,
  organizationId: string,
  messageId: string,
): Promise<WebhookMessageRow | undefined> {
  const { rows } = await db.query<WebhookMessageRow>(
    `select ${messageColumns} from webhook_messages m
     where m.organization_id = $1::text and m.id = $2::text`,
    [organizationId, messageId],
  );
  return rows[0];
}

/** A message with what an attempt needs of its endpoint, secrets included. */
export interface WebhookDeliveryRow extends WebhookMessageRow {
  body: string;
  url: string;
  endpointEnabled: boolean;
  failingSince: Date | null;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

export async function getWebhookDelivery(
  db: Queryable,
  organizationId: string,
  messageId: string,
): Promise<WebhookDeliveryRow | undefined> {
  const { rows } = await db.query<WebhookDeliveryRow>(
    `select ${messageColumns}, m.body, e.url, e.enabled as "endpointEnabled",
       e.failing_since as "failingSince", e.secret, e.previous_secret as "previousSecret",
       e.previous_secret_expires_at as "previousSecretExpiresAt"
     from webhook_messages m
     join webhook_endpoints e on e.organization_id = m.organization_id and e.id = m.endpoint_id
     where m.organization_id = $1::text and m.id = $2::text`,
    [organizationId, messageId],
  );
  return rows[0];
}

export interface WebhookMessageUpdate {
  state: WebhookMessageState;
  stateReason: string | null;
  nextAttemptAt: Date | null;
  deliveredAt?: Date | null;
  /** Raised to at least this; never lowered, so a late retry cannot undo a count. */
  attemptCount?: number;
}

export async function updateWebhookMessage(
  db: Queryable,
  organizationId: string,
  messageId: string,
  update: WebhookMessageUpdate,
): Promise<void> {
  await db.query(
    `update webhook_messages set state = $3::text, state_reason = $4::text,
       next_attempt_at = $5::timestamptz, delivered_at = coalesce($6::timestamptz, delivered_at),
       attempt_count = greatest(attempt_count, coalesce($7::int, 0)), updated_at = now()
     where organization_id = $1::text and id = $2::text`,
    [
      organizationId,
      messageId,
      update.state,
      update.stateReason,
      update.nextAttemptAt,
      update.deliveredAt ?? null,
      update.attemptCount ?? null,
    ],
  );
}

/** Pending messages that wait for this one (see after_message_id). */
export async function waitingWebhookMessageIds(
  db: Queryable,
  organizationId: string,
  messageId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from webhook_messages
     where organization_id = $1::text and after_message_id = $2::text and state = 'pending'
     order by id`,
    [organizationId, messageId],
  );
  return rows.map((row) => row.id);
}
