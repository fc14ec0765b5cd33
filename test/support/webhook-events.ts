/**
 * Emits webhook events in tests and waits for the deliveries they started. On the real server
 * through the `webhookEvent` workflow, which runs `emitWebhookEvent` as the pipeline does. On the
 * time-skipping server by creating the messages and starting their `webhook:<id>` workflows from
 * the client: that server stops skipping time once an abandoned child workflow outlives its
 * parent, so `env.sleep` would never return.
 */
import type { Client } from '@temporalio/client';
import type { createWebhookActivities, WebhookEventInput } from '../../activities/webhooks';
import { webhookEventWorkflowId, webhookWorkflowId, workflowTypes } from '../../lib/ids';
import type { WebhookDeliveryResult, webhookDelivery } from '../../workflows/webhook-delivery';
import type { webhookEvent } from '../../workflows/webhook-event';

export async function emitEvent(
  client: Client,
  taskQueue: string,
  event: WebhookEventInput,
): Promise<string[]> {
  const { messageIds } = await client.workflow.execute<typeof webhookEvent>(
    workflowTypes.webhookEvent,
    {
      workflowId: webhookEventWorkflowId(event.organizationId, event.eventKey),
      taskQueue,
      args: [event],
    },
  );
  return messageIds;
}

export async function startDeliveries(
  client: Client,
  taskQueue: string,
  activities: ReturnType<typeof createWebhookActivities>,
  event: WebhookEventInput,
): Promise<string[]> {
  const { messageIds } = await activities.createWebhookMessages(event);
  for (const messageId of messageIds) {
    await client.workflow.start<typeof webhookDelivery>(workflowTypes.webhookDelivery, {
      workflowId: webhookWorkflowId(messageId),
      taskQueue,
      args: [{ organizationId: event.organizationId, messageId }],
    });
  }
  return messageIds;
}

/** The result of a message's latest delivery execution. */
export function deliveryResult(client: Client, messageId: string): Promise<WebhookDeliveryResult> {
  return client.workflow
    .getHandle(webhookWorkflowId(messageId))
    .result() as Promise<WebhookDeliveryResult>;
}

/** A `run.ended` event of a run, as the pipeline emits it. */
export function runEnded(organizationId: string, runId: string): WebhookEventInput {
  return {
    organizationId,
    eventType: 'run.ended',
    eventKey: `run.ended:${runId}`,
    runId,
    data: { run_id: runId, status: 'completed' },
  };
}
