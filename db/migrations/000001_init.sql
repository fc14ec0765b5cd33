-- Up Migration
-- Epilogue's system of record. Every table but organizations carries organization_id, and every
-- query filters on it (tenant isolation). Personal data lives only in runs.participant, turns,
-- transcripts, responses and analyses, so erasure and redaction know where to look.

create table organizations (
  id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  name text not null default '',
  plan text not null default 'starter'
    check (plan in ('free', 'starter', 'professional', 'enterprise')),
  -- Session rules, retention overrides, PII and analysis settings; validated by lib/domain.
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table runs (
  id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  organization_id text not null references organizations (id),
  test_mode boolean not null default false,
  status text not null check (status in (
    'created', 'scheduled', 'awaiting_participant', 'awaiting_consent', 'active', 'paused',
    'processing', 'completed', 'abandoned', 'failed', 'expired', 'admin_ended', 'restarted')),
  -- Why the run is failed (a documented failure type and message without personal data).
  status_reason text,
  -- How the live session ended, as the platform reported it; never changes afterwards.
  session_status text not null
    check (session_status in ('completed', 'abandoned', 'expired', 'admin_ended')),
  consent_status text not null default 'not_required'
    check (consent_status in ('pending', 'granted', 'declined', 'not_required')),
  blueprint jsonb not null,
  participant_external_id text not null,
  -- name, email, phone, metadata: personal data.
  participant jsonb not null,
  audio_layout text not null check (audio_layout in ('two_track', 'mixed', 'none')),
  -- Stages the platform asked for: {transcript, responses, analysis}.
  pipeline jsonb not null,
  -- What each stage did: {"transcript": "done" | "failed" | "skipped" | ..., ...}.
  pipeline_state jsonb not null default '{}'::jsonb,
  metadata jsonb not null default '{}'::jsonb,
  source_digest text not null,
  started_at timestamptz not null,
  completed_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id)
);
create index runs_organization_participant_idx on runs (organization_id, participant_external_id);
create index runs_organization_status_idx on runs (organization_id, status);

create table run_status_history (
  id bigint generated always as identity primary key,
  organization_id text not null,
  run_id text not null,
  from_status text,
  to_status text not null,
  reason text,
  at timestamptz not null default now(),
  foreign key (organization_id, run_id) references runs (organization_id, id) on delete cascade
);
create index run_status_history_run_idx on run_status_history (organization_id, run_id, id);

create table turns (
  organization_id text not null,
  run_id text not null,
  seq integer not null check (seq >= 0),
  role text not null check (role in ('agent', 'participant')),
  content text not null,
  occurred_at timestamptz not null,
  duration_ms integer not null check (duration_ms >= 0),
  session_id text,
  node_id text,
  question_key text,
  entry_type text not null,
  confidence real check (confidence between 0 and 1),
  words jsonb,
  primary key (run_id, seq),
  foreign key (organization_id, run_id) references runs (organization_id, id) on delete cascade
);

create table audio_assets (
  id bigint generated always as identity primary key,
  organization_id text not null,
  run_id text not null,
  -- source: as uploaded; normalized: 16 kHz mono master; playback: MP3 for listening.
  kind text not null check (kind in ('source', 'normalized', 'playback')),
  track text not null check (track in ('agent', 'participant', 'mixed')),
  format text not null check (format ~ '^[a-z0-9]{1,8}$'),
  blob_key text not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  byte_size bigint not null check (byte_size >= 0),
  duration_ms integer,
  sample_rate integer,
  channels integer,
  codec text,
  loudness_lufs real,
  -- Quietest level between words (dBFS), from which voice activity detection sets its threshold.
  noise_floor_db real,
  created_at timestamptz not null default now(),
  unique (run_id, kind, track, format),
  foreign key (organization_id, run_id) references runs (organization_id, id) on delete cascade
);
create index audio_assets_blob_key_idx on audio_assets (blob_key);

