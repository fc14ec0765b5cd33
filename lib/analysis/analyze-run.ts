/**
 * The analysis stage's one entry point: the run's analysis by the provider its organization
 * chose. `local` (the default) needs nothing; `anthropic` calls Claude and may throw
 * AnalysisProviderUnavailable (retryable) or an EpilogueError of type AnalysisRequestInvalid,
 * AnalysisAuthFailed or AnalysisOutputInvalid (not retryable).
 */
import { analyzeWithClaude } from './anthropic/anthropic-analyzer';
import type { AnthropicAnalyzerOptions } from './anthropic/anthropic-options';
import type { AnalysisInput } from './input';
import { analyzeLocally } from './local-analyzer';
import type { AnalysisOutcome } from './outcome';

export type AnalyzerOptions = { provider: 'local' } | AnthropicAnalyzerOptions;

export async function analyzeRun(
  input: AnalysisInput,
  options: AnalyzerOptions,
): Promise<AnalysisOutcome> {
  switch (options.provider) {
    case 'local':
      return analyzeLocally(input);
    case 'anthropic':
      return analyzeWithClaude(input, options);
  }
}
