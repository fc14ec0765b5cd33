/**
 * Webhook endpoints and messages, for the platform and the CLI: register an endpoint (its URL
 * checked by the SSRF guard, its secret generated and returned once), rotate its secret with a
 * grace period, disable and enable it, send it a test ping, read a message's attempts, and resend
 * a message under its own `webhook-id`. Every call is scoped by organization.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { appendAudit } from '../db/audit-log';
import { inTransaction, type Pool } from '../db/pool';
import { ensureOrganization } from '../db/organizations';
import { listWebhookAttempts, type WebhookAttemptRow } from '../db/webhook-attempts';
import {
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  getWebhookEndpoint,
  getWebhookEndpointSecrets,
  insertWebhookEndpoint,
  listWebhookEndpoints,
  updateWebhookEndpointSecrets,
  type WebhookEndpointRow,
} from '../db/webhook-endpoints';
import {
  getWebhookMessage,
  insertWebhookMessages,
  type WebhookMessageRow,
} from '../db/webhook-messages';
import type { Config } from '../lib/config';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import {
  PLATFORM_ID_PATTERN,
  searchAttributes,
  webhookWorkflowId,
  workflowTypes,
} from '../lib/ids';
import { connectClient, type TemporalSettings } from '../lib/temporal/connect';
import { parseAllowedHosts } from '../lib/webhooks/allowed-hosts';
import { resolveDeliveryTarget } from '../lib/webhooks/delivery-target';
import { endpointDisableReasons } from '../lib/webhooks/endpoint-disable-reason';
import { isWebhookEventType, webhookEventTypes } from '../lib/webhooks/event-payload';
import {
  DEFAULT_SECRET_GRACE_PERIOD_MS,
  generateWebhookSecret,
  parseWebhookSecret,
  rotateSecret,
} from '../lib/webhooks/secrets';
import { buildWebhookMessage } from '../lib/webhooks/webhook-message';
import {
  deliverNowSignal,
  type WebhookDeliveryInput,
  type webhookDelivery,
} from '../workflows/webhook-delivery';

export type WebhooksClientConfig = TemporalSettings &
  Pick<
    Config,
    'EPILOGUE_TASK_QUEUE' | 'WEBHOOK_ALLOWED_HOSTS' | 'EPILOGUE_PAYLOAD_KEYS' | 'EPILOGUE_DATA_DIR'
  >;

export interface AddEndpointInput {
  organizationId: string;
  url: string;
  /** Event types to receive; empty or absent means all. */
  eventTypes?: string[];
  description?: string;
  /** A `whsec_` secret to use instead of a generated one (the demo's own receiver). */
  secret?: string;
}

export interface SecretRotation {
  endpointId: string;
  secret: string;
  /** Until then the previous secret signs every message too. */
  previousSecretExpiresAt: Date;
}

export interface StartedDelivery {
  messageId: string;
  workflowId: string;
}

export interface MessageAttempts {
  message: WebhookMessageRow;
  attempts: WebhookAttemptRow[];
}

const maxUrlLength = 2048;
const maxDescriptionLength = 500;
/** Longer would leave a leaked secret valid for longer than anyone needs to switch. */
const maxGracePeriodMs = 30 * 24 * 60 * 60 * 1000;

/** Types an endpoint can subscribe to; the test ping reaches the endpoint it names regardless. */
const subscribableTypes = Object.values(webhookEventTypes).filter(
  (type) => type !== webhookEventTypes.webhookTest,
);

export class WebhooksClient {
  private temporal: Client | undefined;
  private readonly allowedHosts: string[];

  constructor(
    private readonly db: Pool,
    private readonly config: WebhooksClientConfig,
  ) {
    this.allowedHosts = parseAllowedHosts(config.WEBHOOK_ALLOWED_HOSTS);
  }

  async close(): Promise<void> {
    await this.temporal?.connection.close();
  }

  private async workflows(): Promise<Client> {
    this.temporal ??= await connectClient(this.config);
    return this.temporal;
  }

