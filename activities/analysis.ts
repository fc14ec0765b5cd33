/**
 * Stage 6: the analysis, by the provider the run's organization chose (local by default). Safe to
 * retry: the pipeline keeps an existing analysis, and a new version is keyed by its request id, so
 * a retried request never adds a second row. A provider that cannot answer now fails retryably
 * with the delay it asked for (lib/temporal/failures.ts); refused credentials or requests fail
 * for good with their type.
 */
import { currentAnalysis, saveAnalysis, type AnalysisRow } from '../db/analyses';
import { analyzeRun } from '../lib/analysis/analyze-run';
import { analyzerOptions, type AnalysisProviderName } from '../lib/analysis/analysis-settings';
import { loadAnalysisInput } from '../lib/analysis/load-analysis-input';
import { elapsedSince, withProgress } from '../lib/temporal/activity-progress';
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

export function analysisSummary(row: AnalysisRow, start: bigint): AnalysisSummary {
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
      if (existing) return analysisSummary(existing, start);
    }
    const { input: analysisInput, organizationProvider } = await loadAnalysisInput(db, input);
    const options = analyzerOptions(analysis, {
      requested: input.provider,
      organization: organizationProvider,
      model: input.model,
    });
    // Heartbeats while Claude answers, so that a dead worker's attempt times out within a minute.
    const outcome = await withProgress('analysis', () => analyzeRun(analysisInput, options));
    return analysisSummary(
      await saveAnalysis(db, input.organizationId, input.runId, input.requestId, outcome),
      start,
    );
  },
});
