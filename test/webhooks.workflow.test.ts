import fs from 'node:fs/promises';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookActivities } from '../activities/webhooks';
import { WebhooksClient } from '../client/webhooks-client';
import { ensureOrganization } from '../db/organizations';
import { listWebhookAttempts } from '../db/webhook-attempts';
import { getWebhookEndpoint, insertWebhookEndpoint } from '../db/webhook-endpoints';
import { getWebhookMessage } from '../db/webhook-messages';
import { webhookWorkflowId } from '../lib/ids';
import { generateWebhookSecret } from '../lib/webhooks/secrets';
import { startWorkers, type RunningWorkers } from './support/running-workers';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import {
  connectTestTemporal,
  createTestWorkers,
  testConfig,
  testDependencies,
  type TestTemporal,
} from './support/test-worker';
import { watchConnections } from './support/webhook-connections';
import { deliveryResult, emitEvent, runEnded } from './support/webhook-events';
import {
  type ReceiverHandler,
  startWebhookReceiver,
  type WebhookReceiver,
} from './support/webhook-receiver';

let database: TestDatabase;
let temporal: TestTemporal;
let workers: RunningWorkers;
let webhooks: WebhooksClient;
let activities: ReturnType<typeof createWebhookActivities>;
let dataDir: string;
const receivers: WebhookReceiver[] = [];

/** Short delays so that retries happen within a test; the real schedule is time-skipped elsewhere. */
const settings = { allowedHosts: '127.0.0.1', retrySchedule: '0,1s,1s' };

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await connectTestTemporal();
  const deps = await testDependencies(database.pool, { webhooks: settings });
  dataDir = deps.dataDir;
  activities = createWebhookActivities(deps);
  workers = startWorkers(await createTestWorkers(temporal, deps));
  webhooks = new WebhooksClient(database.pool, {
    ...testConfig(temporal, database.url, dataDir),
    WEBHOOK_ALLOWED_HOSTS: settings.allowedHosts,
  });
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

