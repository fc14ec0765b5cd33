/**
 * The documented `type` of every non-retryable failure Epilogue raises (docs/errors.md lists what
 * each means). Workflows, activities, the client and the CLI share these names; workflow code
 * imports this module, so it stays free of I/O.
 */
export const FailureType = {
  /** A run bundle or run input failed validation; the message names the field. */
  InvalidBundle: 'InvalidBundle',
  /** A run with this id exists with different content; nothing was changed. */
  RunConflict: 'RunConflict',
  /** No run with this id in this organization. */
  RunNotFound: 'RunNotFound',
  /** A blob key that is not a safe relative key (traversal, absolute, odd characters). */
  InvalidBlobKey: 'InvalidBlobKey',
  /** The run's status does not allow the requested step. */
  InvalidRunState: 'InvalidRunState',
} as const;

export type FailureTypeName = (typeof FailureType)[keyof typeof FailureType];
