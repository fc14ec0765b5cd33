/**
 * Webhook message ids, derived from what the message is rather than minted at random: enqueuing
 * the same event for the same endpoint twice (a duplicate call, a worker crash and retry) yields
 * the same id, hence the same `webhook:<id>` workflow and the same `webhook-id` for receivers.
 * Uses node:crypto, so activities and clients call it, not workflows.
 */
import { createHash } from 'node:crypto';

/**
 * `msg_` + 32 hex digits (128 bits of SHA-256). The parts are hashed as a JSON array so that no
 * choice of separator inside an event key can make two different triples collide.
 */
export function webhookMessageId(parts: {
  organizationId: string;
  /** What happened, unique within the organization, e.g. `run.ended:<runId>`. */
  eventKey: string;
  endpointId: string;
}): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([parts.organizationId, parts.eventKey, parts.endpointId]))
    .digest('hex');
  return `msg_${digest.slice(0, 32)}`;
}