afterAll(async () => {
  await webhooks?.close();
  await workers?.stop();
  await temporal?.close();
  await database?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function receiver(handler: ReceiverHandler): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(handler);
  receivers.push(started);
  return started;
}

const answer =
  (status: number): ReceiverHandler =>
  (_request, response) => {
    response.writeHead(status).end();
  };

const emit = (event: Parameters<typeof emitEvent>[2]) =>
  emitEvent(temporal.client, temporal.taskQueue, event);

describe('webhook delivery workflow', () => {
  it('delivers an event signed so that standardwebhooks verifies it, under the message id', async () => {
    const target = await receiver(answer(204));
    const { endpoint, secret } = await webhooks.addEndpoint({
      organizationId: 'org_signed',
      url: target.url,
      eventTypes: ['run.ended'],
    });
    const [messageId, ...others] = await emit(runEnded('org_signed', 'run_1'));
    expect(others).toEqual([]);
    expect(await deliveryResult(temporal.client, messageId!)).toEqual({
      messageId,
      outcome: 'delivered',
      attempts: 1,
    });

    const [request] = target.received;
    expect(request!.headers['webhook-id']).toBe(messageId);
    const verified = new Webhook(secret).verify(
      request!.body,
      request!.headers as Record<string, string>,
    );
    expect(verified).toMatchObject({
      type: 'run.ended',
      id: messageId,
      version: 1,
      data: { run_id: 'run_1', status: 'completed' },
    });
    expect(await getWebhookMessage(database.pool, 'org_signed', messageId!)).toMatchObject({
      endpointId: endpoint.id,
      state: 'delivered',
      attemptCount: 1,
    });
    const [attempt] = await listWebhookAttempts(database.pool, 'org_signed', messageId!);
    expect(attempt).toMatchObject({ attempt: 1, outcome: 'delivered', statusCode: 204 });
  });

  it('creates no second message for a duplicate event, and emitting it again sends nothing twice', async () => {
    const target = await receiver(answer(200));
    await webhooks.addEndpoint({ organizationId: 'org_dup', url: target.url });
    const event = runEnded('org_dup', 'run_dup');
    const environment = new MockActivityEnvironment();
    const create = (): Promise<{ messageIds: string[] }> =>
      environment.run(activities.createWebhookMessages, event);
    const first = await create();
    const second = await create();
    expect(second).toEqual(first);
    const { rows } = await database.pool.query<{ count: number }>(
      `select count(*)::int as count from webhook_messages where organization_id = 'org_dup'`,
    );
    expect(rows[0]!.count).toBe(1);

    expect(await emit(event)).toEqual(first.messageIds);
    await deliveryResult(temporal.client, first.messageIds[0]!);
    expect(await emit(event)).toEqual(first.messageIds);
    expect(await deliveryResult(temporal.client, first.messageIds[0]!)).toMatchObject({
      outcome: 'delivered',
    });
    expect(target.received).toHaveLength(1);
  });

  it('does not record a retried attempt twice', async () => {
    const target = await receiver(answer(204));
    await webhooks.addEndpoint({ organizationId: 'org_retry', url: target.url });
    const { messageIds } = await activities.createWebhookMessages(runEnded('org_retry', 'run_r'));
    const input = {
      organizationId: 'org_retry',
      messageId: messageIds[0]!,
      attempt: 1,
      attemptsMade: 0,
    };
    const environment = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
    const first = await environment.run(activities.attemptWebhookDelivery, input);
    const again = await environment.run(activities.attemptWebhookDelivery, input);
    expect(again).toEqual(first);
    expect(target.received).toHaveLength(1);
    expect(await listWebhookAttempts(database.pool, 'org_retry', messageIds[0]!)).toHaveLength(1);
  });

  it('disables the endpoint on 410 and emits endpoint.disabled to the endpoints that subscribe to it', async () => {
    const gone = await receiver(answer(410));
    const operations = await receiver(answer(204));
    const { endpoint } = await webhooks.addEndpoint({
      organizationId: 'org_gone',
      url: gone.url,
      eventTypes: ['run.ended'],
    });
    await webhooks.addEndpoint({
      organizationId: 'org_gone',
      url: operations.url,
      eventTypes: ['endpoint.disabled'],
    });
    const [messageId] = await emit(runEnded('org_gone', 'run_g'));
    expect(await deliveryResult(temporal.client, messageId!)).toMatchObject({
      outcome: 'gone',
      attempts: 1,
    });
    const disabled = await getWebhookEndpoint(database.pool, 'org_gone', endpoint.id);
    expect(disabled).toMatchObject({
      enabled: false,
      disabledReason: 'the endpoint answered 410 Gone',
    });
    expect(await getWebhookMessage(database.pool, 'org_gone', messageId!)).toMatchObject({
      state: 'gone',
    });

    await expect.poll(() => operations.received.length, { timeout: 20_000 }).toBe(1);
    expect(JSON.parse(operations.received[0]!.body)).toMatchObject({
      type: 'endpoint.disabled',
      data: {
        endpoint_id: endpoint.id,
        reason: 'gone',
        disabled_at: disabled!.disabledAt!.toISOString(),
      },
    });
    expect(await emit(runEnded('org_gone', 'run_g2'))).toEqual([]);
  });

  it('resends a delivered message with the same webhook-id as a new execution', async () => {
    const target = await receiver(answer(204));
    await webhooks.addEndpoint({ organizationId: 'org_resend', url: target.url });
    const [messageId] = await emit(runEnded('org_resend', 'run_s'));
    await deliveryResult(temporal.client, messageId!);

    const resent = await webhooks.resend('org_resend', messageId!);
    expect(resent).toEqual({ messageId, workflowId: webhookWorkflowId(messageId!) });
    expect(await deliveryResult(temporal.client, messageId!)).toEqual({
      messageId,
      outcome: 'delivered',
      attempts: 1,
    });
    expect(target.received.map((request) => request.headers['webhook-id'])).toEqual([
      messageId,
      messageId,
    ]);
    expect(target.received[1]!.body).toBe(target.received[0]!.body);
    const attempts = await listWebhookAttempts(database.pool, 'org_resend', messageId!);
    expect(attempts.map((attempt) => [attempt.attempt, attempt.outcome])).toEqual([
      [1, 'delivered'],
      [2, 'delivered'],
    ]);
    const executions = async () => {
      const runIds: string[] = [];
      for await (const execution of temporal.client.workflow.list({
        query: `WorkflowId = '${webhookWorkflowId(messageId!)}'`,
      })) {
        runIds.push(execution.runId);
      }
      return runIds.length;
    };
    // Visibility is updated asynchronously after a workflow closes.
    await expect.poll(executions, { timeout: 10_000 }).toBe(2);
  });

  it('refuses a blocked address with a recorded reason and stops, sending nothing', async () => {
    await expect(
      new WebhooksClient(database.pool, {
        ...testConfig(temporal, database.url, dataDir),
        WEBHOOK_ALLOWED_HOSTS: '',
      }).addEndpoint({ organizationId: 'org_refused', url: 'http://127.0.0.1:9/hooks' }),
    ).rejects.toMatchObject({
      type: 'WebhookUrlRefused',
      message: 'webhook URL refused: the host is an address in a refused range (loopback)',
    });

    // Registered before its DNS pointed inward; the guard checks again at delivery.
    await ensureOrganization(database.pool, 'org_refused');
    const endpoint = await insertWebhookEndpoint(database.pool, 'org_refused', {
      id: 'ep_metadata',
      url: 'http://169.254.169.254/latest/meta-data',
      description: '',
      eventTypes: [],
      secret: generateWebhookSecret(),
    });
    const connections = watchConnections();
    try {
      const [messageId] = await emit(runEnded('org_refused', 'run_x'));
      expect(await deliveryResult(temporal.client, messageId!)).toEqual({
        messageId,
        outcome: 'refused',
        attempts: 1,
      });
      const reason = 'webhook URL refused: the host is an address in a refused range (link-local)';
      expect(await getWebhookMessage(database.pool, 'org_refused', messageId!)).toMatchObject({
        state: 'refused',
        stateReason: reason,
      });
      const attempts = await listWebhookAttempts(database.pool, 'org_refused', messageId!);
      expect(attempts).toEqual([expect.objectContaining({ outcome: 'refused', error: reason })]);
      expect(connections.addresses).not.toContain('169.254.169.254');
    } finally {
      connections.stop();
    }
    expect(await getWebhookEndpoint(database.pool, 'org_refused', endpoint.id)).toMatchObject({
      enabled: true,
    });
  });

  it('delivers run.ended before run.analyzed when both are pending', async () => {
    let endedFailures = 2;
    const target = await receiver((request, response) => {
      const type = (JSON.parse(request.body) as { type: string }).type;
      const fail = type === 'run.ended' && endedFailures-- > 0;
      response.writeHead(fail ? 503 : 204).end();
    });
    await webhooks.addEndpoint({ organizationId: 'org_order', url: target.url });
    const [ended] = await emit(runEnded('org_order', 'run_o'));
    const [analyzed] = await emit({
      organizationId: 'org_order',
      eventType: 'run.analyzed',
      eventKey: 'run.analyzed:run_o',
      runId: 'run_o',
      data: { runId: 'run_o' },
    });
    expect(await getWebhookMessage(database.pool, 'org_order', analyzed!)).toMatchObject({
      afterMessageId: ended,
    });
    await deliveryResult(temporal.client, ended!);
    expect(await deliveryResult(temporal.client, analyzed!)).toMatchObject({
      outcome: 'delivered',
      attempts: 1,
    });
    const types = target.received.map(
      (request) => (JSON.parse(request.body) as { type: string }).type,
    );
    expect(types).toEqual(['run.ended', 'run.ended', 'run.ended', 'run.analyzed']);
  });

  it('signs with both secrets during a rotation, each verifying on its own', async () => {
    const target = await receiver(answer(204));
    const { endpoint, secret } = await webhooks.addEndpoint({
      organizationId: 'org_rotate',
      url: target.url,
    });
    const rotation = await webhooks.rotateSecret('org_rotate', endpoint.id);
    expect(rotation.secret).not.toBe(secret);
    const { messageId } = await webhooks.sendTest('org_rotate', endpoint.id);
    expect(await deliveryResult(temporal.client, messageId)).toMatchObject({
      outcome: 'delivered',
    });
    const [request] = target.received;
    const headers = request!.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const key of [secret, rotation.secret]) {
      expect(new Webhook(key).verify(request!.body, headers)).toMatchObject({
        type: 'webhook.test',
        data: { endpointId: endpoint.id },
      });
    }
    const { endpoint: shortGrace } = await webhooks.addEndpoint({
      organizationId: 'org_rotate',
      url: target.url,
    });
    const expired = await webhooks.rotateSecret('org_rotate', shortGrace.id, { gracePeriodMs: 0 });
    const { messageId: next } = await webhooks.sendTest('org_rotate', shortGrace.id);
    await deliveryResult(temporal.client, next);
    const latest = target.received.at(-1)!;
    expect(String(latest.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() =>
      new Webhook(expired.secret).verify(latest.body, latest.headers as Record<string, string>),
    ).not.toThrow();
  });

  it('skips the pending messages of an endpoint an operator disabled', async () => {
    let endpointId = '';
    // The operator disables the endpoint while its first attempt is being answered.
    const target = await receiver(async (_request, response) => {
      await webhooks.disableEndpoint('org_off', endpointId);
      response.writeHead(500).end();
    });
    ({
      endpoint: { id: endpointId },
    } = await webhooks.addEndpoint({ organizationId: 'org_off', url: target.url }));
    const [messageId] = await emit(runEnded('org_off', 'run_off'));
    expect(await deliveryResult(temporal.client, messageId!)).toEqual({
      messageId,
      outcome: 'skipped',
      attempts: 2,
    });
    expect(target.received).toHaveLength(1);
    expect(await getWebhookMessage(database.pool, 'org_off', messageId!)).toMatchObject({
      state: 'skipped',
      stateReason: 'endpoint disabled',
    });
    expect(await getWebhookEndpoint(database.pool, 'org_off', endpointId)).toMatchObject({
      enabled: false,
      disabledReason: 'disabled by an operator',
    });
    await expect(webhooks.resend('org_off', messageId!)).rejects.toMatchObject({
      type: 'InvalidWebhookEndpoint',
      message: `webhook endpoint ${endpointId} is disabled; enable it first`,
    });
  });
});
