import fs from 'node:fs/promises';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EpilogueClient } from '../client/epilogue-client';
import { SessionsClient } from '../client/sessions-client';
import { WebhooksClient } from '../client/webhooks-client';
import { getSession } from '../db/sessions';
import { getRun, getStatusHistory } from '../db/runs';
import { loadConfig } from '../lib/config';
import { pipelineWorkflowId, searchAttributes, sessionWorkflowId } from '../lib/ids';
import type { SessionState } from '../lib/sessions/session-state';
import type { PipelineResult } from '../workflows/interview-pipeline';
import { stateQuery } from '../workflows/session';
import { writeBundle } from './support/bundle-fixture';
import { startWorkers, type RunningWorkers } from './support/running-workers';
import { newSessionId } from './support/session-environment';
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
let epilogue: EpilogueClient;
let sessions: SessionsClient;
let webhooks: WebhooksClient;
let receiver: WebhookReceiver;
let deps: Awaited<ReturnType<typeof testDependencies>>;

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await connectTestTemporal();
  deps = await testDependencies(database.pool, {
    webhooks: { allowedHosts: '127.0.0.1', retrySchedule: '0,1s' },
  });
  workers = startWorkers(await createTestWorkers(temporal, deps));
  epilogue = await EpilogueClient.connect(testConfig(temporal, database.url, deps.dataDir));
  sessions = new SessionsClient({
    temporal: temporal.client,
    db: database.pool,
    taskQueue: temporal.taskQueue,
  });
  webhooks = new WebhooksClient(
    database.pool,
    loadConfig({}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EPILOGUE_TASK_QUEUE: temporal.taskQueue }),
  );
  receiver = await startWebhookReceiver((_request, response) => {
    response.writeHead(204).end();
  });
});

afterAll(async () => {
  await receiver?.close();
  await webhooks?.close();
  await epilogue?.close();
  await workers?.stop();
  await temporal?.close();
  await database?.drop();
  await fs.rm(deps.dataDir, { recursive: true, force: true });
});

/** Short rules so that the real server reaches them in seconds. */
async function organization(id: string, settings: Record<string, unknown>): Promise<string> {
  await database.pool.query(
    `insert into organizations (id, settings) values ($1::text, $2::jsonb)
     on conflict (id) do update set settings = excluded.settings`,
    [id, JSON.stringify({ sessions: settings })],
  );
  return id;
}

const result = (sessionId: string) =>
  temporal.client.workflow
    .getHandle(sessionWorkflowId(sessionId))
    .result() as Promise<SessionState>;

const pipelineResult = (runId: string) =>
  temporal.client.workflow.getHandle(pipelineWorkflowId(runId)).result() as Promise<PipelineResult>;

async function ingestedRun(organizationId: string): Promise<string> {
  const bundle = await writeBundle({ organizationId });
  await epilogue.ingestRunBundle(bundle.dir);
  return bundle.runId;
}

/** The session events that reached the receiver for a session, in order of arrival. */
function sessionEvents(sessionId: string): { type: string; data: Record<string, unknown> }[] {
  return receiver.received
    .map((request) => JSON.parse(request.body) as { type: string; data: Record<string, unknown> })
    .filter((event) => event.type.startsWith('session.') && event.data['session_id'] === sessionId);
}

