/**
 * The `anthropic` provider. A transcript that fits the token budget is one call; a longer one is
 * map-reduce: one call per consecutive part (map), then one call that merges their analyses
 * (reduce). Calls run one after another so that the first writes the prompt cache and the others
 * read it. Then, as for the local provider, quotes are checked against the transcript and the
 * metrics are computed in code (finish-results).
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, Usage } from '@anthropic-ai/sdk/resources/messages';
import { groupAnswers } from '../answers';
import { finishResults } from '../finish-results';
import type { AnalysisInput } from '../input';
import type { AnalysisOutcome, AnalysisUsage } from '../outcome';
import type { ModelAnalysis } from '../schema';
import { analysisRequest, mergeMessage, transcriptMessage } from './analysis-request';
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

/** Changes whenever the prompt or the tool schema does, so re-analyses can be told apart. */
export const ANTHROPIC_ANALYZER_VERSION = 'anthropic-1';

async function callModel(
  client: Anthropic,
  request: MessageCreateParamsNonStreaming,
): Promise<{ analysis: ModelAnalysis; usage: Usage }> {
  let message;
  try {
    message = await client.messages.create(request);
  } catch (error) {
    throw mapApiError(error, Date.now());
  }
  return { analysis: readToolOutput(message), usage: message.usage };
}

/** Builds the outcome from the model's analysis; also used for batch results. */
export function claudeOutcome(
  input: AnalysisInput,
  analysis: ModelAnalysis,
  run: { model: string; usage: AnalysisUsage; chunks: number; cost: number | null },
): AnalysisOutcome {
  const { results, droppedQuotes } = finishResults(input, groupAnswers(input), analysis, {
    provider: 'anthropic',
    model: run.model,
    version: ANTHROPIC_ANALYZER_VERSION,
    chunks: run.chunks,
    skipped: [],
  });
  return {
    provider: 'anthropic',
    model: run.model,
    version: ANTHROPIC_ANALYZER_VERSION,
    results,
    usage: run.usage,
    costUsd: run.cost,
    droppedQuotes,
  };
}

export async function analyzeWithClaude(
  input: AnalysisInput,
  options: AnthropicAnalyzerOptions,
): Promise<AnalysisOutcome> {
  const client = createAnthropicClient(options);
  const model = options.model ?? DEFAULT_ANTHROPIC_MODEL;
  const chunks = chunkTranscript(
    input.transcript.entries,
    options.maxInputTokensPerChunk ?? DEFAULT_MAX_INPUT_TOKENS_PER_CHUNK,
  );
  let usage = emptyUsage();
  const ask = async (message: string) => {
    const reply = await callModel(client, analysisRequest(input, model, message));
    usage = addUsage(usage, reply.usage);
    return reply.analysis;
  };

  const partials: ModelAnalysis[] = [];
  for (const [index, entries] of chunks.entries()) {
    partials.push(await ask(transcriptMessage(entries, { index, count: chunks.length })));
  }
  const analysis = partials.length === 1 ? partials[0]! : await ask(mergeMessage(partials));

  return claudeOutcome(input, analysis, {
    model,
    usage,
    chunks: chunks.length,
    cost: costUsd(usage, model, { prices: options.prices }),
  });
}
