/**
 * Token usage summed over the calls of one run (the chunks, then the merge), as the API reports
 * it: `input_tokens` excludes the cached part, so the three input fields add up to all input.
 */
import type { Usage } from '@anthropic-ai/sdk/resources/messages';
import type { AnalysisUsage } from '../outcome';

export const emptyUsage = (): AnalysisUsage => ({
  requests: 0,
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
});

export function addUsage(total: AnalysisUsage, usage: Usage): AnalysisUsage {
  return {
    requests: total.requests + 1,
    input_tokens: total.input_tokens + usage.input_tokens,
    output_tokens: total.output_tokens + usage.output_tokens,
    cache_creation_input_tokens:
      total.cache_creation_input_tokens + (usage.cache_creation_input_tokens ?? 0),
    cache_read_input_tokens: total.cache_read_input_tokens + (usage.cache_read_input_tokens ?? 0),
  };
}
