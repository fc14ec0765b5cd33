/**
 * Webhook activities: turn an event into messages, make one delivery attempt, and keep endpoints'
 * health. All are safe to retry. Messages have derived ids, so creating them again finds the same
 * rows. An attempt is numbered by the workflow and recorded under that number in the same
 * transaction as its effects, so a retried attempt that already recorded its result returns that
 * result without sending again; one that crashed between sending and recording sends again with
 * the same `webhook-id`, which receivers use to drop the duplicate. No secret, URL or body is
 * logged or returned.
 */
import { Context } from '@temporalio/activity';
import {
  getWebhookAttempt,
  insertWebhookAttempt,
  type WebhookAttemptOutcome,
  type WebhookAttemptRow,
} from '../db/webhook-attempts';
import {
  disableWebhookEndpoint,
  recordWebhookEndpointHealth,
  subscribedEndpointIds,
} from '../db/webhook-endpoints';
import {
  getWebhookDelivery,
  getWebhookMessage,
  insertWebhookMessages,
  runMessageIdsByEndpoint,
  updateWebhookMessage,
  waitingWebhookMessageIds,
  type WebhookMessageState,
} from '../db/webhook-messages';
import { appendAudit } from '../db/audit-log';
import { inTransaction } from '../db/pool';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import { deliverWebhook, type DeliveryResult } from '../lib/webhooks/deliver-webhook';
import { shouldDisableEndpoint } from '../lib/webhooks/endpoint-disable-rule';
import {
  type AutomaticDisableReason,
  endpointDisableReasons,
} from '../lib/webhooks/endpoint-disable-reason';
import { predecessorEventType } from '../lib/webhooks/event-order';
import { isWebhookEventType, type WebhookEventType } from '../lib/webhooks/event-payload';
import { MAX_RETRY_AFTER_MS, nextAttemptDelayMs } from '../lib/webhooks/retry-schedule';
import { signingSecrets } from '../lib/webhooks/secrets';
import { signMessage } from '../lib/webhooks/sign-message';
import { buildWebhookMessage } from '../lib/webhooks/webhook-message';
import { parseWebhookSettings } from '../lib/webhooks/webhook-settings';
import type { ActivityDependencies } from './dependencies';

/** An event to tell the organization's subscribed endpoints about. */
export interface WebhookEventInput {
  organizationId: string;
  eventType: WebhookEventType;
  /**
   * What happened, unique within the organization (`run.ended:<runId>`). The same key yields the
   * same messages and ids, so emitting an event twice delivers it once.
   */
  eventKey: string;
  runId?: string;
  /** Ids and results the organization may see, serialized once into each message body. */
  data: Record<string, unknown>;
  /** When it happened (ISO 8601); when the messages were first created if absent. */
  occurredAt?: string;
}

export interface WebhookMessageRef {
  organizationId: string;
  messageId: string;
}

export interface WebhookDeliveryPlan {
  /** False when the message is already settled and this is not a resend: nothing to do. */
  deliver: boolean;
  /** Attempts recorded so far; this execution numbers its attempts after them. */
  attemptCount: number;
  /** A pending message this one is delivered after, if any. */
  waitFor: string | null;
  /** How long to wait for it at most: its whole schedule plus one maximal Retry-After. */
  maxWaitMs: number;
}

export interface WebhookAttemptInput extends WebhookMessageRef {
  /** The attempt's number across all executions of the message, from 1. */
  attempt: number;
  /** Attempts this execution made before this one: the position in the retry schedule. */
  attemptsMade: number;
}

export interface WebhookAttemptResult {
  endpointId: string;
  /** `skipped`: the endpoint was disabled; nothing was sent. */
  outcome: WebhookAttemptOutcome | 'skipped';
  statusCode: number | null;
  retryAfterMs: number | null;
  /** The delay before the next attempt, or null when the message is settled. */
  nextAttemptInMs: number | null;
  /** Set when this attempt means the endpoint must be disabled (410, or the 5-day rule). */
  disableEndpoint: AutomaticDisableReason | null;
  /** Once the message is settled: the pending messages that wait for it, to be told. */
  waiting: string[];
}

