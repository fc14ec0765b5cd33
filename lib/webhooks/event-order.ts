/**
 * Which event a message waits for: an endpoint learns that a run was analyzed only after it
 * learned that the run ended, even when the `run.ended` message is still being retried. Pure, so
 * workflows may use it.
 */
import { type WebhookEventType, webhookEventTypes } from './event-payload';

const predecessors: Partial<Record<WebhookEventType, WebhookEventType>> = {
  [webhookEventTypes.runAnalyzed]: webhookEventTypes.runEnded,
};

/** The event type of the same run and endpoint that must be settled first, if any. */
export function predecessorEventType(type: WebhookEventType): WebhookEventType | undefined {
  return predecessors[type];
}
