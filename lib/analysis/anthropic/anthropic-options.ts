/**
 * How the `anthropic` provider is reached and what it may spend. Defaults are documented in
 * docs/analysis.md; the lead's config module maps `ANTHROPIC_*` variables onto these.
 */
import type { ModelPrice } from './model-pricing';

/** A current model; `claude-sonnet-4-5` is deprecated and the SDK warns on every call. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5-5';
/** A long analysis takes a minute or two to write; past this the call is retried. */
export const DEFAULT_TIMEOUT_MS = 180_000;
/** Estimated transcript tokens per call: a 30-minute interview (about 10k) is one call. */
export const DEFAULT_MAX_INPUT_TOKENS_PER_CHUNK = 60_000;

export interface AnthropicAnalyzerOptions {
  provider: 'anthropic';
  apiKey: string;
  /** Any server that speaks the Messages API; default the SDK's (`ANTHROPIC_BASE_URL` or Anthropic's). */
  baseURL?: string;
  model?: string;
  timeoutMs?: number;
  maxInputTokensPerChunk?: number;
  /** Prices per model, over the defaults of model-pricing. */
  prices?: Readonly<Record<string, ModelPrice>>;
}
