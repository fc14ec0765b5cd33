/**
 * A worker that dies holding an activity (SIGKILL, its container gone) never reports back: only a
 * timeout tells Temporal to try elsewhere. The chaos run (`npm run chaos`) found runs held for the
 * text stages' and the analysis's whole start-to-close timeouts (5 and 20 minutes) after a kill.
 * They heartbeat now, with a one-minute heartbeat timeout. Here the first attempt of each hangs
 * without a heartbeat or an answer, as a dead worker's would, and the run must still complete.
 */
import { Context } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createActivities } from '../activities';
import { EpilogueClient } from '../client/epilogue-client';
import { mediaTaskQueue, pipelineWorkflowId } from '../lib/ids';
import { writeBundle } from './support/bundle-fixture';
import { startWorkers, type RunningWorkers } from './support/running-workers';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import {
  connectTestTemporal,
  testConfig,
  testDataConverter,
  testDependencies,
  type TestTemporal,
} from './support/test-worker';

let database: TestDatabase;
let server: TestTemporal;
let deps: Awaited<ReturnType<typeof testDependencies>>;
let workers: RunningWorkers;
let client: EpilogueClient;
/** Resolved when the second attempt of an activity type starts: the dead first one may end. */
const retried = new Map<string, () => void>();

/** The activity, except that its first attempt behaves as if its worker had been killed. */
function deadOnFirstAttempt<Args extends unknown[], Result>(
  name: string,
  activity: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  const secondAttempt = new Promise<void>((resolve) => retried.set(name, resolve));
  return async (...args) => {
    if (Context.current().info.attempt === 1) {
      await secondAttempt;
      throw new Error('this attempt belonged to a dead worker');
    }
    retried.get(name)!();
    return activity(...args);
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await connectTestTemporal();
  deps = await testDependencies(database.pool);
  const activities = createActivities(deps);
  const shared = {
    connection: server.nativeConnection,
    namespace: 'default',
    dataConverter: testDataConverter,
  };
  workers = startWorkers([
    await Worker.create({
      ...shared,
      taskQueue: server.taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: {
        ...activities,
        extractResponses: deadOnFirstAttempt('extractResponses', activities.extractResponses),
        analyzeRun: deadOnFirstAttempt('analyzeRun', activities.analyzeRun),
      },
    }),
    await Worker.create({ ...shared, taskQueue: mediaTaskQueue(server.taskQueue), activities }),
  ]);
  client = await EpilogueClient.connect(testConfig(server, database.url, deps.dataDir));
});

afterAll(async () => {
  await client?.close();
  await workers?.stop();
  await server?.close();
  await database?.drop();
  await fs.rm(deps.dataDir, { recursive: true, force: true });
});

/** Per activity type: the attempt that completed and the failure of the attempt before it. */
async function completedAttempts(workflowId: string) {
  const { events } = await server.client.workflow.getHandle(workflowId).fetchHistory();
  const typeOf = new Map<string, string>();
  const attempts = new Map<string, { attempt: number; lastTimeout: string | undefined }>();
  for (const event of events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeOf.set(String(event.eventId), scheduled.activityType!.name!);
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const timeout = started.lastFailure?.timeoutFailureInfo?.timeoutType;
      attempts.set(typeOf.get(String(started.scheduledEventId))!, {
        attempt: started.attempt!,
        lastTimeout:
          timeout === undefined || timeout === null
            ? undefined
            : temporal.api.enums.v1.TimeoutType[timeout],
      });
    }
  }
  return attempts;
}

describe('a worker lost in the middle of an activity', () => {
  it('holds the text stages and the analysis for a heartbeat timeout, not their whole timeout', async () => {
    const bundle = await writeBundle({ organizationId: 'org_worker_loss' });
    await client.ingestRunBundle(bundle.dir);
    await client.enqueueCompletedRun(bundle.runId);
    const workflowId = pipelineWorkflowId(bundle.runId);
    const result: unknown = await server.client.workflow.getHandle(workflowId).result();
    expect(result).toMatchObject({ status: 'completed', stages: { analysis: 'done' } });

    const attempts = await completedAttempts(workflowId);
    for (const type of ['extractResponses', 'analyzeRun']) {
      expect(attempts.get(type)).toEqual({ attempt: 2, lastTimeout: 'TIMEOUT_TYPE_HEARTBEAT' });
    }
    expect(attempts.get('assembleTranscript')).toEqual({ attempt: 1, lastTimeout: undefined });
    await fs.rm(bundle.dir, { recursive: true, force: true });
  }, 300_000);
});
