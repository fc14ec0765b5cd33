/**
 * A new message for one endpoint: its derived id and the body it will be sent with, serialized
 * once so that every attempt signs the same bytes. Activities and the client build messages here;
 * uses node:crypto (through the message id), so workflows do not.
 */
import { buildEventPayload, type WebhookEventType } from './event-payload';
import { webhookMessageId } from './message-id';

export interface WebhookMessageDraft {
  organizationId: string;
  endpointId: string;
  eventType: WebhookEventType;
  eventKey: string;
  runId: string | null;
  occurredAt: Date;
  data: unknown;
  afterMessageId: string | null;
}

export function buildWebhookMessage(draft: WebhookMessageDraft) {
  const id = webhookMessageId({
    organizationId: draft.organizationId,
    eventKey: draft.eventKey,
    endpointId: draft.endpointId,
  });
  const payload = buildEventPayload({
    type: draft.eventType,
    id,
    timestamp: draft.occurredAt,
    data: draft.data,
  });
  return {
    id,
    endpointId: draft.endpointId,
    eventType: draft.eventType,
    eventKey: draft.eventKey,
    runId: draft.runId,
    body: JSON.stringify(payload),
    afterMessageId: draft.afterMessageId,
  };
}
