-- Up Migration
-- Privacy (docs/privacy.md). The audit log becomes one hash chain per organization that the
-- database itself extends and guards; erasure requests keep their progress, the runs they erase
-- and their signed receipts; each organization gets a key pair that signs those receipts.

-- Every field of an entry's canonical text (audit_entry_text) is free of newlines, which join
-- them: codes and hashes by these checks, the details because jsonb's text escapes control
-- characters. So no two different entries share a canonical text.
alter table audit_log
  add constraint audit_log_organization_id_check
    check (organization_id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  add constraint audit_log_actor_check check (actor ~ '^[a-z][a-z0-9_.:-]{0,63}$'),
  add constraint audit_log_action_check check (action ~ '^[a-z][a-z0-9_.]{0,63}$'),
  add constraint audit_log_subject_hash_check
    check (subject_hash ~ '^(participant|run):[0-9a-f]{64}$');

-- What an entry's hash covers: its position, content and the previous entry's hash. The time is
-- written to the microsecond in UTC, the details as jsonb prints them (keys in a fixed order), so
-- a verifier reading the same columns rebuilds the same text (lib/privacy/audit-chain.ts).
create function audit_entry_text(
  seq bigint, organization_id text, at timestamptz, actor text, action text, subject_hash text,
  details jsonb, prev_hash text
) returns text language sql stable as $$
  select concat_ws(E'\n', 'epilogue-audit-v1', seq::text, organization_id,
    to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, action,
    coalesce(subject_hash, ''), details::text, coalesce(prev_hash, ''))
$$;

-- The last entry of each organization's chain. Appends lock this row, so they queue per
-- organization (never across organizations); a verifier also learns from it whether entries were
-- cut off the end of the chain.
create table audit_chain_heads (
  organization_id text primary key,
  last_seq bigint not null,
  last_hash text not null
);

-- Existing entries (written before the chain) are chained in seq order, once.
do $$
declare
  entry record;
  previous text;
  organization text;
begin
  for entry in select * from audit_log order by organization_id, seq loop
    if organization is distinct from entry.organization_id then
      previous := null;
      organization := entry.organization_id;
    end if;
    update audit_log
      set prev_hash = previous,
        hash = encode(sha256(convert_to(audit_entry_text(entry.seq, entry.organization_id,
          entry.at, entry.actor, entry.action, entry.subject_hash, entry.details, previous),
          'UTF8')), 'hex')
      where seq = entry.seq
      returning hash into previous;
  end loop;
  insert into audit_chain_heads (organization_id, last_seq, last_hash)
    select distinct on (organization_id) organization_id, seq, hash
    from audit_log order by organization_id, seq desc;
end
$$;

-- Chains every new entry, whoever inserts it: the caller's prev_hash, hash and seq are replaced.
create function audit_log_chain() returns trigger language plpgsql as $$
declare
  head audit_chain_heads%rowtype;
begin
  insert into audit_chain_heads (organization_id, last_seq, last_hash)
    values (new.organization_id, 0, '')
    on conflict (organization_id) do nothing;
  select * into head from audit_chain_heads
    where organization_id = new.organization_id for update;
  -- Numbered once the head is locked, so that within an organization seq order is chain order
  -- even when transactions that started earlier commit later.
  new.seq := nextval(pg_get_serial_sequence('audit_log', 'seq'));
  new.prev_hash := nullif(head.last_hash, '');
  new.hash := encode(sha256(convert_to(audit_entry_text(new.seq, new.organization_id, new.at,
    new.actor, new.action, new.subject_hash, new.details, new.prev_hash), 'UTF8')), 'hex');
  update audit_chain_heads set last_seq = new.seq, last_hash = new.hash
    where organization_id = new.organization_id;
  return new;
end
$$;
create trigger audit_log_chain before insert on audit_log
  for each row execute function audit_log_chain();

-- Append-only. Erasure never needs to change an entry (entries hold hashes, never the subject),
-- so nothing may: a superuser can still disable the trigger, which is what verification detects.
create function audit_log_reject_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op
    using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_reject_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_reject_change();

-- One erasure request (`erasure:<id>`): a participant of the organization, or one of its runs.
create table erasure_requests (
  organization_id text not null references organizations (id),
  id text not null check (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  scope text not null check (scope in ('participant', 'run')),
  subject_hash text not null check (subject_hash ~ '^(participant|run):[0-9a-f]{64}$'),
  -- The participant's external id or the run id, in clear only while the request is pending: the
  -- workflow reads it here rather than carry it in its history. Cleared when the request ends.
  subject text,
  state text not null default 'pending' check (state in ('pending', 'completed', 'refused')),
  -- Why a request was refused: a documented failure type (LegalHold, RunNotFound).
  refusal text,
  -- Rows (per table) and blobs removed so far, added in the transactions that remove them.
  counts jsonb not null default '{}'::jsonb,
  requested_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  -- The signed receipt (lib/privacy/erasure-receipt.ts), once completed.
  receipt jsonb,
  primary key (organization_id, id),
  check ((state = 'pending') = (subject is not null)),
  check ((state = 'refused') = (refusal is not null)),
  check ((state = 'completed') = (receipt is not null))
);
create index erasure_requests_subject_idx on erasure_requests (organization_id, subject_hash);

-- The runs a pending request found and erases. Run ids in clear, for as long as the request
-- runs: a retried batch finds its runs (and their workflows) here after their rows are gone.
create table erasure_request_runs (
  organization_id text not null,
  request_id text not null,
  run_id text not null,
  -- Workflow executions of the run ([{"workflow_id", "run_id"}]), merged from every search, so
  -- that each deleted history counts once however often a step is retried.
  workflows jsonb not null default '[]'::jsonb,
  erased_at timestamptz,
  primary key (organization_id, request_id, run_id),
  foreign key (organization_id, request_id) references erasure_requests (organization_id, id)
    on delete cascade
);

-- The Ed25519 key pair that signs the organization's receipts, created on first use.
create table organization_signing_keys (
  organization_id text primary key references organizations (id),
  -- Named in each receipt: the first 16 hex digits of the public key's SHA-256.
  key_id text not null unique check (key_id ~ '^[0-9a-f]{16}$'),
  -- SPKI DER, base64: what `epilogue receipts verify` checks signatures with.
  public_key text not null,
  -- The PKCS#8 private key sealed with AES-256-GCM under a payload key (EPILOGUE_PAYLOAD_KEYS,
  -- never stored here), so a copy of the database alone cannot sign.
  private_key_sealed bytea not null,
  sealed_with text not null,
  created_at timestamptz not null default now()
);
