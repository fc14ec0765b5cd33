/**
 * Stage 6: the analysis, by the provider the run's organization chose (local by default). Safe to
 * retry: the pipeline keeps an existing analysis, and a new version is keyed by its request id, so
 * a retried request never adds a second row. A provider that cannot answer now fails retryably
 * with the delay it asked for; refused credentials or requests fail for good with their type.
 */
import { ApplicationFailure } from '@temporalio/common';
import { currentAnalysis, saveAnalysis, type AnalysisRow } from '../db/analyses';
import { getDiarization } from '../db/diarizations';
import { getOrganization } from '../db/organizations';
import { getResponses } from '../db/responses';
import { getParticipantName, getRun } from '../db/runs';
import { getTranscript } from '../db/transcripts';
import { analyzeRun } from '../lib/analysis/analyze-run';
import { AnalysisProviderUnavailable } from '../lib/analysis/analysis-provider-unavailable';
import { analyzerOptions, type AnalysisProviderName } from '../lib/analysis/analysis-settings';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import { elapsedSince } from '../lib/temporal/activity-progress';
import type { ActivityDependencies } from './dependencies';
import type { RunRef } from './run-status';

export interface AnalyzeRunInput extends RunRef {
  /** Names this request: a retry with the same id finds the version it already stored. */
  requestId: string;
  provider?: AnalysisProviderName;
  model?: string;
  /** Analyze again even though the run has an analysis (re-analysis keeps the old versions). */
  force?: boolean;
}

export interface AnalysisSummary {
  version: number;
  provider: string;
  model: string | null;
  overall: string;
  themes: number;
  droppedQuotes: number;
  costUsd: number | null;
  elapsedMs: number;
}

function summarize(row: AnalysisRow, start: bigint): AnalysisSummary {
  return {
    version: row.version,
    provider: row.provider,
    model: row.model,
    overall: row.results.sentiment.overall,
    themes: row.results.themes.items.length,
    droppedQuotes: row.droppedQuotes,
    costUsd: row.costUsd,
    elapsedMs: elapsedSince(start),
  };
}

export const createAnalysisActivities = ({ db, analysis }: ActivityDependencies) => ({
  analyzeRun: async (input: AnalyzeRunInput): Promise<AnalysisSummary> => {
    const start = process.hrtime.bigint();
    if (!input.force) {
      const existing = await currentAnalysis(db, input.organizationId, input.runId);
      if (existing) return summarize(existing, start);
    }
    const [run, organization, transcript, responses, diarization, participantName] =
      await Promise.all([
        getRun(db, input.organizationId, input.runId),
        getOrganization(db, input.organizationId),
        getTranscript(db, input.organizationId, input.runId),
        getResponses(db, input.organizationId, input.runId),
        getDiarization(db, input.organizationId, input.runId),
        getParticipantName(db, input.organizationId, input.runId),
      ]);
    if (!run) throw new EpilogueError(`run ${input.runId} not found`, FailureType.RunNotFound);
    if (!transcript || !responses)
      throw new Error('the transcript and responses must exist before the analysis');
    const options = analyzerOptions(analysis, {
      requested: input.provider,
      organization: (organization?.settings['analysis'] as { provider?: unknown } | undefined)
        ?.provider,
      model: input.model,
    });
    try {
      const outcome = await analyzeRun(
        {
          runId: input.runId,
          interviewType: run.blueprint.interview_type ?? null,
          blueprint: run.blueprint,
          transcript,
          responses,
          audio:
            diarization && run.audioLayout !== 'none'
              ? {
                  talkOverCount: diarization.overlaps.length,
                  // A participant who starts before the question ends (talk-over) answered at once:
                  // the metric counts that as zero, the talk-over itself is counted apart.
                  responseLatenciesMs: diarization.latencies.map((latency) =>
                    Math.max(0, latency.latency_ms),
                  ),
                  speechMs: diarization.speech_ms,
                }
              : null,
          sessionStatus: run.sessionStatus,
          // So the participant's own name never becomes a theme or a quote's subject.
          participantNames: participantName ? [participantName] : [],
        },
        options,
      );
      return summarize(
        await saveAnalysis(db, input.organizationId, input.runId, input.requestId, outcome),
        start,
      );
    } catch (error) {
      if (error instanceof AnalysisProviderUnavailable) {
        throw ApplicationFailure.create({
          type: FailureType.AnalysisProviderUnavailable,
          message: error.message,
          ...(error.retryAfterMs !== null ? { nextRetryDelay: error.retryAfterMs } : {}),
        });
      }
      throw error;
    }
  },
});
