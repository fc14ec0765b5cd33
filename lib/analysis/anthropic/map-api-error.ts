/**
 * Turns an SDK error into what the activity layer acts on: a non-retryable EpilogueError when a
 * retry would fail the same way (400 and other 4xx: `AnalysisRequestInvalid`; 401/403:
 * `AnalysisAuthFailed`), an AnalysisProviderUnavailable when a later attempt may succeed (408,
 * 409, 429, 5xx, timeouts, connection failures). Messages carry status, error type and request
 * id, never request content.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { EpilogueError } from '../../errors';
import { FailureType } from '../../failure-types';
import { AnalysisProviderUnavailable } from '../analysis-provider-unavailable';
import { retryAfterMs } from './retry-after';

const retryableStatuses = new Set([408, 409, 429]);

export function mapApiError(error: unknown, now: number): unknown {
  if (error instanceof APIConnectionError) {
    const what = error instanceof APIConnectionTimeoutError ? 'timed out' : 'could not be reached';
    return new AnalysisProviderUnavailable(`the Anthropic API ${what}`, {
      status: null,
      retryAfterMs: null,
      cause: error,
    });
  }
  // Cancellation (APIUserAbortError) and anything not from the API stay as they are.
  if (!(error instanceof APIError) || error instanceof APIUserAbortError) return error;
  // `instanceof` narrows to APIError<any, any, any>; these are the declared defaults.
  const apiError = error as APIError;
  const status = apiError.status ?? 0;
  const detail = [apiError.type, apiError.requestID && `request ${apiError.requestID}`]
    .filter(Boolean)
    .join(', ');
  const described = `HTTP ${status}${detail ? ` (${detail})` : ''}`;
  if (retryableStatuses.has(status) || status >= 500) {
    return new AnalysisProviderUnavailable(`the Anthropic API is unavailable: ${described}`, {
      status,
      retryAfterMs: retryAfterMs(apiError.headers, now),
      cause: error,
    });
  }
  if (status === 401 || status === 403) {
    return new EpilogueError(
      `the Anthropic API refused the credentials: ${described}`,
      FailureType.AnalysisAuthFailed,
      { cause: error },
    );
  }
  return new EpilogueError(
    `the Anthropic API refused the request: ${described}${apiError.apiMessage ? `: ${apiError.apiMessage}` : ''}`,
    FailureType.AnalysisRequestInvalid,
    { cause: error },
  );
}
