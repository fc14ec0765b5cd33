-- Up Migration
-- Live interview sessions, one row per session workflow (`session:<id>`), written at state
-- changes only (start, pause, resume, expiry, end), never per heartbeat. Ids, codes and times:
-- no personal data. The run may not be ingested yet while a session is live, so run_id is not a
-- foreign key; the platform ingests the run's bundle when it has it.

create table sessions (
  id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  organization_id text not null references organizations (id),
  run_id text not null check (run_id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  status text not null check (status in (
    'active', 'paused', 'completed', 'abandoned', 'expired', 'admin_ended', 'restarted')),
  pauses_used integer not null default 0 check (pauses_used >= 0),
  paused_at timestamptz,
  started_at timestamptz not null,
  last_heartbeat_at timestamptz,
  ended_at timestamptz,
  -- The rule or actor that ended it: heartbeat_lost, pause_expired, max_duration, completed,
  -- admin_end:<code>, restart.
  end_reason text check (end_reason ~ '^[a-z_]+(:[a-z][a-z0-9_]{0,63})?$'),
  -- When a pause ran out (the session then moved on to abandoned).
  expired_at timestamptz,
  restarted_from text,
  restarted_as text,
  -- The rules the session runs under, read from the organization's settings at its start.
  rules jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id),
  check ((ended_at is null) = (status in ('active', 'paused')))
);
create index sessions_organization_run_idx on sessions (organization_id, run_id);
create index sessions_organization_live_idx on sessions (organization_id, status)
  where ended_at is null;
