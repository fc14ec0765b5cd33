/**
 * Maps Epilogue's typed errors onto Temporal failures at the activity boundary: an EpilogueError
 * is a problem a retry would repeat, so it becomes a non-retryable ApplicationFailure with the
 * same documented `type`; a provider that cannot answer now stays retryable, after the delay it
 * asked for (`retry-after`); anything else stays retryable.
 */
import { ApplicationFailure } from '@temporalio/common';
import { AnalysisProviderUnavailable } from '../analysis/analysis-provider-unavailable';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';

export function toTemporalFailure(error: unknown): unknown {
  if (error instanceof EpilogueError) {
    return ApplicationFailure.create({
      message: error.message,
      type: error.type,
      nonRetryable: true,
      cause: error.cause instanceof Error ? error.cause : undefined,
    });
  }
  if (error instanceof AnalysisProviderUnavailable) {
    return ApplicationFailure.create({
      type: FailureType.AnalysisProviderUnavailable,
      message: error.message,
      ...(error.retryAfterMs !== null ? { nextRetryDelay: error.retryAfterMs } : {}),
    });
  }
  return error;
}

type AsyncFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** Wraps every activity of a set so that typed errors leave it as non-retryable failures. */
export function withTypedFailures<T extends AsyncFunctions>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (error) {
        throw toTemporalFailure(error);
      }
    };
  }
  return wrapped as T;
}