  /** Registers an endpoint; the returned secret is not shown again (rotate to get a new one). */
  async addEndpoint(
    input: AddEndpointInput,
  ): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
    checkOrganizationId(input.organizationId);
    const eventTypes = [...new Set(input.eventTypes ?? [])];
    for (const type of eventTypes) {
      if (!isWebhookEventType(type) || type === webhookEventTypes.webhookTest) {
        throw invalid(
          `unknown event type ${JSON.stringify(type)} (known: ${subscribableTypes.join(', ')})`,
        );
      }
    }
    const description = input.description ?? '';
    if (description.length > maxDescriptionLength) {
      throw invalid(`description is longer than ${maxDescriptionLength} characters`);
    }
    if (!storableText(description)) {
      throw invalid('description must not contain NUL characters or lone surrogates');
    }
    await this.checkUrl(input.url);
    const secret =
      input.secret === undefined ? generateWebhookSecret() : parseWebhookSecret(input.secret);
    const endpoint = await inTransaction(this.db, async (client) => {
      await ensureOrganization(client, input.organizationId);
      const inserted = await insertWebhookEndpoint(client, input.organizationId, {
        id: `ep_${randomBytes(12).toString('hex')}`,
        url: input.url,
        description,
        eventTypes,
        secret,
      });
      // Ids and event types only: a URL can carry a customer's token.
      await appendAudit(client, {
        organizationId: input.organizationId,
        actor: 'operator',
        action: 'webhook.endpoint_added',
        details: { endpoint_id: inserted.id, event_types: eventTypes },
        at: new Date(),
      });
      return inserted;
    });
    return { endpoint, secret };
  }

  /** The organization's endpoints, without their secrets. */
  async listEndpoints(organizationId: string): Promise<WebhookEndpointRow[]> {
    return listWebhookEndpoints(this.db, organizationId);
  }

  /** A new secret; the current one keeps signing (beside it) for the grace period. */
  async rotateSecret(
    organizationId: string,
    endpointId: string,
    options: { gracePeriodMs?: number } = {},
  ): Promise<SecretRotation> {
    const gracePeriodMs = options.gracePeriodMs ?? DEFAULT_SECRET_GRACE_PERIOD_MS;
    if (!Number.isInteger(gracePeriodMs) || gracePeriodMs < 0 || gracePeriodMs > maxGracePeriodMs) {
      throw invalid('the grace period must be between 0 and 30 days');
    }
    const rotated = await inTransaction(this.db, async (client) => {
      const current = await getWebhookEndpointSecrets(client, organizationId, endpointId, {
        forUpdate: true,
      });
      if (!current) throw endpointNotFound(endpointId);
      const next = rotateSecret(current, { now: new Date(), gracePeriodMs });
      await updateWebhookEndpointSecrets(client, organizationId, endpointId, next);
      await appendAudit(client, {
        organizationId,
        actor: 'operator',
        action: 'webhook.secret_rotated',
        details: {
          endpoint_id: endpointId,
          previous_secret_expires_at: next.previousSecretExpiresAt?.toISOString() ?? null,
        },
        at: new Date(),
      });
      return next;
    });
    return {
      endpointId,
      secret: rotated.secret,
      previousSecretExpiresAt: rotated.previousSecretExpiresAt,
    };
  }

  /** Stops deliveries to the endpoint; pending messages are skipped at their next attempt. */
  async disableEndpoint(organizationId: string, endpointId: string): Promise<WebhookEndpointRow> {
    const at = new Date();
    await inTransaction(this.db, async (client) => {
      const disabled = await disableWebhookEndpoint(client, organizationId, endpointId, {
        reason: endpointDisableReasons.operator,
        at,
      });
      if (!disabled) throw endpointNotFound(endpointId);
      await appendAudit(client, {
        organizationId,
        actor: 'operator',
        action: 'webhook.endpoint_disabled',
        details: { endpoint_id: endpointId, reason: 'operator' },
        at,
      });
    });
    return this.endpoint(organizationId, endpointId);
  }

  /** Delivers new messages again, with the endpoint's failure clock reset. */
  async enableEndpoint(organizationId: string, endpointId: string): Promise<WebhookEndpointRow> {
    await inTransaction(this.db, async (client) => {
      if (!(await enableWebhookEndpoint(client, organizationId, endpointId))) {
        throw endpointNotFound(endpointId);
      }
      await appendAudit(client, {
        organizationId,
        actor: 'operator',
        action: 'webhook.endpoint_enabled',
        details: { endpoint_id: endpointId },
        at: new Date(),
      });
    });
    return this.endpoint(organizationId, endpointId);
  }

  /** Sends a `webhook.test` ping to the endpoint through the delivery workflow. */
  async sendTest(organizationId: string, endpointId: string): Promise<StartedDelivery> {
    const endpoint = await this.endpoint(organizationId, endpointId);
    if (!endpoint.enabled) throw endpointDisabled(endpointId);
    const message = buildWebhookMessage({
      organizationId,
      endpointId,
      eventType: webhookEventTypes.webhookTest,
      eventKey: `webhook.test:${endpointId}:${randomUUID()}`,
      runId: null,
      occurredAt: new Date(),
      data: { endpointId },
      afterMessageId: null,
    });
    await insertWebhookMessages(this.db, organizationId, [message]);
    return this.startDelivery({ organizationId, messageId: message.id }, null, 'start');
  }

  /** The message and every attempt made to deliver it, oldest first. */
  async listAttempts(organizationId: string, messageId: string): Promise<MessageAttempts> {
    const message = await getWebhookMessage(this.db, organizationId, messageId);
    if (!message) throw messageNotFound(messageId);
    return { message, attempts: await listWebhookAttempts(this.db, organizationId, messageId) };
  }

  /**
   * Delivers the message again with the same `webhook-id`: a new execution of
   * `webhook:<messageId>`, or, while one is still waiting, an attempt right now.
   */
  async resend(organizationId: string, messageId: string): Promise<StartedDelivery> {
    const message = await getWebhookMessage(this.db, organizationId, messageId);
    if (!message) throw messageNotFound(messageId);
    const endpoint = await this.endpoint(organizationId, message.endpointId);
    if (!endpoint.enabled) throw endpointDisabled(endpoint.id);
    return this.startDelivery({ organizationId, messageId, resend: true }, message.runId, 'signal');
  }

  /** The first attempt numbered after `afterAttempt`, once recorded; undefined at the timeout. */
  async waitForAttempt(
    organizationId: string,
    messageId: string,
    options: { afterAttempt?: number; timeoutMs: number },
  ): Promise<WebhookAttemptRow | undefined> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const attempts = await listWebhookAttempts(this.db, organizationId, messageId);
      const attempt = attempts.find((row) => row.attempt > (options.afterAttempt ?? 0));
      if (attempt || Date.now() >= deadline) return attempt;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async startDelivery(
    input: WebhookDeliveryInput,
    runId: string | null,
    mode: 'start' | 'signal',
  ): Promise<StartedDelivery> {
    const client = await this.workflows();
    const workflowId = webhookWorkflowId(input.messageId);
    const options = {
      workflowId,
      taskQueue: this.config.EPILOGUE_TASK_QUEUE,
      args: [input] as [WebhookDeliveryInput],
      typedSearchAttributes: [
        { key: searchAttributes.organizationId, value: input.organizationId },
        ...(runId === null ? [] : [{ key: searchAttributes.runId, value: runId }]),
      ],
    };
    if (mode === 'start') {
      await client.workflow.start<typeof webhookDelivery>(workflowTypes.webhookDelivery, options);
    } else {
      // A settled message gets a new execution under the same id; one still waiting for its next
      // attempt is told to attempt now instead, so two executions never deliver the same message.
      await client.workflow.signalWithStart<typeof webhookDelivery, []>(
        workflowTypes.webhookDelivery,
        {
          ...options,
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          signal: deliverNowSignal,
          signalArgs: [],
        },
      );
    }
    return { messageId: input.messageId, workflowId };
  }

  private async endpoint(organizationId: string, endpointId: string): Promise<WebhookEndpointRow> {
    const endpoint = await getWebhookEndpoint(this.db, organizationId, endpointId);
    if (!endpoint) throw endpointNotFound(endpointId);
    return endpoint;
  }

  /** The SSRF guard at registration; every delivery checks again, since DNS answers change. */
  private async checkUrl(url: string): Promise<void> {
    if (url.length > maxUrlLength) throw invalid(`URL is longer than ${maxUrlLength} characters`);
    // The URL parser drops or escapes these, so the stored URL would differ from the one checked.
    if (/[\s\p{Cc}]/u.test(url) || !url.isWellFormed()) {
      throw invalid('URL must not contain whitespace, control characters or lone surrogates');
    }
    try {
      await resolveDeliveryTarget(url, { allowedHosts: this.allowedHosts });
    } catch (error) {
      if (error instanceof EpilogueError) throw error;
      const code = (error as { code?: unknown }).code;
      throw invalid(
        `the URL's host does not resolve${typeof code === 'string' ? ` (${code})` : ''}`,
      );
    }
  }
}

/** PostgreSQL cannot store NUL, and a lone surrogate would be replaced on the way in. */
function storableText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

function checkOrganizationId(organizationId: string): void {
  if (!PLATFORM_ID_PATTERN.test(organizationId)) {
    throw invalid(`organization id ${JSON.stringify(organizationId)} is not a valid id`);
  }
}

function invalid(reason: string): EpilogueError {
  return new EpilogueError(
    `invalid webhook endpoint: ${reason}`,
    FailureType.InvalidWebhookEndpoint,
  );
}

function endpointDisabled(endpointId: string): EpilogueError {
  return new EpilogueError(
    `webhook endpoint ${endpointId} is disabled; enable it first`,
    FailureType.InvalidWebhookEndpoint,
  );
}

function endpointNotFound(endpointId: string): EpilogueError {
  return new EpilogueError(`webhook endpoint ${endpointId} not found`, FailureType.WebhookNotFound);
}

function messageNotFound(messageId: string): EpilogueError {
  return new EpilogueError(`webhook message ${messageId} not found`, FailureType.WebhookNotFound);
}
