/**
 * The analysis provider could not answer now (HTTP 408/409/429/5xx, a timeout, a lost
 * connection): a later attempt may succeed. Not an EpilogueError, so the activity layer keeps it
 * retryable. The SDK itself never retries (`maxRetries: 0`); Temporal's retry policy does, and
 * `retryAfterMs` carries the server's `retry-after`, which the activity boundary
 * (lib/temporal/failures.ts) turns into the retryable failure's `nextRetryDelay`.
 */
export class AnalysisProviderUnavailable extends Error {
  /** HTTP status, or null for a timeout or a connection failure. */
  readonly status: number | null;
  /** The delay the server asked for, or null when it named none. */
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    options: { status: number | null; retryAfterMs: number | null; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'AnalysisProviderUnavailable';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}
