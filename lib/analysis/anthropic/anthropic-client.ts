/**
 * The SDK client of the `anthropic` provider. It never retries (`maxRetries: 0`): retries belong
 * to Temporal's retry policy, which survives worker restarts and honours `retry-after` through
 * AnalysisProviderUnavailable. Its logging and tracing are pinned so that no environment
 * variable (`ANTHROPIC_LOG=debug`, content tracing) can put transcript text into logs or spans.
 */
import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_TIMEOUT_MS, type AnthropicAnalyzerOptions } from './anthropic-options';

export function createAnthropicClient(options: AnthropicAnalyzerOptions): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    logLevel: 'warn',
    openTelemetry: { traces: { contentMode: 'metadata_only' } },
  });
}
