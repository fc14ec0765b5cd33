CREATE FUNCTION public.audit_entry_text(seq bigint, organization_id text, at timestamp with time zone, actor text, action text, subject_hash text, details jsonb, prev_hash text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
  select concat_ws(E'\n', 'epilogue-audit-v1', seq::text, organization_id,
    to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, action,
    coalesce(subject_hash, ''), details::text, coalesce(prev_hash, ''))
$$;

CREATE FUNCTION public.audit_log_chain() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.audit_log_reject_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op
    using errcode = 'insufficient_privilege';
end
$$;

CREATE TABLE public.analyses (
    id bigint NOT NULL,
    organization_id text NOT NULL,
    run_id text NOT NULL,
    version integer NOT NULL,
    provider text NOT NULL,
    model text,
    status text DEFAULT 'completed'::text NOT NULL,
    results jsonb DEFAULT '{}'::jsonb NOT NULL,
    usage jsonb DEFAULT '{}'::jsonb NOT NULL,
    cost_usd numeric(12,6),
    analyzer_version text DEFAULT ''::text NOT NULL,
    dropped_quotes integer DEFAULT 0 NOT NULL,
    request_id text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT analyses_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'completed'::text, 'failed'::text]))),
    CONSTRAINT analyses_version_check CHECK ((version >= 1))
);

ALTER TABLE public.analyses ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.analyses_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.audio_assets (
    id bigint NOT NULL,
    organization_id text NOT NULL,
    run_id text NOT NULL,
    kind text NOT NULL,
    track text NOT NULL,
    format text NOT NULL,
    blob_key text NOT NULL,
    sha256 text NOT NULL,
    byte_size bigint NOT NULL,
    duration_ms integer,
    sample_rate integer,
    channels integer,
    codec text,
    loudness_lufs real,
    noise_floor_db real,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audio_assets_byte_size_check CHECK ((byte_size >= 0)),
    CONSTRAINT audio_assets_format_check CHECK ((format ~ '^[a-z0-9]{1,8}$'::text)),
    CONSTRAINT audio_assets_kind_check CHECK ((kind = ANY (ARRAY['source'::text, 'normalized'::text, 'playback'::text]))),
    CONSTRAINT audio_assets_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT audio_assets_track_check CHECK ((track = ANY (ARRAY['agent'::text, 'participant'::text, 'mixed'::text])))
);

ALTER TABLE public.audio_assets ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audio_assets_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.audit_chain_heads (
    organization_id text NOT NULL,
    last_seq bigint NOT NULL,
    last_hash text NOT NULL
);

CREATE TABLE public.audit_log (
    seq bigint NOT NULL,
    organization_id text NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    subject_hash text,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    prev_hash text,
    hash text NOT NULL,
    CONSTRAINT audit_log_action_check CHECK ((action ~ '^[a-z][a-z0-9_.]{0,63}$'::text)),
    CONSTRAINT audit_log_actor_check CHECK ((actor ~ '^[a-z][a-z0-9_.:-]{0,63}$'::text)),
    CONSTRAINT audit_log_organization_id_check CHECK ((organization_id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'::text)),
    CONSTRAINT audit_log_subject_hash_check CHECK ((subject_hash ~ '^(participant|run):[0-9a-f]{64}$'::text))
);

ALTER TABLE public.audit_log ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_log_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.diarizations (
    run_id text NOT NULL,
    organization_id text NOT NULL,
    method text NOT NULL,
    segments jsonb DEFAULT '[]'::jsonb NOT NULL,
    overlap_spans jsonb DEFAULT '[]'::jsonb NOT NULL,
    latencies jsonb DEFAULT '[]'::jsonb NOT NULL,
    offset_ms integer DEFAULT 0 NOT NULL,
    speech_ms jsonb DEFAULT '{}'::jsonb NOT NULL,
    alignment jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT diarizations_method_check CHECK ((method = ANY (ARRAY['vad_two_track'::text, 'aligned_mono'::text, 'turn_log'::text])))
);

CREATE TABLE public.erasure_request_runs (
    organization_id text NOT NULL,
    request_id text NOT NULL,
    run_id text NOT NULL,
    workflows jsonb DEFAULT '[]'::jsonb NOT NULL,
    erased_at timestamp with time zone
);

CREATE TABLE public.erasure_requests (
    organization_id text NOT NULL,
    id text NOT NULL,
    scope text NOT NULL,
    subject_hash text NOT NULL,
    subject text,
    state text DEFAULT 'pending'::text NOT NULL,
    refusal text,
    counts jsonb DEFAULT '{}'::jsonb NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    receipt jsonb,
    CONSTRAINT erasure_requests_check CHECK (((state = 'pending'::text) = (subject IS NOT NULL))),
    CONSTRAINT erasure_requests_check1 CHECK (((state = 'refused'::text) = (refusal IS NOT NULL))),
    CONSTRAINT erasure_requests_check2 CHECK (((state = 'completed'::text) = (receipt IS NOT NULL))),
    CONSTRAINT erasure_requests_id_check CHECK ((id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'::text)),
    CONSTRAINT erasure_requests_scope_check CHECK ((scope = ANY (ARRAY['participant'::text, 'run'::text]))),
    CONSTRAINT erasure_requests_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'completed'::text, 'refused'::text]))),
    CONSTRAINT erasure_requests_subject_hash_check CHECK ((subject_hash ~ '^(participant|run):[0-9a-f]{64}$'::text))
);

