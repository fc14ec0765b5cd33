/** The analysis library: what the activity, the CLI and the tests use. */
export { analyzeRun, type AnalyzerOptions } from './analyze-run';
export type { AnalysisInput, AudioSignals } from './input';
export type { AnalysisOutcome, AnalysisUsage } from './outcome';
export { AnalysisProviderUnavailable } from './analysis-provider-unavailable';
export {
  analysisResultsSchema,
  modelAnalysisSchema,
  type AnalysisResults,
  type AnalysisMetrics,
  type ModelAnalysis,
  type SentimentLabel,
} from './schema';
export { LOCAL_ANALYZER_VERSION } from './local-analyzer';
export { ANTHROPIC_ANALYZER_VERSION } from './anthropic/anthropic-analyzer';
export {
  DEFAULT_ANTHROPIC_MODEL,
  DEFAULT_MAX_INPUT_TOKENS_PER_CHUNK,
  DEFAULT_TIMEOUT_MS,
  type AnthropicAnalyzerOptions,
} from './anthropic/anthropic-options';
export { defaultModelPrices, costUsd, type ModelPrice } from './anthropic/model-pricing';
export {
  analysisBatchRequests,
  submitAnalysisBatch,
  analysisBatchStatus,
  analysisBatchResults,
  batchResultOutcome,
  type AnalysisBatchSubmission,
} from './anthropic/analysis-batch';
