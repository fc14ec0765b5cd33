-- Up Migration
-- Retention: what each run's retention workflow has done and when it plans to look again, legal
-- holds on single runs, one redaction key per organization, and the blobs that retention took out
-- of audio_assets and deletes once nothing references them. Policies themselves live in
-- organizations.settings (`retention`, `pii`), validated by lib/domain/retention-policy.ts.

create table run_retention (
  run_id text primary key,
  organization_id text not null,
  -- Blocks every deletion and redaction of the run until released; the organization's own hold
  -- (settings.retention.legal_hold) blocks all its runs.
  legal_hold boolean not null default false,
  -- Retention action → when it was done: {"delete_audio": "2027-02-25T10:05:00Z", ...}.
  actions_done jsonb not null default '{}'::jsonb,
  -- When the workflow last planned, and the latest time it will plan again. A row past
  -- next_wake_at by more than the reconciler's grace has no live workflow, which is restarted.
  planned_at timestamptz,
  next_wake_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (organization_id, run_id) references runs (organization_id, id) on delete cascade
);
create index run_retention_next_wake_idx on run_retention (next_wake_at);
create index run_retention_organization_idx on run_retention (organization_id, run_id);

-- The HMAC key of hash-mode redaction: one per organization, so the same value gets the same
-- token in every run of the organization and no other. Created on first use, never logged.
create table redaction_keys (
  organization_id text primary key references organizations (id) on delete cascade,
  key bytea not null check (length(key) = 32),
  created_at timestamptz not null default now()
);

-- Blobs a retention action unlinked from audio_assets, recorded in the same transaction, so a
-- crash between the commit and the file deletion leaves a note instead of an orphaned recording.
-- No foreign key: the note outlives a deleted run.
create table retention_blob_deletions (
  organization_id text not null,
  blob_key text not null,
  run_id text not null,
  enqueued_at timestamptz not null default now(),
  primary key (organization_id, blob_key)
);
create index retention_blob_deletions_run_idx on retention_blob_deletions (organization_id, run_id);
create index retention_blob_deletions_enqueued_idx on retention_blob_deletions (enqueued_at);