CREATE TABLE public.organization_signing_keys (
    organization_id text NOT NULL,
    key_id text NOT NULL,
    public_key text NOT NULL,
    private_key_sealed bytea NOT NULL,
    sealed_with text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT organization_signing_keys_key_id_check CHECK ((key_id ~ '^[0-9a-f]{16}$'::text))
);

CREATE TABLE public.organizations (
    id text NOT NULL,
    name text DEFAULT ''::text NOT NULL,
    plan text DEFAULT 'starter'::text NOT NULL,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT organizations_id_check CHECK ((id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'::text)),
    CONSTRAINT organizations_plan_check CHECK ((plan = ANY (ARRAY['free'::text, 'starter'::text, 'professional'::text, 'enterprise'::text])))
);

CREATE TABLE public.participant_exports (
    request_id text NOT NULL,
    organization_id text NOT NULL,
    subject_hash text NOT NULL,
    participant_external_id text,
    status text DEFAULT 'requested'::text NOT NULL,
    ttl_ms bigint NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone,
    expires_at timestamp with time zone,
    blob_key text,
    sha256 text,
    byte_size bigint,
    counts jsonb DEFAULT '{}'::jsonb NOT NULL,
    failure_type text,
    expired_at timestamp with time zone,
    CONSTRAINT participant_exports_byte_size_check CHECK ((byte_size >= 0)),
    CONSTRAINT participant_exports_check CHECK (((status <> 'ready'::text) OR ((blob_key IS NOT NULL) AND (expires_at IS NOT NULL)))),
    CONSTRAINT participant_exports_request_id_check CHECK ((request_id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'::text)),
    CONSTRAINT participant_exports_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT participant_exports_status_check CHECK ((status = ANY (ARRAY['requested'::text, 'ready'::text, 'expired'::text, 'failed'::text]))),
    CONSTRAINT participant_exports_subject_hash_check CHECK ((subject_hash ~ '^participant:[0-9a-f]{64}$'::text)),
    CONSTRAINT participant_exports_ttl_ms_check CHECK ((ttl_ms > 0))
);

CREATE TABLE public.redaction_keys (
    organization_id text NOT NULL,
    key bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT redaction_keys_key_check CHECK ((length(key) = 32))
);

CREATE TABLE public.responses (
    run_id text NOT NULL,
    organization_id text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    items jsonb DEFAULT '[]'::jsonb NOT NULL,
    path_taken jsonb DEFAULT '[]'::jsonb NOT NULL,
    completion_rate real DEFAULT 0 NOT NULL,
    required_unanswered jsonb DEFAULT '[]'::jsonb NOT NULL,
    drop_off_node_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT responses_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'completed'::text, 'failed'::text])))
);

