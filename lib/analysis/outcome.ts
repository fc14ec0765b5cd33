/**
 * What the analysis stage stores per run (`analysis` with provider, model, version, usage and
 * cost) and hands back to the activity.
 */
import type { AnalysisProvider, AnalysisResults } from './schema';

/** Token counts as the Messages API names them, summed over every call of the run. */
export interface AnalysisUsage {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface AnalysisOutcome {
  provider: AnalysisProvider;
  model: string | null;
  /** The analyzer's own version; it changes with the prompt or the local method. */
  version: string;
  results: AnalysisResults;
  usage: AnalysisUsage | null;
  /** Null for the local provider, and for a model missing from the price table. */
  costUsd: number | null;
  droppedQuotes: number;
}
