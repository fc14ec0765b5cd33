/**
 * Webhook endpoints of an organization. Listing functions never return secrets; only
 * `getWebhookEndpointSecrets` does, for signing and rotation.
 */
import type { EndpointSecrets } from '../lib/webhooks/secrets';
import type { Queryable } from './queryable';

export interface WebhookEndpointRow {
  id: string;
  organizationId: string;
  url: string;
  description: string;
  /** Empty means every event type. */
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  /** Set while a rotated-out secret still signs messages. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
}

const endpointColumns = `id, organization_id as "organizationId", url, description,
  event_types as "eventTypes", enabled, disabled_reason as "disabledReason",
  disabled_at as "disabledAt", failing_since as "failingSince",
  previous_secret_expires_at as "previousSecretExpiresAt", created_at as "createdAt"`;

export interface NewWebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  secret: string;
}

export async function insertWebhookEndpoint(
  db: Queryable,
  organizationId: string,
  endpoint: NewWebhookEndpoint,
): Promise<WebhookEndpointRow> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `insert into webhook_endpoints (id, organization_id, url, description, event_types, secret)
     values ($1::text, $2::text, $3::text, $4::text, $5::text[], $6::text)
     returning ${endpointColumns}`,
    [
      endpoint.id,
      organizationId,
      endpoint.url,
      endpoint.description,
      endpoint.eventTypes,
      endpoint.secret,
    ],
  );
  return rows[0]!;
}

export async function listWebhookEndpoints(
  db: Queryable,
  organizationId: string,
): Promise<WebhookEndpointRow[]> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `select ${endpointColumns} from webhook_endpoints
     where organization_id = $1::text order by created_at, id`,
    [organizationId],
  );
  return rows;
}

export async function getWebhookEndpoint(
  db: Queryable,
  organizationId: string,
  endpointId: string,
): Promise<WebhookEndpointRow | undefined> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `select ${endpointColumns} from webhook_endpoints
     where organization_id = $1::text and id = $2::text`,
    [organizationId, endpointId],
  );
  return rows[0];
}

/** Enabled endpoints that subscribe to the event type (an empty filter subscribes to all). */
export async function subscribedEndpointIds(
  db: Queryable,
  organizationId: string,
  eventType: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from webhook_endpoints
     where organization_id = $1::text and enabled
       and (event_types = '{}'::text[] or $2::text = any(event_types))
     order by id`,
    [organizationId, eventType],
  );
  return rows.map((row) => row.id);
}

/** The secrets, locked against a concurrent rotation when `forUpdate` (inside a transaction). */
export async function getWebhookEndpointSecrets(
  db: Queryable,
  organizationId: string,
  endpointId: string,
  options: { forUpdate?: boolean } = {},
): Promise<EndpointSecrets | undefined> {
  const { rows } = await db.query<EndpointSecrets>(
    `select secret, previous_secret as "previousSecret",
       previous_secret_expires_at as "previousSecretExpiresAt"
     from webhook_endpoints where organization_id = $1::text and id = $2::text
     ${options.forUpdate ? 'for update' : ''}`,
    [organizationId, endpointId],
  );
  return rows[0];
}

export async function updateWebhookEndpointSecrets(
  db: Queryable,
  organizationId: string,
  endpointId: string,
  secrets: Required<EndpointSecrets>,
): Promise<void> {
  await db.query(
    `update webhook_endpoints set secret = $3::text, previous_secret = $4::text,
       previous_secret_expires_at = $5::timestamptz, updated_at = now()
     where organization_id = $1::text and id = $2::text`,
    [
      organizationId,
      endpointId,
      secrets.secret,
      secrets.previousSecret,
      secrets.previousSecretExpiresAt,
    ],
  );
}

/**
 * Disables an enabled endpoint. Disabling one that is already disabled changes nothing and returns
 * when and why it was disabled, so a repeated call reports the same moment; undefined if missing.
 */
export async function disableWebhookEndpoint(
  db: Queryable,
  organizationId: string,
  endpointId: string,
  change: { reason: string; at: Date },
): Promise<{ disabledAt: Date; disabledReason: string } | undefined> {
  const { rows } = await db.query<{ disabledAt: Date; disabledReason: string }>(
    `with disabled as (
       update webhook_endpoints set enabled = false, disabled_at = $4::timestamptz,
         disabled_reason = $3::text, updated_at = now()
       where organization_id = $1::text and id = $2::text and enabled
       returning disabled_at, disabled_reason
     )
     select disabled_at as "disabledAt", disabled_reason as "disabledReason" from disabled
     union all
     select disabled_at, disabled_reason from webhook_endpoints
     where organization_id = $1::text and id = $2::text and not enabled
       and not exists (select 1 from disabled)`,
    [organizationId, endpointId, change.reason, change.at],
  );
  return rows[0];
}

/** Enables the endpoint with a clean record: its failure clock starts again. False if missing. */
export async function enableWebhookEndpoint(
  db: Queryable,
  organizationId: string,
  endpointId: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update webhook_endpoints set enabled = true, disabled_at = null, disabled_reason = null,
       failing_since = null, updated_at = now()
     where organization_id = $1::text and id = $2::text`,
    [organizationId, endpointId],
  );
  return rowCount === 1;
}

/**
 * Records what an attempt says about the endpoint's health: a delivery clears `failing_since`, a
 * failure starts it unless it is running. Returns `failing_since` afterwards.
 */
export async function recordWebhookEndpointHealth(
  db: Queryable,
  organizationId: string,
  endpointId: string,
  attempt: { delivered: boolean; at: Date },
): Promise<Date | null> {
  const { rows } = await db.query<{ failingSince: Date | null }>(
    `update webhook_endpoints
     set failing_since = case when $3::boolean then null else coalesce(failing_since, $4::timestamptz) end
     where organization_id = $1::text and id = $2::text
     returning failing_since as "failingSince"`,
    [organizationId, endpointId, attempt.delivered, attempt.at],
  );
  return rows[0]?.failingSince ?? null;
}
