import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createWebhookActivities } from '../activities/webhooks';
import { WebhooksClient } from '../client/webhooks-client';
import { listWebhookAttempts } from '../db/webhook-attempts';
import { getWebhookEndpoint } from '../db/webhook-endpoints';
import { getWebhookMessage } from '../db/webhook-messages';
import { loadConfig } from '../lib/config';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../lib/webhooks/retry-schedule';
import { createWorkers } from '../worker/create-workers';
import { startWorkers, type RunningWorkers } from './support/running-workers';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { testDependencies } from './support/test-worker';
import { deliveryResult, runEnded, startDeliveries } from './support/webhook-events';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';
import { serverClock } from './support/webhook-server-clock';
import { startTimeSkippingEnvironment } from './support/webhook-time-skipping';

const day = 24 * 60 * 60 * 1000;

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let workers: RunningWorkers;
let webhooks: WebhooksClient;
/** Creates messages outside any activity, so on the real clock. */
let creator: ReturnType<typeof createWebhookActivities>;
const taskQueue = `test-${randomUUID()}`;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  env = await startTimeSkippingEnvironment();
  database = await createTestDatabase();
  const settings = { allowedHosts: '127.0.0.1', retrySchedule: '0,5s,5m,30m,2h,5h,10h,10h' };
  const deps = await testDependencies(database.pool, { clock: serverClock, webhooks: settings });
  creator = createWebhookActivities(await testDependencies(database.pool, { webhooks: settings }));
  workers = startWorkers(
    await createWorkers({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps,
      mediaConcurrency: 1,
      activityConcurrency: 20,
      workflowBundlePath: inject('workflowBundlePath'),
    }),
  );
  webhooks = new WebhooksClient(
    database.pool,
    loadConfig({}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EPILOGUE_TASK_QUEUE: taskQueue }),
  );
});

afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await workers?.stop();
  await env?.teardown();
  await database?.drop();
});

/** A receiver that answers `status()` at the time of each request. */
async function receiver(status: () => number): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver((_request, response) => {
    response.writeHead(status()).end();
  });
  receivers.push(started);
  return started;
}

describe('webhook retry schedule (time-skipping)', () => {
  it('a receiver down for a day gets every message once it is back, each under one stable id', async () => {
    let down = true;
    const target = await receiver(() => (down ? 503 : 204));
    const { endpoint } = await webhooks.addEndpoint({
      organizationId: 'org_outage',
      url: target.url,
      eventTypes: ['run.ended'],
    });
    const messageIds: string[] = [];
    for (const runId of ['run_o1', 'run_o2', 'run_o3']) {
      messageIds.push(
        ...(await startDeliveries(env.client, taskQueue, creator, runEnded('org_outage', runId))),
      );
    }
    expect(messageIds).toHaveLength(3);

    await env.sleep('1 day');
    expect(target.received.length).toBe(3 * 7);
    down = false;

    for (const messageId of messageIds) {
      expect(await deliveryResult(env.client, messageId)).toEqual({
        messageId,
        outcome: 'delivered',
        attempts: 8,
      });
      const requests = target.received.filter(
        (request) => request.headers['webhook-id'] === messageId,
      );
      expect(requests).toHaveLength(8);
      expect(new Set(requests.map((request) => request.body)).size).toBe(1);
      expect(JSON.parse(requests[0]!.body)).toMatchObject({ id: messageId, type: 'run.ended' });

      const attempts = await listWebhookAttempts(database.pool, 'org_outage', messageId);
      expect(attempts.map((attempt) => attempt.outcome)).toEqual([
        ...Array<string>(7).fill('failed'),
        'delivered',
      ]);
      // Each delay, measured on the server's clock, is the schedule's.
      const delays = attempts.slice(1).map((attempt, index) => {
        return attempt.at.getTime() - attempts[index]!.at.getTime();
      });
      delays.forEach((delay, index) => {
        expect(delay).toBeGreaterThanOrEqual(DEFAULT_RETRY_SCHEDULE_MS[index + 1]!);
        expect(delay).toBeLessThan(DEFAULT_RETRY_SCHEDULE_MS[index + 1]! + 5_000);
      });
    }
    const after = await getWebhookEndpoint(database.pool, 'org_outage', endpoint.id);
    expect(after).toMatchObject({ enabled: true, failingSince: null });
  });

  it('disables an endpoint failing for five days and emits endpoint.disabled once', async () => {
    const failing = await receiver(() => 500);
    const operations = await receiver(() => 204);
    const { endpoint } = await webhooks.addEndpoint({
      organizationId: 'org_failing',
      url: failing.url,
      eventTypes: ['run.ended'],
    });
    const { endpoint: watcher } = await webhooks.addEndpoint({
      organizationId: 'org_failing',
      url: operations.url,
      eventTypes: ['endpoint.disabled'],
    });

    // One run a day; each message's schedule spans about 28 hours, so the endpoint never has a
    // quiet day, and the last message's last attempt comes 5 days and 3.6 hours after the first.
    const messageIds: string[] = [];
    for (let index = 0; index < 5; index++) {
      if (index > 0) await env.sleep('1 day');
      const event = runEnded('org_failing', `run_f${index}`);
      messageIds.push(...(await startDeliveries(env.client, taskQueue, creator, event)));
    }
    const outcomes = [];
    for (const messageId of messageIds) {
      outcomes.push((await deliveryResult(env.client, messageId)).outcome);
    }
    expect(outcomes).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(failing.received).toHaveLength(5 * 8);

    const disabled = await getWebhookEndpoint(database.pool, 'org_failing', endpoint.id);
    expect(disabled).toMatchObject({
      enabled: false,
      disabledReason: 'every delivery failed for 5 days',
    });
    const failedFor = disabled!.disabledAt!.getTime() - disabled!.failingSince!.getTime();
    expect(failedFor).toBeGreaterThanOrEqual(5 * day);
    expect(failedFor).toBeLessThan(5 * day + 4 * 60 * 60 * 1000);
    const last = await getWebhookMessage(database.pool, 'org_failing', messageIds.at(-1)!);
    expect(last).toMatchObject({
      state: 'failed',
      stateReason: 'endpoint disabled: every delivery failed for 5 days',
    });

    await expect.poll(() => operations.received.length, { timeout: 20_000 }).toBe(1);
    const [announcement] = operations.received;
    expect(JSON.parse(announcement!.body)).toMatchObject({
      type: 'endpoint.disabled',
      data: {
        endpoint_id: endpoint.id,
        reason: 'failing',
        disabled_at: disabled!.disabledAt!.toISOString(),
      },
    });
    const message = await getWebhookMessage(
      database.pool,
      'org_failing',
      String(announcement!.headers['webhook-id']),
    );
    expect(message).toMatchObject({ endpointId: watcher.id, eventType: 'endpoint.disabled' });

    // A disabled endpoint gets no new messages.
    const later = await creator.createWebhookMessages(runEnded('org_failing', 'run_after'));
    expect(later.messageIds).toEqual([]);
  });
});
