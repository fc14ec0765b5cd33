/**
 * Where the demo's `run.ended` / `run.analyzed` events go: the user's own endpoint, or a local
 * receiver that verifies every signature with the reference library, as a customer's would.
 */
import type { WebhookEndpointRow } from '../../db/webhook-endpoints';
import type { DemoReceiver } from '../demo-receiver';
import type { WebhooksClient } from '../webhooks-client';
import type { DemoReport } from './demo-report';

const DEMO_RECEIVER_DESCRIPTION = 'epilogue demo receiver';
const DELIVERY_WAIT_MS = 30_000;

export type DemoWebhookTarget =
  | { kind: 'own'; url: string; secret?: string | undefined }
  | { kind: 'local'; receiver: DemoReceiver; secret: string };

/**
 * Registers the endpoint for the demo organization. Receivers of earlier demos listen no more,
 * so their endpoints are disabled first; the user's own URL is registered once and reused.
 */
export async function registerDemoEndpoint(
  webhooks: WebhooksClient,
  organizationId: string,
  target: DemoWebhookTarget,
): Promise<WebhookEndpointRow> {
  const existing = await webhooks.listEndpoints(organizationId);
  for (const endpoint of existing) {
    if (endpoint.enabled && endpoint.description === DEMO_RECEIVER_DESCRIPTION) {
      await webhooks.disableEndpoint(organizationId, endpoint.id);
    }
  }
  if (target.kind === 'own') {
    const same = existing.find((endpoint) => endpoint.url === target.url && endpoint.enabled);
    if (same && !target.secret) return same;
    if (same) await webhooks.disableEndpoint(organizationId, same.id);
  }
  const { endpoint } = await webhooks.addEndpoint({
    organizationId,
    url: target.kind === 'own' ? target.url : target.receiver.url,
    description: target.kind === 'own' ? 'epilogue demo' : DEMO_RECEIVER_DESCRIPTION,
    eventTypes: ['run.ended', 'run.analyzed'],
    ...(target.secret ? { secret: target.secret } : {}),
  });
  return endpoint;
}

/** Waits for the local receiver to have `expected` verified deliveries (bounded), then reports. */
export async function demoDeliveries(
  endpoint: WebhookEndpointRow,
  target: DemoWebhookTarget,
  expected: number,
): Promise<NonNullable<DemoReport['webhooks']>> {
  if (target.kind === 'local') {
    const deadline = Date.now() + DELIVERY_WAIT_MS;
    const verified = () => target.receiver.received.filter((delivery) => delivery.verified).length;
    while (verified() < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    endpointId: endpoint.id,
    url: endpoint.url,
    localReceiver: target.kind === 'local',
    received:
      target.kind === 'local'
        ? target.receiver.received.map((delivery) => ({
            webhookId: delivery.webhookId,
            eventType: delivery.eventType,
            runId: delivery.runId,
            verified: delivery.verified,
          }))
        : null,
  };
}
