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
  /** The run has no transcript and responses yet: its pipeline must process it first. */
  RunNotProcessed: 'RunNotProcessed',
  /** The run's status does not allow the requested step. */
  InvalidRunState: 'InvalidRunState',
  /** Audio that cannot be used: empty, corrupt, truncated, not audio, or an unsupported codec. */
  InvalidAudio: 'InvalidAudio',
  /** Audio with no signal above the silence floor. */
  SilentAudio: 'SilentAudio',
  /** Audio longer than the configured maximum. */
  AudioTooLong: 'AudioTooLong',
  /** A pipeline is already working on this run; reprocessing waits for it. */
  PipelineRunning: 'PipelineRunning',
  /** The analysis provider refused the request as malformed (HTTP 400). */
  AnalysisRequestInvalid: 'AnalysisRequestInvalid',
  /** The analysis provider refused the credentials (HTTP 401/403). */
  AnalysisAuthFailed: 'AnalysisAuthFailed',
  /** The analysis provider's output did not satisfy the analysis schema. */
  AnalysisOutputInvalid: 'AnalysisOutputInvalid',
  /** The analysis provider could not answer now (429, 5xx, timeout); retryable, honouring retry-after. */
  AnalysisProviderUnavailable: 'AnalysisProviderUnavailable',
  /** A webhook URL that is not http(s), or resolves to a refused address (SSRF guard). */
  WebhookUrlRefused: 'WebhookUrlRefused',
  /** A webhook endpoint definition that fails validation. */
  InvalidWebhookEndpoint: 'InvalidWebhookEndpoint',
  /** No such webhook endpoint or message in this organization. */
  WebhookNotFound: 'WebhookNotFound',
  /** No session with this id in this organization (or its workflow was never started). */
  SessionNotFound: 'SessionNotFound',
  /** A session id already used by another organization or run. */
  SessionConflict: 'SessionConflict',
  /** The session's status does not allow the event (resume while active, anything after the end). */
  InvalidSessionTransition: 'InvalidSessionTransition',
  /** A pause beyond the organization's `max_pauses` (3 by default). */
  PauseLimitReached: 'PauseLimitReached',
  /** A session event that fails validation (id, time or reason code); the message names the field. */
  InvalidSessionEvent: 'InvalidSessionEvent',
  /** A retention or PII setting that fails validation; the message names the setting. */
  InvalidRetentionPolicy: 'InvalidRetentionPolicy',
  /** Redacted audio failed its check (decoding, duration, or a span still audible); the original was kept. */
  RedactionNotVerified: 'RedactionNotVerified',
  /** No run of this participant in this organization: there is nothing to export. */
  ParticipantNotFound: 'ParticipantNotFound',
  /** An export request id already used for another participant or organization. */
  ExportRequestConflict: 'ExportRequestConflict',
  /** The export's file was deleted when it expired; a new request makes a new one. */
  ExportExpired: 'ExportExpired',
  /** No export request with this id in this organization (it was erased, or never made). */
  ExportNotFound: 'ExportNotFound',
  /** A legal hold on the organization or on one of the subject's runs: nothing was erased. */
  LegalHold: 'LegalHold',
  /** No erasure request with this id in this organization, or it has not completed. */
  ErasureNotFound: 'ErasureNotFound',
} as const;

export type FailureTypeName = (typeof FailureType)[keyof typeof FailureType];
