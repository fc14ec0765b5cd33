/**
 * Emitting a webhook event from any workflow: `emitWebhookEvent` creates the event's messages (one
 * per subscribed endpoint, with derived ids) and starts one `webhook:<messageId>` delivery workflow
 * for each. The pipeline calls it when a run ends and when it is analyzed; later workflows
 * (sessions, retention, erasure) emit their events the same way. `webhookEvent` wraps it for
 * callers outside a workflow.
 */
import {
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  proxyLocalActivities,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import type { WebhookEventInput } from '../activities/webhooks';
import { searchAttributes, webhookWorkflowId, workflowTypes } from '../lib/ids';
import type { webhookDelivery } from './webhook-delivery';

/**
 * Two quick statements, run as a local activity inside the emitter's workflow task: no task round
 * trip between the event and the start of its deliveries. Retried on transient errors for as long
 * as it takes.
 */
const quickDbOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

const { createWebhookMessages } = proxyLocalActivities<Activities>(quickDbOptions);

/**
 * Creates the event's messages and starts their deliveries; returns the message ids. Safe to
 * call again with the same event key: the messages and their workflows are the same ones, and a
 * delivery that already started (or finished) is left alone.
 */
export async function emitWebhookEvent(event: WebhookEventInput): Promise<string[]> {
  const { messageIds } = await createWebhookMessages(event);
  await Promise.all(messageIds.map((messageId) => startDelivery(event, messageId)));
  return messageIds;
}

async function startDelivery(event: WebhookEventInput, messageId: string): Promise<void> {
  try {
    await startChild<typeof webhookDelivery>(workflowTypes.webhookDelivery, {
      workflowId: webhookWorkflowId(messageId),
      args: [{ organizationId: event.organizationId, messageId }],
      // A message outlives the workflow that emitted it: its schedule runs for a day or more, and
      // neither the emitter finishing, failing nor being cancelled may stop it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      cancellationType: ChildWorkflowCancellationType.ABANDON,
      // Emitting the event again must not deliver a settled message again; resends are explicit.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributes.organizationId, value: event.organizationId },
        ...(event.runId === undefined ? [] : [{ key: searchAttributes.runId, value: event.runId }]),
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** `webhook-event:<organizationId>:<eventKey>`: emits one event for the platform or a tool. */
export async function webhookEvent(event: WebhookEventInput): Promise<{ messageIds: string[] }> {
  return { messageIds: await emitWebhookEvent(event) };
}
