/**
 * Batch mode: many runs through the Message Batches API at half the price, for re-analyses and
 * backlogs where an answer within hours is fine. A workflow submits once, polls the status
 * behind durable timers, then turns each result into an outcome; every step is its own activity
 * and safe to retry. Each entry is the same request as a direct call, `custom_id` is the run id.
 * A run whose transcript needs more than one call (map-reduce) cannot be one batch entry: it is
 * returned in `notBatched` for the direct path.
 */
import type {
  BatchCreateParams,
  MessageBatchIndividualResponse,
  MessageBatchRequestCounts,
} from '@anthropic-ai/sdk/resources/messages/batches';
import { EpilogueError } from '../../errors';
import { FailureType, type FailureTypeName } from '../../failure-types';
import { AnalysisProviderUnavailable } from '../analysis-provider-unavailable';
import type { AnalysisInput } from '../input';
import type { AnalysisOutcome } from '../outcome';
import { analysisRequest, transcriptMessage } from './analysis-request';
import { claudeOutcome } from './anthropic-analyzer';
import { createAnthropicClient } from './anthropic-client';
import {
  DEFAULT_ANTHROPIC_MODEL,
  DEFAULT_MAX_INPUT_TOKENS_PER_CHUNK,
  type AnthropicAnalyzerOptions,
} from './anthropic-options';
import { mapApiError } from './map-api-error';
import { costUsd } from './model-pricing';
import { readToolOutput } from './read-tool-output';
import { chunkTranscript } from './transcript-chunks';
import { addUsage, emptyUsage } from './usage-totals';

type BatchOptions = Omit<AnthropicAnalyzerOptions, 'apiKey' | 'baseURL' | 'timeoutMs'>;

export function analysisBatchRequests(
  inputs: readonly AnalysisInput[],
  options: BatchOptions,
): { requests: BatchCreateParams.Request[]; notBatched: string[] } {
  const model = options.model ?? DEFAULT_ANTHROPIC_MODEL;
  const budget = options.maxInputTokensPerChunk ?? DEFAULT_MAX_INPUT_TOKENS_PER_CHUNK;
  const requests: BatchCreateParams.Request[] = [];
  const notBatched: string[] = [];
  for (const input of inputs) {
    if (chunkTranscript(input.transcript.entries, budget).length > 1) {
      notBatched.push(input.runId);
      continue;
    }
    const message = transcriptMessage(input.transcript.entries, { index: 0, count: 1 });
    requests.push({ custom_id: input.runId, params: analysisRequest(input, model, message) });
  }
  return { requests, notBatched };
}

async function withMappedErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapApiError(error, Date.now());
  }
}

export interface AnalysisBatchSubmission {
  /** Null when no run could be batched. */
  batchId: string | null;
  runIds: string[];
  notBatched: string[];
}

export async function submitAnalysisBatch(
  inputs: readonly AnalysisInput[],
  options: AnthropicAnalyzerOptions,
): Promise<AnalysisBatchSubmission> {
  const { requests, notBatched } = analysisBatchRequests(inputs, options);
  if (requests.length === 0) return { batchId: null, runIds: [], notBatched };
  const client = createAnthropicClient(options);
  const batch = await withMappedErrors(() => client.messages.batches.create({ requests }));
  return { batchId: batch.id, runIds: requests.map((request) => request.custom_id), notBatched };
}

export async function analysisBatchStatus(
  batchId: string,
  options: AnthropicAnalyzerOptions,
): Promise<{ ended: boolean; counts: MessageBatchRequestCounts }> {
  const client = createAnthropicClient(options);
  const batch = await withMappedErrors(() => client.messages.batches.retrieve(batchId));
  return { ended: batch.processing_status === 'ended', counts: batch.request_counts };
}

/** Every result of an ended batch, keyed by run id. */
export async function analysisBatchResults(
  batchId: string,
  options: AnthropicAnalyzerOptions,
): Promise<Map<string, MessageBatchIndividualResponse>> {
  const client = createAnthropicClient(options);
  return withMappedErrors(async () => {
    const results = new Map<string, MessageBatchIndividualResponse>();
    for await (const result of await client.messages.batches.results(batchId)) {
      results.set(result.custom_id, result);
    }
    return results;
  });
}

const nonRetryableBatchErrors: Partial<Record<string, FailureTypeName>> = {
  invalid_request_error: FailureType.AnalysisRequestInvalid,
  not_found_error: FailureType.AnalysisRequestInvalid,
  authentication_error: FailureType.AnalysisAuthFailed,
  permission_error: FailureType.AnalysisAuthFailed,
  billing_error: FailureType.AnalysisAuthFailed,
};

/**
 * One run's outcome from its batch result, or the same typed errors as a direct call: an errored
 * entry by its error type; a canceled or expired one is retryable (submit it again).
 */
export function batchResultOutcome(
  result: MessageBatchIndividualResponse,
  input: AnalysisInput,
  options: Pick<AnthropicAnalyzerOptions, 'prices'>,
): AnalysisOutcome {
  const outcome = result.result;
  if (outcome.type === 'succeeded') {
    const usage = addUsage(emptyUsage(), outcome.message.usage);
    const model = outcome.message.model;
    return claudeOutcome(input, readToolOutput(outcome.message), {
      model,
      usage,
      chunks: 1,
      cost: costUsd(usage, model, { prices: options.prices, batch: true }),
    });
  }
  if (outcome.type === 'errored') {
    const type = outcome.error.error.type;
    const failure = nonRetryableBatchErrors[type];
    if (failure) throw new EpilogueError(`the batch entry failed: ${type}`, failure);
    throw new AnalysisProviderUnavailable(`the batch entry failed: ${type}`, {
      status: null,
      retryAfterMs: null,
    });
  }
  throw new AnalysisProviderUnavailable(`the batch entry was ${outcome.type}`, {
    status: null,
    retryAfterMs: null,
  });
}
