-- Up Migration
-- Access exports (docs/privacy.md): one row per request, under the request id its caller chose, which
-- is also its workflow's id (`export:<requestId>`). The ZIP is a content-addressed blob whose key the
-- row holds until the export expires and the file is deleted. The participant's external id is kept
-- only while the export is being built or can be downloaded; the keyed subject hash stays, so the
-- record of the export and a request id reused for someone else are recognized without it.

create table participant_exports (
  request_id text primary key check (request_id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  organization_id text not null references organizations (id),
  -- `participant:<HMAC-SHA256>` of the external id under the organization's key
  -- (lib/privacy/subject-hash.ts), as in the audit log.
  subject_hash text not null check (subject_hash ~ '^participant:[0-9a-f]{64}$'),
  -- Personal data: cleared when the export expires or fails.
  participant_external_id text,
  status text not null default 'requested'
    check (status in ('requested', 'ready', 'expired', 'failed')),
  -- How long the file is kept once built (EPILOGUE_EXPORT_TTL of the client that asked).
  ttl_ms bigint not null check (ttl_ms > 0),
  requested_at timestamptz not null default now(),
  -- Set by the first build attempt and kept by every retry, so each writes the same manifest and
  -- therefore the same bytes under the same blob key.
  created_at timestamptz,
  expires_at timestamptz,
  -- The ZIP: its key is recorded before the file is written, so a crash leaves no unknown blob.
  blob_key text,
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  byte_size bigint check (byte_size >= 0),
  -- Rows and files in the ZIP: {"runs": 2, "transcript_entries": 8, "audio_files": 4, ...}.
  counts jsonb not null default '{}'::jsonb,
  -- The documented failure type of a failed export (docs/errors.md); never a message with data.
  failure_type text,
  expired_at timestamptz,
  check (status <> 'ready' or (blob_key is not null and expires_at is not null))
);
-- An erasure finds the subject's exports by this hash.
create index participant_exports_subject_idx on participant_exports (organization_id, subject_hash);
