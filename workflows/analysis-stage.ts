/**
 * What the pipeline, `retryAnalysis` and `reanalyzeRun` share about the analysis stage: its
 * activity options, how a failure is classified, and the `run.analyzed` event's data.
 */
import { type ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { AnalysisSummary } from '../activities/analysis';
import type { ResponsesSummary, TranscriptSummary } from '../activities/transcript';
import type { StageState } from '../db/runs';

export const analysisOptions = {
  // Claude on a long transcript makes several calls of up to three minutes each.
  startToCloseTimeout: '20 minutes',
  // The activity heartbeats every 5 s: a minute of silence is a dead worker, retried at once
  // rather than after the 20 minutes (the chaos run found runs held that long).
  heartbeatTimeout: '1 minute',
  // A short burst while the pipeline waits; a provider down for longer is retried by
  // `retryAnalysis` on a day-long schedule, without holding the run back.
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 4,
  },
} as const;

/** Failures a later attempt cannot cure: the provider refused us or our request. */
const permanentTypes = new Set([
  'AnalysisAuthFailed',
  'AnalysisRequestInvalid',
  'AnalysisOutputInvalid',
  'RunNotFound',
]);

export function analysisStateAfter(
  error: ActivityFailure,
): Extract<StageState, 'failed' | 'retrying'> {
  const cause = error.cause;
  const permanent =
    cause instanceof ApplicationFailure &&
    (cause.nonRetryable || permanentTypes.has(cause.type ?? ''));
  return permanent ? 'failed' : 'retrying';
}

/** Ids, states and figures the customer may see; no transcript text. */
export function runAnalyzedData(input: {
  runId: string;
  status: string;
  stages: Record<string, StageState>;
  transcript?: TranscriptSummary | undefined;
  responses?: ResponsesSummary | undefined;
  analysis?: AnalysisSummary | undefined;
  reason?: string | undefined;
}): Record<string, unknown> {
  return {
    run_id: input.runId,
    status: input.status,
    ...(input.reason ? { reason: input.reason } : {}),
    stages: input.stages,
    transcript: input.transcript
      ? {
          entries: input.transcript.entries,
          language: input.transcript.language,
          duration_s: input.transcript.durationS,
        }
      : null,
    responses: input.responses
      ? {
          answered: input.responses.answered,
          total: input.responses.total,
          completion_rate: input.responses.completionRate,
          required_unanswered: input.responses.requiredUnanswered,
        }
      : null,
    analysis: input.analysis
      ? {
          version: input.analysis.version,
          provider: input.analysis.provider,
          model: input.analysis.model,
          sentiment: input.analysis.overall,
          themes: input.analysis.themes,
        }
      : null,
  };
}