export const createWebhookActivities = ({ db, clock, webhooks }: ActivityDependencies) => {
  // Parsed once, when the worker builds its activities: a bad setting stops it at start.
  const settings = parseWebhookSettings(webhooks);
  const scheduleSpanMs = settings.retryScheduleMs.reduce((sum, delay) => sum + delay, 0);

  const loadMessage = async (ref: WebhookMessageRef) => {
    const message = await getWebhookMessage(db, ref.organizationId, ref.messageId);
    if (!message) {
      throw new EpilogueError(
        `webhook message ${ref.messageId} not found`,
        FailureType.WebhookNotFound,
      );
    }
    return message;
  };

  /** What follows an attempt, from its outcome alone, so a retried activity decides the same. */
  const consequences = (
    recorded: WebhookAttemptRow,
    attemptsMade: number,
    failingSince: Date | null,
  ): Consequences => {
    switch (recorded.outcome) {
      case 'delivered':
        return {
          state: 'delivered',
          stateReason: null,
          nextAttemptInMs: null,
          disableEndpoint: null,
        };
      case 'gone':
        return {
          state: 'gone',
          stateReason: `endpoint disabled: ${endpointDisableReasons.gone}`,
          nextAttemptInMs: null,
          disableEndpoint: 'gone',
        };
      case 'refused':
        return {
          state: 'refused',
          stateReason: recorded.error,
          nextAttemptInMs: null,
          disableEndpoint: null,
        };
      case 'failed': {
        if (shouldDisableEndpoint({ failingSince, now: recorded.at })) {
          return {
            state: 'failed',
            stateReason: `endpoint disabled: ${endpointDisableReasons.failing}`,
            nextAttemptInMs: null,
            disableEndpoint: 'failing',
          };
        }
        const next = nextAttemptDelayMs(attemptsMade + 1, {
          schedule: settings.retryScheduleMs,
          retryAfterMs: recorded.retryAfterMs ?? undefined,
        });
        return next === undefined
          ? {
              state: 'failed',
              stateReason: `every scheduled attempt failed (${attemptsMade + 1})`,
              nextAttemptInMs: null,
              disableEndpoint: null,
            }
          : { state: 'pending', stateReason: null, nextAttemptInMs: next, disableEndpoint: null };
      }
    }
  };

  /** Who waits for a message that this attempt settled; nobody while it is still pending. */
  const waitingFor = async (ref: WebhookMessageRef, after: Consequences): Promise<string[]> =>
    after.state === 'pending'
      ? []
      : waitingWebhookMessageIds(db, ref.organizationId, ref.messageId);

  return {
    /**
     * Creates one message per enabled endpoint subscribed to the event type, unless it exists, and
     * returns their ids. A `run.analyzed` message is linked to the `run.ended` message of the same
     * run and endpoint so that it is delivered after it.
     */
    createWebhookMessages: async (event: WebhookEventInput): Promise<{ messageIds: string[] }> => {
      if (!isWebhookEventType(event.eventType)) {
        throw new EpilogueError(
          `unknown webhook event type ${JSON.stringify(event.eventType)}`,
          'UsageError',
        );
      }
      const occurredAt = event.occurredAt === undefined ? clock.now() : new Date(event.occurredAt);
      if (Number.isNaN(occurredAt.getTime())) {
        throw new EpilogueError('webhook event occurredAt is not an ISO 8601 time', 'UsageError');
      }
      const endpointIds = await subscribedEndpointIds(db, event.organizationId, event.eventType);
      if (endpointIds.length === 0) return { messageIds: [] };
      const waitForType = predecessorEventType(event.eventType);
      const waitFor =
        waitForType !== undefined && event.runId !== undefined
          ? await runMessageIdsByEndpoint(db, event.organizationId, event.runId, waitForType)
          : new Map<string, string>();
      const messages = endpointIds.map((endpointId) =>
        buildWebhookMessage({
          organizationId: event.organizationId,
          endpointId,
          eventType: event.eventType,
          eventKey: event.eventKey,
          runId: event.runId ?? null,
          occurredAt,
          data: event.data,
          afterMessageId: waitFor.get(endpointId) ?? null,
        }),
      );
      await insertWebhookMessages(db, event.organizationId, messages);
      return { messageIds: messages.map((message) => message.id) };
    },

    /**
     * Reads what a delivery execution must do. A resend puts a settled message back to pending;
     * otherwise a message that is no longer pending (a duplicate start) needs nothing.
     */
    beginWebhookDelivery: async (
      input: WebhookMessageRef & { resend?: boolean },
    ): Promise<WebhookDeliveryPlan> => {
      const message = await loadMessage(input);
      if (input.resend) {
        await updateWebhookMessage(db, input.organizationId, input.messageId, {
          state: 'pending',
          stateReason: null,
          nextAttemptAt: clock.now(),
        });
      }
      const deliver = input.resend === true || message.state === 'pending';
      const predecessor =
        deliver && !input.resend && message.afterMessageId !== null
          ? await getWebhookMessage(db, input.organizationId, message.afterMessageId)
          : undefined;
      return {
        deliver,
        attemptCount: message.attemptCount,
        waitFor: predecessor?.state === 'pending' ? predecessor.id : null,
        maxWaitMs: scheduleSpanMs + MAX_RETRY_AFTER_MS,
      };
    },

    /** Whether a message is settled (delivered or given up on); a missing one counts as settled. */
    webhookMessageSettled: async (ref: WebhookMessageRef): Promise<boolean> => {
      const message = await getWebhookMessage(db, ref.organizationId, ref.messageId);
      return message === undefined || message.state !== 'pending';
    },

    /**
     * One delivery attempt: signs the stored body with the endpoint's current secrets, sends it
     * through the SSRF guard, and records the attempt, the message's state and the endpoint's
     * health in one transaction. Returns when to try again and whether to disable the endpoint.
     */
    attemptWebhookDelivery: async (input: WebhookAttemptInput): Promise<WebhookAttemptResult> => {
      const { organizationId, messageId } = input;
      const message = await getWebhookDelivery(db, organizationId, messageId);
      if (!message) {
        throw new EpilogueError(
          `webhook message ${messageId} not found`,
          FailureType.WebhookNotFound,
        );
      }
      const previous = await getWebhookAttempt(db, organizationId, messageId, input.attempt);
      if (previous) {
        const after = consequences(previous, input.attemptsMade, message.failingSince);
        return attemptResult(message.endpointId, previous, after, await waitingFor(input, after));
      }
      if (!message.endpointEnabled) {
        await updateWebhookMessage(db, organizationId, messageId, {
          state: 'skipped',
          stateReason: 'endpoint disabled',
          nextAttemptAt: null,
        });
        return {
          endpointId: message.endpointId,
          outcome: 'skipped',
          statusCode: null,
          retryAfterMs: null,
          nextAttemptInMs: null,
          disableEndpoint: null,
          waiting: await waitingWebhookMessageIds(db, organizationId, messageId),
        };
      }

      const at = clock.now();
      const secrets = signingSecrets(message, at);
      const result: DeliveryResult = await deliverWebhook({
        url: message.url,
        headers: signMessage({ id: messageId, timestamp: at, body: message.body }, secrets),
        body: message.body,
        secrets,
        allowedHosts: settings.allowedHosts,
      });
      const row: WebhookAttemptRow = {
        attempt: input.attempt,
        outcome: result.outcome,
        statusCode: result.statusCode ?? null,
        latencyMs: result.latencyMs,
        retryAfterMs: result.retryAfterMs ?? null,
        error: result.error ?? null,
        responseExcerpt: result.responseExcerpt ?? null,
        at,
      };
      const next = await inTransaction(db, async (client) => {
        const ref = { messageId, endpointId: message.endpointId };
        if (!(await insertWebhookAttempt(client, organizationId, ref, row))) {
          // A concurrent run of this activity recorded the attempt first; its result stands.
          const recorded = (await getWebhookAttempt(
            client,
            organizationId,
            messageId,
            input.attempt,
          ))!;
          return { recorded, ...consequences(recorded, input.attemptsMade, message.failingSince) };
        }
        const failingSince =
          row.outcome === 'delivered' || row.outcome === 'failed'
            ? await recordWebhookEndpointHealth(client, organizationId, message.endpointId, {
                delivered: row.outcome === 'delivered',
                at,
              })
            : message.failingSince;
        const after = consequences(row, input.attemptsMade, failingSince);
        await updateWebhookMessage(client, organizationId, messageId, {
          state: after.state,
          stateReason: after.stateReason,
          nextAttemptAt:
            after.nextAttemptInMs === null ? null : new Date(at.getTime() + after.nextAttemptInMs),
          deliveredAt: row.outcome === 'delivered' ? at : null,
          attemptCount: input.attempt,
        });
        return { recorded: row, ...after };
      });
      const { recorded } = next;
      Context.current().log.info('webhook attempt', {
        messageId,
        endpointId: message.endpointId,
        attempt: input.attempt,
        outcome: recorded.outcome,
        statusCode: recorded.statusCode,
        latencyMs: recorded.latencyMs,
      });
      return attemptResult(message.endpointId, recorded, next, await waitingFor(input, next));
    },

    /**
     * Disables the endpoint for an automatic reason. Returns when it was disabled and whether this
     * reason did it, so that a retry, or a second message reaching the same verdict, reports the
     * same moment and emits one event; null if the endpoint no longer exists.
     */
    disableEndpoint: async (input: {
      organizationId: string;
      endpointId: string;
      reason: AutomaticDisableReason;
    }): Promise<{ disabledAt: string; byThisReason: boolean } | null> => {
      const reason = endpointDisableReasons[input.reason];
      const at = clock.now();
      const disabled = await inTransaction(db, async (client) => {
        const { organizationId, endpointId } = input;
        const result = await disableWebhookEndpoint(client, organizationId, endpointId, {
          reason,
          at,
        });
        // Only the call that disabled it audits: a retry finds it disabled at an earlier time.
        if (result?.disabledAt.getTime() === at.getTime()) {
          await appendAudit(client, {
            organizationId,
            actor: 'webhooks',
            action: 'webhook.endpoint_disabled',
            details: { endpoint_id: endpointId, reason: input.reason },
            at,
          });
        }
        return result;
      });
      if (!disabled) return null;
      Context.current().log.warn('webhook endpoint disabled', {
        endpointId: input.endpointId,
        reason: input.reason,
      });
      return {
        disabledAt: disabled.disabledAt.toISOString(),
        byThisReason: disabled.disabledReason === reason,
      };
    },
  };
};

/** What an attempt means for its message and endpoint. */
interface Consequences {
  state: WebhookMessageState;
  stateReason: string | null;
  nextAttemptInMs: number | null;
  disableEndpoint: AutomaticDisableReason | null;
}

function attemptResult(
  endpointId: string,
  recorded: WebhookAttemptRow,
  after: Consequences,
  waiting: string[],
): WebhookAttemptResult {
  return {
    endpointId,
    outcome: recorded.outcome,
    statusCode: recorded.statusCode,
    retryAfterMs: recorded.retryAfterMs,
    nextAttemptInMs: after.nextAttemptInMs,
    disableEndpoint: after.disableEndpoint,
    waiting,
  };
}
