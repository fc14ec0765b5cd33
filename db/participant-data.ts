/**
 * Everything stored about one participant in one organization, for their access export: their
 * runs, turn logs, transcripts, responses, every analysis version and the audio files. Every query
 * is bounded by the organization and the participant's runs in it, so a participant of another
 * organization with the same external id is never read. Call it inside one read-only repeatable
 * read transaction so that the parts agree with each other.
 */
import type { AudioAssetRow } from './audio-assets';
import type { Queryable } from './queryable';

export interface ParticipantRunRow {
  runId: string;
  status: string;
  sessionStatus: string;
  consentStatus: string;
  testMode: boolean;
  startedAt: Date;
  completedAt: Date;
  participant: Record<string, unknown>;
  metadata: Record<string, unknown>;
  blueprint: Record<string, unknown>;
}

export interface ParticipantTurnRow {
  runId: string;
  seq: number;
  role: string;
  content: string;
  occurredAt: Date;
  durationMs: number;
  sessionId: string | null;
  nodeId: string | null;
  questionKey: string | null;
  entryType: string;
  confidence: number | null;
  words: unknown[] | null;
}

export interface ParticipantTranscriptRow {
  runId: string;
  status: string;
  language: string | null;
  wordCount: number;
  durationS: number;
  entries: Record<string, unknown>[];
  corrections: unknown[];
}

export interface ParticipantResponsesRow {
  runId: string;
  status: string;
  items: Record<string, unknown>[];
  pathTaken: string[];
  completionRate: number;
  requiredUnanswered: string[];
  dropOffNodeId: string | null;
}

export interface ParticipantAnalysisRow {
  runId: string;
  version: number;
  provider: string;
  model: string | null;
  analyzerVersion: string;
  status: string;
  results: Record<string, unknown>;
  createdAt: Date;
}

export type ParticipantAudioRow = Pick<
  AudioAssetRow,
  'kind' | 'track' | 'format' | 'blobKey' | 'sha256' | 'byteSize' | 'durationMs'
> & { runId: string };

export interface ParticipantData {
  runs: ParticipantRunRow[];
  turns: ParticipantTurnRow[];
  transcripts: ParticipantTranscriptRow[];
  responses: ParticipantResponsesRow[];
  analyses: ParticipantAnalysisRow[];
  audio: ParticipantAudioRow[];
}

/** The participant's runs of the organization, as a join target: `r` is the run. */
const participantRuns = `runs r on r.organization_id = t.organization_id and r.id = t.run_id
  and r.organization_id = $1::text and r.participant_external_id = $2::text`;

export async function loadParticipantData(
  db: Queryable,
  organizationId: string,
  participantExternalId: string,
): Promise<ParticipantData> {
  const params = [organizationId, participantExternalId];
  const runs = await db.query<ParticipantRunRow>(
    `select id as "runId", status, session_status as "sessionStatus",
       consent_status as "consentStatus", test_mode as "testMode", started_at as "startedAt",
       completed_at as "completedAt", participant, metadata, blueprint
     from runs where organization_id = $1::text and participant_external_id = $2::text
     order by started_at, id`,
    params,
  );
  const turns = await db.query<ParticipantTurnRow>(
    `select t.run_id as "runId", t.seq, t.role, t.content, t.occurred_at as "occurredAt",
       t.duration_ms as "durationMs", t.session_id as "sessionId", t.node_id as "nodeId",
       t.question_key as "questionKey", t.entry_type as "entryType", t.confidence, t.words
     from turns t join ${participantRuns}
     where t.organization_id = $1::text order by r.started_at, r.id, t.seq`,
    params,
  );
  const transcripts = await db.query<ParticipantTranscriptRow>(
    `select t.run_id as "runId", t.status, t.language, t.word_count as "wordCount",
       t.duration_s::float8 as "durationS", t.entries, t.corrections
     from transcripts t join ${participantRuns}
     where t.organization_id = $1::text order by r.started_at, r.id`,
    params,
  );
  const responses = await db.query<ParticipantResponsesRow>(
    `select t.run_id as "runId", t.status, t.items, t.path_taken as "pathTaken",
       t.completion_rate::float8 as "completionRate", t.required_unanswered as "requiredUnanswered",
       t.drop_off_node_id as "dropOffNodeId"
     from responses t join ${participantRuns}
     where t.organization_id = $1::text order by r.started_at, r.id`,
    params,
  );
  const analyses = await db.query<ParticipantAnalysisRow>(
    `select t.run_id as "runId", t.version, t.provider, t.model,
       t.analyzer_version as "analyzerVersion", t.status, t.results, t.created_at as "createdAt"
     from analyses t join ${participantRuns}
     where t.organization_id = $1::text order by r.started_at, r.id, t.version`,
    params,
  );
  const audio = await db.query<ParticipantAudioRow>(
    `select t.run_id as "runId", t.kind, t.track, t.format, t.blob_key as "blobKey", t.sha256,
       t.byte_size::float8 as "byteSize", t.duration_ms as "durationMs"
     from audio_assets t join ${participantRuns}
     where t.organization_id = $1::text order by r.started_at, r.id, t.kind, t.track, t.format`,
    params,
  );
  return {
    runs: runs.rows,
    turns: turns.rows,
    transcripts: transcripts.rows,
    responses: responses.rows,
    analyses: analyses.rows,
    audio: audio.rows,
  };
}

/** How many runs the participant has in the organization (none: there is nothing to export). */
export async function countParticipantRuns(
  db: Queryable,
  organizationId: string,
  participantExternalId: string,
): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `select count(*)::int as count from runs
     where organization_id = $1::text and participant_external_id = $2::text`,
    [organizationId, participantExternalId],
  );
  return rows[0]!.count;
}
