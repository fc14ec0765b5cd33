/**
 * What a run's analysis cost, from the tokens the API reported. Prices are US dollars per million
 * tokens and change: this table is a default, `AnalyzerOptions.prices` overrides it per model,
 * and docs/analysis.md shows where the figures come from. Cache writes (5-minute TTL) cost 1.25x
 * the input price and cache reads 0.1x; the Message Batches API halves everything.
 */
import type { AnalysisUsage } from '../outcome';

export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export const defaultModelPrices: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-5-5': { inputPerMillion: 5, outputPerMillion: 25 },
  'claude-sonnet-5-5': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-haiku-5-5': { inputPerMillion: 1, outputPerMillion: 5 },
  'claude-sonnet-4-6': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-haiku-4-5': { inputPerMillion: 1, outputPerMillion: 5 },
};

const CACHE_WRITE_FACTOR = 1.25;
const CACHE_READ_FACTOR = 0.1;
const BATCH_FACTOR = 0.5;

/** Null when the model has no price: an unknown cost is not zero. */
export function costUsd(
  usage: AnalysisUsage,
  model: string,
  options: { prices?: Readonly<Record<string, ModelPrice>>; batch?: boolean } = {},
): number | null {
  const price = options.prices?.[model] ?? defaultModelPrices[model];
  if (!price) return null;
  const input =
    usage.input_tokens +
    usage.cache_creation_input_tokens * CACHE_WRITE_FACTOR +
    usage.cache_read_input_tokens * CACHE_READ_FACTOR;
  const dollars =
    (input * price.inputPerMillion + usage.output_tokens * price.outputPerMillion) / 1_000_000;
  // Micro-dollars: enough for a per-run figure, and stable under float noise.
  return Math.round(dollars * (options.batch ? BATCH_FACTOR : 1) * 1_000_000) / 1_000_000;
}
