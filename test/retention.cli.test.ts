import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpilogueClient } from '../client/epilogue-client';
import { RetentionClient } from '../client/retention-client';
import { getRunRetentionState } from '../db/retention';
import { getRun } from '../db/runs';
import { insertWebhookEndpoint } from '../db/webhook-endpoints';
import { RETENTION_RECONCILER_SCHEDULE_ID, retentionWorkflowId, workflowTypes } from '../lib/ids';
import { scheduleQuery } from '../workflows/retention';
import { runCli } from './support/cli';
import { identityTraces, writePiiBundle } from './support/retention-runs';
import { startWorkers, type RunningWorkers } from './support/running-workers';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import {
  connectTestTemporal,
  createTestWorkers,
  testConfig,
  testDependencies,
  type TestTemporal,
} from './support/test-worker';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

let database: TestDatabase;
let temporal: TestTemporal;
let workers: RunningWorkers;
let client: EpilogueClient;
let retention: RetentionClient;
let receiver: WebhookReceiver;
let deps: Awaited<ReturnType<typeof testDependencies>>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await connectTestTemporal();
  deps = await testDependencies(database.pool, {
    webhooks: { allowedHosts: '127.0.0.1', retrySchedule: '0,1s' },
  });
  workers = startWorkers(await createTestWorkers(temporal, deps));
  client = await EpilogueClient.connect(testConfig(temporal, database.url, deps.dataDir));
  retention = new RetentionClient({
    db: database.pool,
    temporal: async () => temporal.client,
    taskQueue: temporal.taskQueue,
  });
  receiver = await startWebhookReceiver((_request, response) => {
    response.writeHead(204).end();
  });
  env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    EPILOGUE_TASK_QUEUE: temporal.taskQueue,
    EPILOGUE_DATA_DIR: deps.dataDir,
    TEMPORAL_CONNECT_TIMEOUT_S: '5',
  };
});