describe('handing a session over to the pipeline', () => {
  it('a completed session whose run is ingested starts pipeline:<runId>, which processes it in full', async () => {
    const organizationId = await organization('org_handoff', {});
    const runId = await ingestedRun(organizationId);
    const sessionId = newSessionId();
    await sessions.start({ sessionId, organizationId, runId });
    await sessions.complete({ sessionId, organizationId });
    expect(await result(sessionId)).toMatchObject({ status: 'completed', endReason: 'completed' });
    expect(await pipelineResult(runId)).toMatchObject({ runId, status: 'completed' });
    expect(await getSession(database.pool, organizationId, sessionId)).toMatchObject({
      status: 'completed',
      runId,
    });
  });

  it('an abandoned session gives its outcome to the ingested run, which the pipeline processes as a partial run', async () => {
    const organizationId = await organization('org_handoff_abandoned', {
      heartbeat_timeout: '2s',
    });
    const runId = await ingestedRun(organizationId);
    const sessionId = newSessionId();
    await sessions.start({ sessionId, organizationId, runId });
    expect(await result(sessionId)).toMatchObject({
      status: 'abandoned',
      endReason: 'heartbeat_lost',
    });
    expect(await pipelineResult(runId)).toMatchObject({ runId, status: 'abandoned' });
    const run = await getRun(database.pool, organizationId, runId);
    expect(run).toMatchObject({ status: 'abandoned', sessionStatus: 'abandoned' });
    expect((await getStatusHistory(database.pool, organizationId, runId)).at(-1)).toMatchObject({
      fromStatus: 'completed',
      toStatus: 'abandoned',
      reason: `session ${sessionId}: heartbeat_lost`,
    });
  });

  it('a session whose run is not ingested yet records its outcome and starts no pipeline', async () => {
    const organizationId = await organization('org_handoff_later', {});
    const sessionId = newSessionId();
    const runId = `run_${sessionId}`;
    await sessions.start({ sessionId, organizationId, runId });
    await sessions.end({ sessionId, organizationId, reason: 'stuck_in_loop' });
    expect(await result(sessionId)).toMatchObject({ status: 'admin_ended' });
    expect(await getSession(database.pool, organizationId, sessionId)).toMatchObject({
      status: 'admin_ended',
      endReason: 'admin_end:stuck_in_loop',
    });
    await expect(
      temporal.client.workflow.getHandle(pipelineWorkflowId(runId)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });
});

describe('session webhook events', () => {
  it('sends session.abandoned when the heartbeat is lost', async () => {
    const organizationId = await organization('org_events_heartbeat', {
      heartbeat_timeout: '2s',
    });
    await webhooks.addEndpoint({ organizationId, url: receiver.url });
    const sessionId = newSessionId();
    await sessions.start({ sessionId, organizationId, runId: `run_${sessionId}` });
    await result(sessionId);
    await vi.waitFor(() => expect(sessionEvents(sessionId)).toHaveLength(1), { timeout: 15_000 });
    expect(sessionEvents(sessionId)[0]).toMatchObject({
      type: 'session.abandoned',
      data: { session_id: sessionId, status: 'abandoned', reason: 'heartbeat_lost' },
    });
  });

  it('sends session.expired then session.abandoned when a pause runs out, and the prompts before', async () => {
    const organizationId = await organization('org_events_pause', {
      pause_limit: '3s',
      inactivity_prompt: '1s',
    });
    await webhooks.addEndpoint({ organizationId, url: receiver.url });
    const sessionId = newSessionId();
    await sessions.start({ sessionId, organizationId, runId: `run_${sessionId}` });
    await vi.waitFor(
      async () =>
        expect(
          (await temporal.client.workflow.getHandle(sessionWorkflowId(sessionId)).query(stateQuery))
            .autoResumePrompts,
        ).toBe(1),
      { timeout: 10_000 },
    );
    await sessions.pause({
      sessionId,
      organizationId,
      by: 'participant',
      reason: 'browser_closed',
    });
    expect(await result(sessionId)).toMatchObject({
      status: 'abandoned',
      endReason: 'pause_expired',
    });
    await vi.waitFor(() => expect(sessionEvents(sessionId)).toHaveLength(4), { timeout: 15_000 });
    expect(
      sessionEvents(sessionId).map((event) => [event.type, event.data['reason'] ?? null]),
    ).toEqual([
      // Once while the participant was active, once into the pause.
      ['session.auto_resume_prompt', null],
      ['session.auto_resume_prompt', null],
      ['session.expired', 'pause_expired'],
      ['session.abandoned', 'pause_expired'],
    ]);
    // Ids, codes and times only: nothing the platform knows about the participant.
    expect(Object.keys(sessionEvents(sessionId)[2]!.data).sort()).toEqual([
      'active_s',
      'expired_at',
      'last_heartbeat_at',
      'paused_at',
      'pauses_used',
      'reason',
      'run_id',
      'session_id',
      'started_at',
      'status',
    ]);
  });
});

describe('restart', () => {
  it('ends the session as restarted and starts a new session of the same run, handed over when it ends', async () => {
    const organizationId = await organization('org_restart', {});
    const runId = await ingestedRun(organizationId);
    const sessionId = newSessionId();
    await sessions.start({ sessionId, organizationId, runId });
    await sessions.pause({ sessionId, organizationId, by: 'admin', reason: 'technical_issue' });
    const next = await sessions.restart({ sessionId, organizationId });
    expect(next.sessionId).not.toBe(sessionId);
    expect(next.workflowId).toBe(sessionWorkflowId(next.sessionId));

    expect(await result(sessionId)).toMatchObject({
      status: 'restarted',
      endReason: 'restart',
      restartedAs: next.sessionId,
    });
    // The run waits for the session that replaces this one: no pipeline yet.
    expect((await getRun(database.pool, organizationId, runId))?.status).toBe('restarted');
    await expect(
      temporal.client.workflow.getHandle(pipelineWorkflowId(runId)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);

    const report = await sessions.state({ sessionId: next.sessionId, organizationId });
    expect(report.state).toMatchObject({
      status: 'active',
      runId,
      restartedFrom: sessionId,
      pausesUsed: 0,
    });
    const described = await temporal.client.workflow.getHandle(next.workflowId).describe();
    expect(described.typedSearchAttributes.get(searchAttributes.runId)).toBe(runId);

    await sessions.heartbeat({ sessionId: next.sessionId, organizationId, runId });
    await sessions.complete({ sessionId: next.sessionId, organizationId });
    expect(await result(next.sessionId)).toMatchObject({ status: 'completed' });
    expect(await pipelineResult(runId)).toMatchObject({ status: 'completed' });
    expect(await getSession(database.pool, organizationId, next.sessionId)).toMatchObject({
      restartedFrom: sessionId,
      status: 'completed',
    });
    await expect(sessions.restart({ sessionId, organizationId })).rejects.toMatchObject({
      type: 'InvalidSessionTransition',
    });
  });
});

describe('worker restart', () => {
  it('a session whose worker stops keeps its deadline: a new worker ends it on time', async () => {
    const organizationId = await organization('org_worker_restart', { pause_limit: '3s' });
    const sessionId = newSessionId();
    await sessions.start({ sessionId, organizationId, runId: `run_${sessionId}` });
    const paused = await sessions.pause({
      sessionId,
      organizationId,
      by: 'participant',
      reason: 'browser_closed',
    });
    await workers.stop();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    workers = startWorkers(await createTestWorkers(temporal, deps));
    const ended = await result(sessionId);
    expect(ended).toMatchObject({ status: 'abandoned', endReason: 'pause_expired' });
    // Ended at the deadline itself, not when the new worker came: the deadline is in history.
    expect(Date.parse(ended.endedAt!) - Date.parse(paused.pause!.at)).toBe(3000);
  }, 60_000);
});
