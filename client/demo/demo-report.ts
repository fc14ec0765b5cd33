/**
 * What the demo prints for each run, read back from the system of record (not from the demo's own
 * plan), so the summary shows what the pipeline really produced. Field names of the JSON form are
 * a contract: later features add fields, never rename them.
 */
import { currentAnalysis, type AnalysisRow } from '../../db/analyses';
import { listAudioAssets } from '../../db/audio-assets';
import { getDiarization } from '../../db/diarizations';
import { getResponses } from '../../db/responses';
import { getRun } from '../../db/runs';
import { getTranscript } from '../../db/transcripts';
import type { EpilogueClient } from '../epilogue-client';

export interface DemoRunReport {
  runId: string;
  status: string;
  statusReason: string | null;
  participantExternalId: string;
  audioLayout: string;
  audio: { wav: string | null; mp3: string | null; lufs: number | null };
  transcript: {
    entries: number;
    language: string | null;
    durationS: number;
    corrections: number;
  } | null;
  responses: {
    completionRate: number;
    answered: number;
    total: number;
    requiredUnanswered: string[];
    dropOffNodeId: string | null;
  } | null;
  diarization: { method: string; talkOvers: number; medianLatencyMs: number | null } | null;
  analysis: DemoAnalysis | null;
  /** With `--redact-after`: whether the run's personal data was redacted before the demo ended. */
  redacted?: boolean;
}

export interface DemoAnalysis {
  provider: string;
  model: string | null;
  version: number;
  analyzerVersion: string;
  summary: string;
  themes: {
    label: string;
    salience: number;
    evidenceCount: number;
    evidence: { entryId: string; quote: string }[];
  }[];
  sentiment: {
    overall: string;
    score: number;
    byQuestion: { questionKey: string; sentiment: string; score: number }[];
  };
  quotes: { entryId: string; text: string; questionKey: string | null }[];
  metrics: Record<string, unknown>;
  specific: unknown;
  droppedQuotes: number;
  usage: unknown;
  costUsd: number | null;
}

const camelCase = (key: string) =>
  key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** snake_case keys (the stored Debriefer shape) to the demo's camelCase, at every depth. */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [camelCase(key), camelKeys(inner)]),
    );
  }
  return value;
}

function demoAnalysis(row: AnalysisRow): DemoAnalysis {
  const { results } = row;
  return {
    provider: row.provider,
    model: row.model,
    version: row.version,
    analyzerVersion: row.analyzerVersion,
    summary: results.summary.content,
    themes: results.themes.items.map((theme) => ({
      label: theme.label,
      salience: theme.salience,
      evidenceCount: theme.evidence_count,
      evidence: theme.evidence.map((item) => ({ entryId: item.entry_id, quote: item.quote })),
    })),
    sentiment: {
      overall: results.sentiment.overall,
      score: results.sentiment.score,
      byQuestion: results.sentiment.by_question.map((item) => ({
        questionKey: item.question_key,
        sentiment: item.sentiment,
        score: item.score,
      })),
    },
    quotes: results.quotes.map((quote) => ({
      entryId: quote.entry_id,
      text: quote.text,
      questionKey: quote.question_key,
    })),
    metrics: camelKeys(results.metrics) as Record<string, unknown>,
    specific: camelKeys(results.specific ?? null),
    droppedQuotes: row.droppedQuotes,
    usage: camelKeys(row.usage),
    costUsd: row.costUsd,
  };
}

export interface DemoReport {
  organizationId: string;
  dataDir: string;
  temporalUi: string | null;
  runs: DemoRunReport[];
  /** Where the runs' `run.ended` / `run.analyzed` events went, and what the local receiver verified. */
  webhooks: {
    endpointId: string;
    url: string;
    localReceiver: boolean;
    received:
      | { webhookId: string; eventType: string | null; runId: string | null; verified: boolean }[]
      | null;
  } | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]!
    : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

export async function reportRun(
  client: EpilogueClient,
  organizationId: string,
  runId: string,
): Promise<DemoRunReport> {
  const run = await getRun(client.db, organizationId, runId);
  if (!run) throw new Error(`run ${runId} vanished`);
  const [assets, transcript, responses, diarization, analysis] = await Promise.all([
    listAudioAssets(client.db, organizationId, runId),
    getTranscript(client.db, organizationId, runId),
    getResponses(client.db, organizationId, runId),
    getDiarization(client.db, organizationId, runId),
    currentAnalysis(client.db, organizationId, runId),
  ]);
  const wav = assets.find((asset) => asset.kind === 'normalized' && asset.track === 'mixed');
  const mp3 = assets.find((asset) => asset.kind === 'playback' && asset.track === 'mixed');
  return {
    runId,
    status: run.status,
    statusReason: run.statusReason,
    participantExternalId: run.participantExternalId,
    audioLayout: run.audioLayout,
    audio: {
      wav: wav ? await client.storage.localPath(wav.blobKey) : null,
      mp3: mp3 ? await client.storage.localPath(mp3.blobKey) : null,
      lufs: wav?.loudnessLufs ?? null,
    },
    transcript: transcript
      ? {
          entries: transcript.entries.length,
          language: transcript.language,
          durationS: transcript.duration_s,
          corrections: transcript.corrections.length,
        }
      : null,
    responses: responses
      ? {
          completionRate: responses.completion_rate,
          answered: responses.items.filter((item) => item.answered).length,
          total: responses.items.length,
          requiredUnanswered: responses.required_unanswered,
          dropOffNodeId: responses.drop_off_node_id,
        }
      : null,
    diarization: diarization
      ? {
          method: diarization.method,
          talkOvers: diarization.overlaps.length,
          medianLatencyMs: median(diarization.latencies.map((latency) => latency.latency_ms)),
        }
      : null,
    analysis: analysis ? demoAnalysis(analysis) : null,
  };
}