-- Who spoke when, from voice activity (two tracks) or the turn log aligned to speech (one track).
create table diarizations (
  run_id text primary key,
  organization_id text not null,
  method text not null check (method in ('vad_two_track', 'aligned_mono', 'turn_log')),
  -- [{speaker, start_ms, end_ms}] in recording time.
  segments jsonb not null default '[]'::jsonb,
  -- Spans where both speakers talk at once: [{start_ms, end_ms}].
  overlap_spans jsonb not null default '[]'::jsonb,
  -- Participant latency after each agent turn: [{agent_entry_id, latency_ms}].
  latencies jsonb not null default '[]'::jsonb,
  -- Constant shift between the turn log's clock and the recording, found by alignment.
  offset_ms integer not null default 0,
  speech_ms jsonb not null default '{}'::jsonb,
  -- Where each turn of the turn log really is in the recording: [{seq, start_ms, end_ms}].
  alignment jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (organization_id, run_id) references runs (organization_id, id) on delete cascade
);

create table transcripts (
  run_id text primary key,
  organization_id text not null,
  status text not null default 'pending' check (status in ('pending', 'completed', 'failed')),
  entries jsonb not null default '[]'::jsonb,
  word_count integer not null default 0,
  duration_s real not null default 0,
  language text,
  -- Turn-log timestamps corrected from the audio: [{entry_id, from_ms, to_ms}].
  corrections jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (organization_id, run_id) references runs (organization_id, id) on delete cascade
);

create table responses (
  run_id text primary key,
  organization_id text not null,
  status text not null default 'pending' check (status in ('pending', 'completed', 'failed')),
  items jsonb not null default '[]'::jsonb,
  path_taken jsonb not null default '[]'::jsonb,
  completion_rate real not null default 0,
  required_unanswered jsonb not null default '[]'::jsonb,
  drop_off_node_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (organization_id, run_id) references runs (organization_id, id) on delete cascade
);

create table analyses (
  id bigint generated always as identity primary key,
  organization_id text not null,
  run_id text not null,
  -- Re-analysis adds a version; the highest is current.
  version integer not null check (version >= 1),
  provider text not null,
  model text,
  status text not null default 'completed' check (status in ('pending', 'completed', 'failed')),
  results jsonb not null default '{}'::jsonb,
  usage jsonb not null default '{}'::jsonb,
  cost_usd numeric(12, 6),
  -- The analyzer's own version (prompt or method), e.g. `local-1`.
  analyzer_version text not null default '',
  -- Quotes and evidence the stage dropped because they were not verbatim in the transcript.
  dropped_quotes integer not null default 0,
  -- Which request made this version, so a retried activity finds its row instead of adding one.
  request_id text not null,
  created_at timestamptz not null default now(),
  unique (run_id, version),
  unique (run_id, request_id),
  foreign key (organization_id, run_id) references runs (organization_id, id) on delete cascade
);

create table webhook_endpoints (
  id text primary key,
  organization_id text not null references organizations (id),
  url text not null,
  description text not null default '',
  -- Empty means every event type.
  event_types text[] not null default '{}',
  enabled boolean not null default true,
  disabled_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id)
);

create table webhook_messages (
  -- The Standard Webhooks `webhook-id`: stable across retries and resends.
  id text primary key,
  organization_id text not null references organizations (id),
  event_type text not null,
  -- What the event is about, so a duplicate enqueue maps to the same message.
  event_key text not null,
  run_id text,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  unique (organization_id, event_key)
);

create table webhook_attempts (
  id bigint generated always as identity primary key,
  organization_id text not null references organizations (id),
  message_id text not null references webhook_messages (id) on delete cascade,
  endpoint_id text not null references webhook_endpoints (id) on delete cascade,
  attempt integer not null check (attempt >= 1),
  status_code integer,
  latency_ms integer,
  error text,
  response_excerpt text,
  at timestamptz not null default now(),
  unique (message_id, endpoint_id, attempt)
);

-- Append-only and hash-chained; subjects appear only as keyed hashes.
create table audit_log (
  seq bigint generated always as identity primary key,
  organization_id text not null,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  subject_hash text,
  details jsonb not null default '{}'::jsonb,
  prev_hash text,
  hash text not null
);
create index audit_log_organization_idx on audit_log (organization_id, seq);