afterAll(async () => {
  await temporal?.client.schedule
    .getHandle(RETENTION_RECONCILER_SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
  await receiver?.close();
  await client?.close();
  await workers?.stop();
  await temporal?.close();
  await database?.drop();
  await fs.rm(deps.dataDir, { recursive: true, force: true });
});

async function json<T>(args: string[]): Promise<T> {
  const result = await runCli([...args, '--json'], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface PolicyOutput {
  organizationId: string;
  policy: { plan: string; periods: Record<string, string>; pii: Record<string, string> };
}

/** A run of Grace Hopper's that has just ended, ingested without its pipeline. */
async function endedRun(organizationId: string): Promise<string> {
  const bundle = await writePiiBundle({ organizationId, completedAt: new Date() });
  await client.ingestRunBundle(bundle.dir);
  return bundle.runId;
}

async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('epilogue retention', () => {
  it('policy get and set: plan defaults, overrides, resets, and a refused setting', async () => {
    const missing = await runCli(['retention', 'policy', 'get', '--org', 'org_cli'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no organization org_cli');

    const set = await json<PolicyOutput & { rolloutWorkflowId: string }>([
      'retention',
      'policy',
      'set',
      '--org',
      'org_cli',
      '--plan',
      'professional',
      '--audio',
      '30d',
      '--pii-redact-after',
      '7d',
      '--pii-mode',
      'hash',
    ]);
    expect(set.policy).toMatchObject({
      plan: 'professional',
      periods: { transcript: '1y', turn_log: '1y', audio: '30d', metadata: 'forever' },
      pii: { redact_after: '7d', mode: 'hash', audio: 'beep' },
    });
    expect(set.rolloutWorkflowId).toBe('retention-rollout:org_cli');
    expect(await json<PolicyOutput>(['retention', 'policy', 'get', '--org', 'org_cli'])).toEqual({
      organizationId: 'org_cli',
      policy: set.policy,
    });

    const reset = await json<PolicyOutput>([
      'retention',
      'policy',
      'set',
      '--org',
      'org_cli',
      '--audio',
      'default',
    ]);
    expect(reset.policy.periods.audio).toBe('90d');

    const refused = await runCli(
      ['retention', 'policy', 'set', '--org', 'org_cli', '--transcript', '30 days'],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'organization setting retention.transcript must be a duration such as 10s, 30m, 12h, 90d, 6w or 1y',
    );

    const human = await runCli(['retention', 'policy', 'get', '--org', 'org_cli'], env);
    expect(human.stdout).toContain('organization org_cli (plan professional)');
    expect(human.stdout).toContain('pii         redact after 7d, mode hash, audio beep');
  });

  it('hold and show: a run held by the CLI shows every action held, and release lifts it', async () => {
    await retention.setPolicy('org_cli_hold', { plan: 'free' });
    const runId = await endedRun('org_cli_hold');
    const held = await json<{ legalHold: boolean; changed: boolean }>([
      'retention',
      'hold',
      runId,
      'on',
    ]);
    expect(held).toMatchObject({ legalHold: true, changed: true });
    const shown = await json<{
      plan: { heldBy: string; actions: { action: string; state: string }[] };
      workflow: { status: string | null };
    }>(['retention', 'show', runId]);
    expect(shown.plan.heldBy).toBe('run');
    expect(shown.plan.actions.map((action) => [action.action, action.state])).toEqual([
      ['delete_audio', 'held'],
      ['delete_transcript', 'held'],
      ['delete_turn_log', 'held'],
      ['delete_analytics', 'held'],
      ['delete_run', 'held'],
    ]);
    expect(shown.workflow.status).toBeNull();
    await json(['retention', 'hold', runId, 'off']);
    expect(
      (await json<{ plan: { heldBy: null } }>(['retention', 'show', runId])).plan.heldBy,
    ).toBeNull();

    const organization = await json<{ legalHold: boolean }>([
      'retention',
      'hold',
      '--org',
      'org_cli_hold',
      'on',
    ]);
    expect(organization.legalHold).toBe(true);
    expect(
      (await json<{ plan: { heldBy: string } }>(['retention', 'show', runId])).plan.heldBy,
    ).toBe('organization');
    const usage = await runCli(['retention', 'hold', 'maybe', '--org', 'org_cli_hold'], env);
    expect(usage.code).toBe(2);
  });

  it('creates the reconciler schedule once; a second call finds it', async () => {
    const first = await json<{ scheduleId: string; created: boolean }>(['retention', 'schedule']);
    expect(first).toEqual({ scheduleId: 'retention-reconciler', created: true });
    const second = await json<{ created: boolean }>(['retention', 'schedule', '--every', '15m']);
    expect(second.created).toBe(false);
    const description = await temporal.client.schedule
      .getHandle(RETENTION_RECONCILER_SCHEDULE_ID)
      .describe();
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: workflowTypes.retentionReconciler,
      taskQueue: temporal.taskQueue,
    });
    expect(description.spec.intervals?.map((interval) => interval.every)).toEqual([3_600_000]);
  });
});

describe('retention on a real server, in seconds', () => {
  it('redacts, deletes the audio, then the run, telling the customer each time', async () => {
    const organizationId = 'org_seconds';
    await retention.setPolicy(organizationId, {
      plan: 'starter',
      retention: { audio: '8s', metadata: '14s' },
      pii: { redact_after: '0s', audio: 'silence' },
    });
    await insertWebhookEndpoint(database.pool, organizationId, {
      id: 'ep_seconds',
      url: receiver.url,
      description: '',
      eventTypes: [],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    const runId = await endedRun(organizationId);
    const handle = await temporal.client.workflow.start(workflowTypes.retention, {
      workflowId: retentionWorkflowId(runId),
      taskQueue: temporal.taskQueue,
      args: [{ organizationId, runId }],
    });
    const schedule = await until(async () => {
      const answer = await handle.query(scheduleQuery);
      return answer.plannedAt ? answer : undefined;
    });
    // The starter plan keeps the rest for months; the run goes first, and takes it along.
    expect(schedule.actions.map((action) => action.action)).toEqual([
      'redact_pii',
      'delete_audio',
      'delete_run',
      'delete_transcript',
      'delete_turn_log',
      'delete_analytics',
    ]);

    expect(await handle.result()).toEqual({ runId, outcome: 'run_deleted' });
    expect(await getRun(database.pool, organizationId, runId)).toBeUndefined();
    expect(await getRunRetentionState(database.pool, organizationId, runId)).toBeUndefined();

    const events = await until(async () => {
      const bodies = receiver.received
        .map((request) => JSON.parse(request.body) as { type: string; data: { run_id: string } })
        .filter((body) => body.data.run_id === runId);
      return bodies.length >= 3 ? bodies : undefined;
    });
    expect(events.map((event) => event.type)).toEqual([
      'run.pii_redacted',
      'run.audio_deleted',
      'run.data_deleted',
    ]);
    expect(events[1]).toMatchObject({ data: { files: 2 } });
    expect(events[2]).toMatchObject({ data: { data_type: 'run', counts: { runs: 1 } } });
    expect(identityTraces(receiver.received.map((request) => request.body).join('\n'))).toEqual([]);
  });

  it('a worker down at the deadline acts when it comes back', async () => {
    const organizationId = 'org_worker_down';
    await retention.setPolicy(organizationId, { retention: { audio: '4s' } });
    const queue = { ...temporal, taskQueue: `${temporal.taskQueue}-down` };
    const down = startWorkers(await createTestWorkers(queue, deps));
    const runId = await endedRun(organizationId);
    const handle = await temporal.client.workflow.start(workflowTypes.retention, {
      workflowId: retentionWorkflowId(runId),
      taskQueue: queue.taskQueue,
      args: [{ organizationId, runId }],
    });
    await until(async () => ((await handle.query(scheduleQuery)).plannedAt ? true : undefined));
    await down.stop();

    await new Promise((resolve) => setTimeout(resolve, 6000));
    const state = () => getRunRetentionState(database.pool, organizationId, runId);
    expect((await state())?.actionsDone).toEqual({});
    const backAt = Date.now();
    const back = startWorkers(await createTestWorkers(queue, deps));
    try {
      const doneAt = await until(async () => (await state())?.actionsDone.delete_audio);
      expect(Date.parse(doneAt)).toBeGreaterThanOrEqual(backAt - 1000);
    } finally {
      await back.stop();
    }
  });
});
