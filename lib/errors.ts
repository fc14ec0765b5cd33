/**
 * Errors a user or operator should read as one line. `EpilogueError.type` is a documented failure
 * type; activities turn it into a non-retryable ApplicationFailure of the same type, and the CLI
 * prints its message without a stack trace.
 */
import type { FailureTypeName } from './failure-types';

export class EpilogueError extends Error {
  constructor(
    message: string,
    readonly type: FailureTypeName | 'ConfigError' | 'Unreachable' | 'UsageError',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EpilogueError';
  }
}

/** A bad environment variable; the process stops before doing anything. */
export class ConfigError extends EpilogueError {
  constructor(message: string) {
    super(message, 'ConfigError');
  }
}

/** PostgreSQL or Temporal could not be reached within the connect timeout. */
export class UnreachableError extends EpilogueError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'Unreachable', options);
  }
}
