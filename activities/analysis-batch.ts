/**
 * Batch mode of the analysis stage: many runs of one organization through Claude's Message
 * Batches API at half the price. The workflow submits once, polls behind durable timers, then
 * stores every result as the next analysis version of its run, keyed by the request id, so a
 * retried store never adds a row. The API takes no idempotency key: a worker lost between the
 * batch's creation and the activity's completion submits the batch again on retry (a second bill
 * for the same answers, never a second analysis row).
 */
import { saveAnalysis } from '../db/analyses';
import { AnalysisProviderUnavailable } from '../lib/analysis/analysis-provider-unavailable';
import { analyzerOptions } from '../lib/analysis/analysis-settings';
import {
  analysisBatchResults,
  analysisBatchStatus,
  batchResultOutcome,
  submitAnalysisBatch,
} from '../lib/analysis/anthropic/analysis-batch';
import type { AnthropicAnalyzerOptions } from '../lib/analysis/anthropic/anthropic-options';
import type { AnalysisInput } from '../lib/analysis/input';
import { loadAnalysisInput } from '../lib/analysis/load-analysis-input';
import { EpilogueError } from '../lib/errors';
import { analysisSummary, type AnalysisSummary } from './analysis';
import type { ActivityDependencies } from './dependencies';

export interface AnalysisBatchRef {
  organizationId: string;
  /** Names the request; every stored analysis carries it. */
  requestId: string;
  model?: string;
}

/** A run the batch left out, and why: a failure type from docs/errors.md. */
export interface RunRefused {
  runId: string;
  type: string;
}

export interface SubmittedAnalysisBatch {
  /** Null when no run could go in a batch. */
  batchId: string | null;
  batched: string[];
  /** Runs whose transcript needs more than one request: analyzed one by one instead. */
  direct: string[];
  refused: RunRefused[];
}

export interface StoredAnalysisBatch {
  analyzed: (AnalysisSummary & { runId: string })[];
  /** Entries the API canceled, expired or could not answer now: analyzed one by one instead. */
  direct: string[];
  refused: RunRefused[];
}

function failureTypeOf(error: unknown): string | null {
  return error instanceof EpilogueError ? error.type : null;
}

export const createAnalysisBatchActivities = ({ db, analysis }: ActivityDependencies) => {
  const claude = (model: string | undefined): AnthropicAnalyzerOptions => {
    const options = analyzerOptions(analysis, { requested: 'anthropic', model });
    if (options.provider !== 'anthropic') throw new Error('unreachable: anthropic was requested');
    return options;
  };

  /** The runs' inputs, each read in the batch's organization only; the others are refused. */
  const loadInputs = async (ref: AnalysisBatchRef, runIds: readonly string[]) => {
    const inputs: AnalysisInput[] = [];
    const refused: RunRefused[] = [];
    for (const runId of runIds) {
      try {
        inputs.push(
          (await loadAnalysisInput(db, { organizationId: ref.organizationId, runId })).input,
        );
      } catch (error) {
        const type = failureTypeOf(error);
        if (!type) throw error;
        refused.push({ runId, type });
      }
    }
    return { inputs, refused };
  };

  return {
    submitAnalysisBatch: async (
      input: AnalysisBatchRef & { runIds: string[] },
    ): Promise<SubmittedAnalysisBatch> => {
      const options = claude(input.model);
      const { inputs, refused } = await loadInputs(input, input.runIds);
      const submission = await submitAnalysisBatch(inputs, options);
      return {
        batchId: submission.batchId,
        batched: submission.runIds,
        direct: submission.notBatched,
        refused,
      };
    },

    analysisBatchStatus: async (input: {
      batchId: string;
      model?: string;
    }): Promise<{ ended: boolean; processing: number; succeeded: number; errored: number }> => {
      const { ended, counts } = await analysisBatchStatus(input.batchId, claude(input.model));
      return {
        ended,
        processing: counts.processing,
        succeeded: counts.succeeded,
        errored: counts.errored,
      };
    },

    storeAnalysisBatchResults: async (
      input: AnalysisBatchRef & { batchId: string; runIds: string[] },
    ): Promise<StoredAnalysisBatch> => {
      const start = process.hrtime.bigint();
      const options = claude(input.model);
      const results = await analysisBatchResults(input.batchId, options);
      const { inputs, refused } = await loadInputs(input, input.runIds);
      const stored: StoredAnalysisBatch = { analyzed: [], direct: [], refused };
      for (const runInput of inputs) {
        const result = results.get(runInput.runId);
        if (!result) {
          stored.direct.push(runInput.runId);
          continue;
        }
        try {
          const outcome = batchResultOutcome(result, runInput, options);
          const row = await saveAnalysis(
            db,
            input.organizationId,
            runInput.runId,
            input.requestId,
            outcome,
          );
          stored.analyzed.push({ runId: runInput.runId, ...analysisSummary(row, start) });
        } catch (error) {
          if (error instanceof AnalysisProviderUnavailable) {
            stored.direct.push(runInput.runId);
            continue;
          }
          const type = failureTypeOf(error);
          if (!type) throw error;
          stored.refused.push({ runId: runInput.runId, type });
        }
      }
      return stored;
    },
  };
};