CREATE TABLE public.retention_blob_deletions (
    organization_id text NOT NULL,
    blob_key text NOT NULL,
    run_id text NOT NULL,
    enqueued_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.run_retention (
    run_id text NOT NULL,
    organization_id text NOT NULL,
    legal_hold boolean DEFAULT false NOT NULL,
    actions_done jsonb DEFAULT '{}'::jsonb NOT NULL,
    planned_at timestamp with time zone,
    next_wake_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.run_status_history (
    id bigint NOT NULL,
    organization_id text NOT NULL,
    run_id text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    reason text,
    at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.run_status_history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.run_status_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.runs (
    id text NOT NULL,
    organization_id text NOT NULL,
    test_mode boolean DEFAULT false NOT NULL,
    status text NOT NULL,
    status_reason text,
    session_status text NOT NULL,
    consent_status text DEFAULT 'not_required'::text NOT NULL,
    blueprint jsonb NOT NULL,
    participant_external_id text NOT NULL,
    participant jsonb NOT NULL,
    audio_layout text NOT NULL,
    pipeline jsonb NOT NULL,
    pipeline_state jsonb DEFAULT '{}'::jsonb NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_digest text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT runs_audio_layout_check CHECK ((audio_layout = ANY (ARRAY['two_track'::text, 'mixed'::text, 'none'::text]))),
    CONSTRAINT runs_consent_status_check CHECK ((consent_status = ANY (ARRAY['pending'::text, 'granted'::text, 'declined'::text, 'not_required'::text]))),
    CONSTRAINT runs_id_check CHECK ((id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'::text)),
    CONSTRAINT runs_session_status_check CHECK ((session_status = ANY (ARRAY['completed'::text, 'abandoned'::text, 'expired'::text, 'admin_ended'::text]))),
    CONSTRAINT runs_status_check CHECK ((status = ANY (ARRAY['created'::text, 'scheduled'::text, 'awaiting_participant'::text, 'awaiting_consent'::text, 'active'::text, 'paused'::text, 'processing'::text, 'completed'::text, 'abandoned'::text, 'failed'::text, 'expired'::text, 'admin_ended'::text, 'restarted'::text])))
);

CREATE SEQUENCE public.schema_migrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.sessions (
    id text NOT NULL,
    organization_id text NOT NULL,
    run_id text NOT NULL,
    status text NOT NULL,
    pauses_used integer DEFAULT 0 NOT NULL,
    paused_at timestamp with time zone,
    started_at timestamp with time zone NOT NULL,
    last_heartbeat_at timestamp with time zone,
    ended_at timestamp with time zone,
    end_reason text,
    expired_at timestamp with time zone,
    restarted_from text,
    restarted_as text,
    rules jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT sessions_check CHECK (((ended_at IS NULL) = (status = ANY (ARRAY['active'::text, 'paused'::text])))),
    CONSTRAINT sessions_end_reason_check CHECK ((end_reason ~ '^[a-z_]+(:[a-z][a-z0-9_]{0,63})?$'::text)),
    CONSTRAINT sessions_id_check CHECK ((id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'::text)),
    CONSTRAINT sessions_pauses_used_check CHECK ((pauses_used >= 0)),
    CONSTRAINT sessions_run_id_check CHECK ((run_id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'::text)),
    CONSTRAINT sessions_status_check CHECK ((status = ANY (ARRAY['active'::text, 'paused'::text, 'completed'::text, 'abandoned'::text, 'expired'::text, 'admin_ended'::text, 'restarted'::text])))
);

CREATE TABLE public.transcripts (
    run_id text NOT NULL,
    organization_id text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    entries jsonb DEFAULT '[]'::jsonb NOT NULL,
    word_count integer DEFAULT 0 NOT NULL,
    duration_s real DEFAULT 0 NOT NULL,
    language text,
    corrections jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT transcripts_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'completed'::text, 'failed'::text])))
);

CREATE TABLE public.turns (
    organization_id text NOT NULL,
    run_id text NOT NULL,
    seq integer NOT NULL,
    role text NOT NULL,
    content text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    duration_ms integer NOT NULL,
    session_id text,
    node_id text,
    question_key text,
    entry_type text NOT NULL,
    confidence real,
    words jsonb,
    CONSTRAINT turns_confidence_check CHECK (((confidence >= (0)::double precision) AND (confidence <= (1)::double precision))),
    CONSTRAINT turns_duration_ms_check CHECK ((duration_ms >= 0)),
    CONSTRAINT turns_role_check CHECK ((role = ANY (ARRAY['agent'::text, 'participant'::text]))),
    CONSTRAINT turns_seq_check CHECK ((seq >= 0))
);

CREATE TABLE public.webhook_attempts (
    id bigint NOT NULL,
    organization_id text NOT NULL,
    message_id text NOT NULL,
    endpoint_id text NOT NULL,
    attempt integer NOT NULL,
    status_code integer,
    latency_ms integer,
    error text,
    response_excerpt text,
    at timestamp with time zone DEFAULT now() NOT NULL,
    outcome text NOT NULL,
    retry_after_ms integer,
    CONSTRAINT webhook_attempts_attempt_check CHECK ((attempt >= 1)),
    CONSTRAINT webhook_attempts_outcome_check CHECK ((outcome = ANY (ARRAY['delivered'::text, 'failed'::text, 'gone'::text, 'refused'::text]))),
    CONSTRAINT webhook_attempts_retry_after_ms_check CHECK ((retry_after_ms >= 0))
);

ALTER TABLE public.webhook_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.webhook_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.webhook_endpoints (
    id text NOT NULL,
    organization_id text NOT NULL,
    url text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    event_types text[] DEFAULT '{}'::text[] NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    disabled_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    secret text NOT NULL,
    previous_secret text,
    previous_secret_expires_at timestamp with time zone,
    failing_since timestamp with time zone,
    disabled_at timestamp with time zone,
    CONSTRAINT webhook_endpoints_disabled_check CHECK ((enabled = (disabled_at IS NULL))),
    CONSTRAINT webhook_endpoints_previous_secret_check CHECK ((previous_secret ~ '^whsec_'::text)),
    CONSTRAINT webhook_endpoints_previous_secret_expiry_check CHECK (((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))),
    CONSTRAINT webhook_endpoints_secret_check CHECK ((secret ~ '^whsec_'::text))
);

CREATE TABLE public.webhook_messages (
    id text NOT NULL,
    organization_id text NOT NULL,
    event_type text NOT NULL,
    event_key text NOT NULL,
    run_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    endpoint_id text NOT NULL,
    body text NOT NULL,
    state text DEFAULT 'pending'::text NOT NULL,
    state_reason text,
    attempt_count integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone,
    delivered_at timestamp with time zone,
    after_message_id text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhook_messages_attempt_count_check CHECK ((attempt_count >= 0)),
    CONSTRAINT webhook_messages_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'delivered'::text, 'failed'::text, 'gone'::text, 'refused'::text, 'skipped'::text])))
);

ALTER TABLE ONLY public.analyses
    ADD CONSTRAINT analyses_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.analyses
    ADD CONSTRAINT analyses_run_id_request_id_key UNIQUE (run_id, request_id);

ALTER TABLE ONLY public.analyses
    ADD CONSTRAINT analyses_run_id_version_key UNIQUE (run_id, version);

ALTER TABLE ONLY public.audio_assets
    ADD CONSTRAINT audio_assets_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.audio_assets
    ADD CONSTRAINT audio_assets_run_id_kind_track_format_key UNIQUE (run_id, kind, track, format);

ALTER TABLE ONLY public.audit_chain_heads
    ADD CONSTRAINT audit_chain_heads_pkey PRIMARY KEY (organization_id);

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (seq);

ALTER TABLE ONLY public.diarizations
    ADD CONSTRAINT diarizations_pkey PRIMARY KEY (run_id);

ALTER TABLE ONLY public.erasure_request_runs
    ADD CONSTRAINT erasure_request_runs_pkey PRIMARY KEY (organization_id, request_id, run_id);

ALTER TABLE ONLY public.erasure_requests
    ADD CONSTRAINT erasure_requests_pkey PRIMARY KEY (organization_id, id);

ALTER TABLE ONLY public.organization_signing_keys
    ADD CONSTRAINT organization_signing_keys_key_id_key UNIQUE (key_id);

ALTER TABLE ONLY public.organization_signing_keys
    ADD CONSTRAINT organization_signing_keys_pkey PRIMARY KEY (organization_id);

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.participant_exports
    ADD CONSTRAINT participant_exports_pkey PRIMARY KEY (request_id);

ALTER TABLE ONLY public.redaction_keys
    ADD CONSTRAINT redaction_keys_pkey PRIMARY KEY (organization_id);

ALTER TABLE ONLY public.responses
    ADD CONSTRAINT responses_pkey PRIMARY KEY (run_id);

ALTER TABLE ONLY public.retention_blob_deletions
    ADD CONSTRAINT retention_blob_deletions_pkey PRIMARY KEY (organization_id, blob_key);

ALTER TABLE ONLY public.run_retention
    ADD CONSTRAINT run_retention_pkey PRIMARY KEY (run_id);

ALTER TABLE ONLY public.run_status_history
    ADD CONSTRAINT run_status_history_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.runs
    ADD CONSTRAINT runs_organization_id_id_key UNIQUE (organization_id, id);

ALTER TABLE ONLY public.runs
    ADD CONSTRAINT runs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_organization_id_id_key UNIQUE (organization_id, id);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.transcripts
    ADD CONSTRAINT transcripts_pkey PRIMARY KEY (run_id);

ALTER TABLE ONLY public.turns
    ADD CONSTRAINT turns_pkey PRIMARY KEY (run_id, seq);

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_message_id_endpoint_id_attempt_key UNIQUE (message_id, endpoint_id, attempt);

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_organization_id_id_key UNIQUE (organization_id, id);

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_messages
    ADD CONSTRAINT webhook_messages_event_endpoint_key UNIQUE (organization_id, event_key, endpoint_id);

ALTER TABLE ONLY public.webhook_messages
    ADD CONSTRAINT webhook_messages_pkey PRIMARY KEY (id);

CREATE INDEX audio_assets_blob_key_idx ON public.audio_assets USING btree (blob_key);

CREATE INDEX audit_log_organization_idx ON public.audit_log USING btree (organization_id, seq);

CREATE INDEX erasure_requests_subject_idx ON public.erasure_requests USING btree (organization_id, subject_hash);

CREATE INDEX participant_exports_subject_idx ON public.participant_exports USING btree (organization_id, subject_hash);

CREATE INDEX retention_blob_deletions_enqueued_idx ON public.retention_blob_deletions USING btree (enqueued_at);

CREATE INDEX retention_blob_deletions_run_idx ON public.retention_blob_deletions USING btree (organization_id, run_id);

CREATE INDEX run_retention_next_wake_idx ON public.run_retention USING btree (next_wake_at);

CREATE INDEX run_retention_organization_idx ON public.run_retention USING btree (organization_id, run_id);

CREATE INDEX run_status_history_run_idx ON public.run_status_history USING btree (organization_id, run_id, id);

CREATE INDEX runs_organization_participant_idx ON public.runs USING btree (organization_id, participant_external_id);

CREATE INDEX runs_organization_status_idx ON public.runs USING btree (organization_id, status);

CREATE INDEX sessions_organization_live_idx ON public.sessions USING btree (organization_id, status) WHERE (ended_at IS NULL);

CREATE INDEX sessions_organization_run_idx ON public.sessions USING btree (organization_id, run_id);

CREATE INDEX webhook_messages_after_idx ON public.webhook_messages USING btree (after_message_id) WHERE (after_message_id IS NOT NULL);

CREATE INDEX webhook_messages_run_idx ON public.webhook_messages USING btree (organization_id, run_id, event_type) WHERE (run_id IS NOT NULL);

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.audit_log_reject_change();

CREATE TRIGGER audit_log_chain BEFORE INSERT ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.audit_log_chain();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_reject_change();

ALTER TABLE ONLY public.analyses
    ADD CONSTRAINT analyses_organization_id_run_id_fkey FOREIGN KEY (organization_id, run_id) REFERENCES public.runs(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.audio_assets
    ADD CONSTRAINT audio_assets_organization_id_run_id_fkey FOREIGN KEY (organization_id, run_id) REFERENCES public.runs(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.diarizations
    ADD CONSTRAINT diarizations_organization_id_run_id_fkey FOREIGN KEY (organization_id, run_id) REFERENCES public.runs(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.erasure_request_runs
    ADD CONSTRAINT erasure_request_runs_organization_id_request_id_fkey FOREIGN KEY (organization_id, request_id) REFERENCES public.erasure_requests(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.erasure_requests
    ADD CONSTRAINT erasure_requests_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.organization_signing_keys
    ADD CONSTRAINT organization_signing_keys_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.participant_exports
    ADD CONSTRAINT participant_exports_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.redaction_keys
    ADD CONSTRAINT redaction_keys_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.responses
    ADD CONSTRAINT responses_organization_id_run_id_fkey FOREIGN KEY (organization_id, run_id) REFERENCES public.runs(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.run_retention
    ADD CONSTRAINT run_retention_organization_id_run_id_fkey FOREIGN KEY (organization_id, run_id) REFERENCES public.runs(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.run_status_history
    ADD CONSTRAINT run_status_history_organization_id_run_id_fkey FOREIGN KEY (organization_id, run_id) REFERENCES public.runs(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.runs
    ADD CONSTRAINT runs_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.transcripts
    ADD CONSTRAINT transcripts_organization_id_run_id_fkey FOREIGN KEY (organization_id, run_id) REFERENCES public.runs(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.turns
    ADD CONSTRAINT turns_organization_id_run_id_fkey FOREIGN KEY (organization_id, run_id) REFERENCES public.runs(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES public.webhook_endpoints(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_message_id_fkey FOREIGN KEY (message_id) REFERENCES public.webhook_messages(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.webhook_messages
    ADD CONSTRAINT webhook_messages_after_message_id_fkey FOREIGN KEY (after_message_id) REFERENCES public.webhook_messages(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.webhook_messages
    ADD CONSTRAINT webhook_messages_endpoint_fkey FOREIGN KEY (organization_id, endpoint_id) REFERENCES public.webhook_endpoints(organization_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhook_messages
    ADD CONSTRAINT webhook_messages_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);
