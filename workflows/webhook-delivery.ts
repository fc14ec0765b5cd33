/**
 * `webhook:<messageId>` — delivers one message to its endpoint. Waits first for the message it is
 * ordered after (`run.ended` before `run.analyzed`), then attempts on the retry schedule with
 * durable timers until an attempt settles it: delivered, refused by the SSRF guard, gone (410), or
 * every scheduled attempt failed. A 410, or an endpoint failing for five days, disables the
 * endpoint and emits `endpoint.disabled` through the same path. The history holds ids and
 * outcomes only, about eight events per attempt.
 */
import {
  condition,
  defineSignal,
  getExternalWorkflowHandle,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { WebhookAttemptResult } from '../activities/webhooks';
import { webhookWorkflowId } from '../lib/ids';
import { webhookEventTypes } from '../lib/webhooks/event-payload';
import { emitWebhookEvent } from './webhook-event';

/** Database-only steps: quick, retried on transient errors for as long as it takes. */
const quickDbOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

/** One HTTP attempt (at most 15 s by its own deadline) and its bookkeeping. */
const attemptOptions = {
  startToCloseTimeout: '1 minute',
  // Receiver failures are results, not errors; only the database or a lost worker fails the
  // activity, and the attempt number keeps its retries from recording twice.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;

// The reads before the first attempt run as local activities, inside the workflow task: no task
// round trip stands between an event and its first delivery attempt.
const { beginWebhookDelivery, webhookMessageSettled } =
  proxyLocalActivities<Activities>(quickDbOptions);
const { disableEndpoint } = proxyActivities<Activities>(quickDbOptions);
const { attemptWebhookDelivery } = proxyActivities<Activities>(attemptOptions);

/** Attempt now instead of waiting for the next scheduled attempt or a predecessor (a resend). */
export const deliverNowSignal = defineSignal('deliverNow');

/** Sent by the message this one waits for once it is settled. */
export const predecessorSettledSignal = defineSignal('predecessorSettled');

/**
 * How often a waiting message looks at its predecessor itself, in case the signal was lost (the
 * predecessor settled between the check and this workflow's start, or was resent by hand).
 */
const predecessorRecheckMs = 60 * 60 * 1000;

export interface WebhookDeliveryInput {
  organizationId: string;
  messageId: string;
  /** Deliver again although the message is settled (`epilogue webhooks resend`). */
  resend?: boolean;
}

export interface WebhookDeliveryResult {
  messageId: string;
  /** The last attempt's outcome, or `settled` when the message needed nothing. */
  outcome: WebhookAttemptResult['outcome'] | 'settled';
  attempts: number;
}

export async function webhookDelivery(input: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  let deliverNow = false;
  let predecessorSettled = false;
  setHandler(deliverNowSignal, () => void (deliverNow = true));
  setHandler(predecessorSettledSignal, () => void (predecessorSettled = true));
  const ref = { organizationId: input.organizationId, messageId: input.messageId };

  const plan = await beginWebhookDelivery({ ...ref, resend: input.resend === true });
  if (!plan.deliver) return { messageId: input.messageId, outcome: 'settled', attempts: 0 };

  if (plan.waitFor !== null) {
    const predecessor = { organizationId: input.organizationId, messageId: plan.waitFor };
    // Bounded by the predecessor's own schedule, so a message whose predecessor was stopped by
    // hand is still delivered.
    for (let waitedMs = 0; waitedMs < plan.maxWaitMs; waitedMs += predecessorRecheckMs) {
      const wait = Math.min(predecessorRecheckMs, plan.maxWaitMs - waitedMs);
      if (await condition(() => predecessorSettled || deliverNow, wait)) break;
      if (await webhookMessageSettled(predecessor)) break;
    }
  }

  let attemptsMade = 0;
  let result: WebhookAttemptResult;
  for (;;) {
    deliverNow = false;
    result = await attemptWebhookDelivery({
      ...ref,
      attempt: plan.attemptCount + attemptsMade + 1,
      attemptsMade,
    });
    attemptsMade++;
    if (result.nextAttemptInMs === null) break;
    if (result.nextAttemptInMs > 0) await condition(() => deliverNow, result.nextAttemptInMs);
  }

  if (result.disableEndpoint !== null) {
    const disabled = await disableEndpoint({
      organizationId: input.organizationId,
      endpointId: result.endpointId,
      reason: result.disableEndpoint,
    });
    // Only the verdict that disabled the endpoint announces it; the event key holds the moment,
    // so every message reaching the same verdict emits the same single event.
    if (disabled?.byThisReason) {
      await emitWebhookEvent({
        organizationId: input.organizationId,
        eventType: webhookEventTypes.endpointDisabled,
        eventKey: `endpoint.disabled:${result.endpointId}:${disabled.disabledAt}`,
        data: {
          endpoint_id: result.endpointId,
          reason: result.disableEndpoint,
          disabled_at: disabled.disabledAt,
        },
        occurredAt: disabled.disabledAt,
      });
    }
  }

  await releaseWaiting(result.waiting);
  return { messageId: input.messageId, outcome: result.outcome, attempts: attemptsMade };
}

/**
 * Tells the messages waiting for this one that it is settled. One that has not started yet, or has
 * finished, cannot take the signal; it reads this message's state itself when it starts or
 * rechecks, so a failed signal loses nothing.
 */
async function releaseWaiting(waiting: string[]): Promise<void> {
  await Promise.all(
    waiting.map((messageId) =>
      getExternalWorkflowHandle(webhookWorkflowId(messageId))
        .signal(predecessorSettledSignal)
        .catch(() => undefined),
    ),
  );
}
