-- Up Migration
-- Webhook delivery: endpoint secrets and health, one message per event and endpoint holding the
-- exact signed body and its delivery state, and attempts that record what each one did.

alter table webhook_endpoints
  -- Stored as used: HMAC signing needs the key itself, so it cannot be hashed. Encryption at rest
  -- (a key held by the worker wrapping these two columns) comes with a later issue.
  add column secret text not null check (secret ~ '^whsec_'),
  -- The secret before the last rotation; it still signs messages until previous_secret_expires_at.
  add column previous_secret text check (previous_secret ~ '^whsec_'),
  add column previous_secret_expires_at timestamptz,
  -- The first failed attempt since the last delivered one; null while healthy (5-day rule).
  add column failing_since timestamptz,
  add column disabled_at timestamptz,
  add constraint webhook_endpoints_previous_secret_expiry_check
    check ((previous_secret is null) = (previous_secret_expires_at is null)),
  add constraint webhook_endpoints_disabled_check check (enabled = (disabled_at is null));

-- A message is one event for one endpoint. Its id (the `webhook-id`) is derived from
-- (organization, event key, endpoint), so enqueuing the same event twice finds the same row.
alter table webhook_messages
  drop constraint webhook_messages_organization_id_event_key_key,
  -- Replaced by body: the signature covers exact bytes, which jsonb does not keep.
  drop column payload,
  add column endpoint_id text not null,
  add column body text not null,
  add column state text not null default 'pending'
    check (state in ('pending', 'delivered', 'failed', 'gone', 'refused', 'skipped')),
  -- Why a message ended undelivered: the refused URL's reason, a disabled endpoint, ...
  add column state_reason text,
  add column attempt_count integer not null default 0 check (attempt_count >= 0),
  add column next_attempt_at timestamptz,
  add column delivered_at timestamptz,
  -- Delivered only once this message is no longer pending (`run.analyzed` after `run.ended`).
  add column after_message_id text references webhook_messages (id) on delete set null,
  add column updated_at timestamptz not null default now(),
  add constraint webhook_messages_endpoint_fkey foreign key (organization_id, endpoint_id)
    references webhook_endpoints (organization_id, id) on delete cascade,
  add constraint webhook_messages_event_endpoint_key unique (organization_id, event_key, endpoint_id);
create index webhook_messages_run_idx on webhook_messages (organization_id, run_id, event_type)
  where run_id is not null;
create index webhook_messages_after_idx on webhook_messages (after_message_id)
  where after_message_id is not null;

alter table webhook_attempts
  add column outcome text not null check (outcome in ('delivered', 'failed', 'gone', 'refused')),
  -- The receiver's Retry-After, which the next attempt honoured.
  add column retry_after_ms integer check (retry_after_ms >= 0);
