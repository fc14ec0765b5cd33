/**
 * Which analyzer a run gets: the provider named for the request, else the organization's choice
 * (`settings.analysis.provider`), else the deployment default. Credentials come from the worker's
 * configuration only, never from the organization row or the workflow input.
 */
import { EpilogueError } from '../errors';
import type { AnalyzerOptions } from './analyze-run';

export type AnalysisProviderName = 'local' | 'anthropic';

export interface AnalysisSettings {
  defaultProvider: AnalysisProviderName;
  anthropic: { apiKey: string; baseURL?: string; model: string; timeoutMs: number } | null;
}

export function isAnalysisProvider(value: unknown): value is AnalysisProviderName {
  return value === 'local' || value === 'anthropic';
}

export function analyzerOptions(
  settings: AnalysisSettings,
  choice: {
    requested?: AnalysisProviderName | undefined;
    organization?: unknown;
    model?: string | undefined;
  },
): AnalyzerOptions {
  const provider =
    choice.requested ??
    (isAnalysisProvider(choice.organization) ? choice.organization : settings.defaultProvider);
  if (provider === 'local') return { provider: 'local' };
  if (!settings.anthropic) {
    throw new EpilogueError(
      'the anthropic analysis provider is not configured (ANTHROPIC_API_KEY)',
      'AnalysisAuthFailed',
    );
  }
  return {
    provider: 'anthropic',
    apiKey: settings.anthropic.apiKey,
    ...(settings.anthropic.baseURL ? { baseURL: settings.anthropic.baseURL } : {}),
    model: choice.model ?? settings.anthropic.model,
    timeoutMs: settings.anthropic.timeoutMs,
  };
}

export function analysisSettingsFrom(config: {
  EPILOGUE_ANALYSIS_PROVIDER: AnalysisProviderName;
  ANTHROPIC_API_KEY?: string | undefined;
  ANTHROPIC_BASE_URL?: string | undefined;
  ANTHROPIC_MODEL: string;
  ANTHROPIC_TIMEOUT_S: number;
}): AnalysisSettings {
  return {
    defaultProvider: config.EPILOGUE_ANALYSIS_PROVIDER,
    anthropic: config.ANTHROPIC_API_KEY
      ? {
          apiKey: config.ANTHROPIC_API_KEY,
          ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
          model: config.ANTHROPIC_MODEL,
          timeoutMs: config.ANTHROPIC_TIMEOUT_S * 1000,
        }
      : null,
  };
}
