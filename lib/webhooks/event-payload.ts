/**
 * The body of every webhook: a versioned envelope around event data. Pure, so workflows may build
 * payloads and use the event type names.
 */

/** Event types customers can subscribe to; later stages add theirs here. */
export const webhookEventTypes = {
  /** A run is final: completed, abandoned, expired or failed. Sent before any analysis. */
  runEnded: 'run.ended',
  /** The pipeline finished a run's analysis. */
  runAnalyzed: 'run.analyzed',
  /** Epilogue disabled an endpoint (HTTP 410, or five days of failures). */
  endpointDisabled: 'endpoint.disabled',
  /** A run's personal data was redacted in every stored text and its audio (retention policy). */
  runPiiRedacted: 'run.pii_redacted',
  /** A run's audio files were deleted when their retention period ended. */
  runAudioDeleted: 'run.audio_deleted',
  /** One kind of a run's data (`data_type`), or the whole run (`run`), was deleted by retention. */
  runDataDeleted: 'run.data_deleted',
  /** A ping sent by `epilogue webhooks test` to the one endpoint named, whatever it subscribes to. */
  webhookTest: 'webhook.test',
  /** A live session ended without the participant finishing: heartbeat lost, or a pause expired. */
  sessionAbandoned: 'session.abandoned',
  /** A session ran out of time: its pause passed the limit, or its active time the maximum. */
  sessionExpired: 'session.expired',
  /** A participant was inactive for the organization's prompt delay: the platform may ask them to go on. */
  sessionAutoResumePrompt: 'session.auto_resume_prompt',
  /** An access export's ZIP is stored and can be fetched until `expires_at` (ids and counts only). */
  exportReady: 'export.ready',
  /** A participant's (or one run's) data was erased on request; the subject appears as a keyed hash. */
  participantErased: 'participant.erased',
} as const;

export type WebhookEventType = (typeof webhookEventTypes)[keyof typeof webhookEventTypes];

const knownEventTypes: ReadonlySet<string> = new Set(Object.values(webhookEventTypes));

export function isWebhookEventType(value: string): value is WebhookEventType {
  return knownEventTypes.has(value);
}

/** Raised when the envelope or a data shape changes incompatibly. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

export interface WebhookEventPayload<Data> {
  type: WebhookEventType;
  /** The message id, the same as the `webhook-id` header. */
  id: string;
  /** When the event happened, ISO 8601 in UTC. */
  timestamp: string;
  version: typeof WEBHOOK_PAYLOAD_VERSION;
  data: Data;
}

/**
 * The envelope for one event. Serialize it once and store the string: the signature covers the
 * exact bytes, so every retry must send the same ones.
 */
export function buildEventPayload<Data>(event: {
  type: WebhookEventType;
  id: string;
  timestamp: Date;
  data: Data;
}): WebhookEventPayload<Data> {
  return {
    type: event.type,
    id: event.id,
    timestamp: event.timestamp.toISOString(),
    version: WEBHOOK_PAYLOAD_VERSION,
    data: event.data,
  };
}
