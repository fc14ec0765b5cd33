/**
 * `analysis-batch:<organizationId>:<requestId>` — re-analyzes many runs of one organization with
 * Claude through the Message Batches API (half the price; answers within hours). It submits one
 * batch, polls its status behind durable timers (from `pollEvery`, doubling up to 10 minutes: a
 * day-long batch costs about 150 history events), stores each result as the run's next analysis
 * version and announces it (`run.analyzed`). A run too long for one request, or an entry the API
 * canceled, expired or could not answer, is re-analyzed directly by a `reanalyzeRun` child; a run
 * that is not this organization's, or not processed yet, is reported with its failure type.
 */
import {
  ApplicationFailure,
  ChildWorkflowFailure,
  defineQuery,
  executeChild,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RunRefused } from '../activities/analysis-batch';
import { reanalysisWorkflowId, searchAttributes } from '../lib/ids';
import { announceAnalysis, reanalyzeRun } from './reanalyze-run';

const { submitAnalysisBatch, analysisBatchStatus, loadPipelineRun } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const { storeAnalysisBatchResults } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const MAX_POLL_MS = 10 * 60_000;

export interface AnalysisBatchInput {
  organizationId: string;
  /** Names the request: every analysis it stores carries it, so nothing is stored twice. */
  requestId: string;
  runIds: string[];
  model?: string;
  /** The first wait before asking the batch's status, in ms (default a minute). */
  pollEveryMs?: number;
}

export interface AnalysisBatchResult {
  batchId: string | null;
  /** Runs whose new analysis version came from the batch. */
  batched: { runId: string; version: number }[];
  /** Runs analyzed one by one instead (too long for one request, or the entry failed). */
  direct: { runId: string; version: number }[];
  refused: RunRefused[];
}

export interface AnalysisBatchProgress {
  phase: 'submitting' | 'waiting' | 'storing' | 'direct' | 'done';
  batchId: string | null;
  polls: number;
  processing: number | null;
}

export const analysisBatchProgressQuery = defineQuery<AnalysisBatchProgress>('progress');

function failureType(error: unknown): string {
  const cause = error instanceof ChildWorkflowFailure ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.type ? cause.type : 'AnalysisFailed';
}

export async function analysisBatch(input: AnalysisBatchInput): Promise<AnalysisBatchResult> {
  const progress: AnalysisBatchProgress = {
    phase: 'submitting',
    batchId: null,
    polls: 0,
    processing: null,
  };
  setHandler(analysisBatchProgressQuery, () => progress);
  const ref = {
    organizationId: input.organizationId,
    requestId: input.requestId,
    ...(input.model ? { model: input.model } : {}),
  };
  const submitted = await submitAnalysisBatch({ ...ref, runIds: [...new Set(input.runIds)] });
  const result: AnalysisBatchResult = {
    batchId: submitted.batchId,
    batched: [],
    direct: [],
    refused: [...submitted.refused],
  };
  const direct = [...submitted.direct];

  if (submitted.batchId) {
    progress.batchId = submitted.batchId;
    progress.phase = 'waiting';
    let waitMs = input.pollEveryMs ?? 60_000;
    for (;;) {
      await sleep(waitMs);
      const status = await analysisBatchStatus({ batchId: submitted.batchId, ...ref });
      progress.polls += 1;
      progress.processing = status.processing;
      if (status.ended) break;
      waitMs = Math.min(waitMs * 2, MAX_POLL_MS);
    }
    progress.phase = 'storing';
    const stored = await storeAnalysisBatchResults({
      ...ref,
      batchId: submitted.batchId,
      runIds: submitted.batched,
    });
    result.refused.push(...stored.refused);
    direct.push(...stored.direct);
    for (const analysis of stored.analyzed) {
      const run = await loadPipelineRun({
        runId: analysis.runId,
        organizationId: input.organizationId,
      });
      await announceAnalysis(run, analysis);
      result.batched.push({ runId: analysis.runId, version: analysis.version });
    }
  }

  progress.phase = 'direct';
  const outcomes = await Promise.allSettled(
    direct.map((runId) =>
      executeChild(reanalyzeRun, {
        workflowId: reanalysisWorkflowId(runId, input.requestId),
        args: [
          {
            runId,
            organizationId: input.organizationId,
            provider: 'anthropic',
            ...(input.model ? { model: input.model } : {}),
          },
        ],
        typedSearchAttributes: [
          { key: searchAttributes.organizationId, value: input.organizationId },
          { key: searchAttributes.runId, value: runId },
        ],
      }),
    ),
  );
  outcomes.forEach((outcome, index) => {
    const runId = direct[index]!;
    if (outcome.status === 'fulfilled') {
      result.direct.push({ runId, version: outcome.value.version });
    } else {
      result.refused.push({ runId, type: failureType(outcome.reason) });
    }
  });
  progress.phase = 'done';
  return result;
}
