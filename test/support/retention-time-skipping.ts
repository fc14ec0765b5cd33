/**
 * A time-skipping Temporal server with workers for retention tests: activities read the server's
 * clock (so deadlines are days apart while the test takes seconds), runs are ingested with their
 * `completed_at` at the server's now, and the retention workflow is started from the client.
 * No webhook endpoints: a delivery child outliving the retention workflow that started it would
 * stop the server from skipping time.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import type { ActivityDependencies } from '../../activities/dependencies';
import { EpilogueClient } from '../../client/epilogue-client';
import { RetentionClient } from '../../client/retention-client';
import { ensureOrganization, type Plan } from '../../db/organizations';
import { getRunRetentionState } from '../../db/retention';
import { saveTranscript } from '../../db/transcripts';
import { loadConfig } from '../../lib/config';
import { retentionWorkflowId, workflowTypes } from '../../lib/ids';
import type { RetentionAction } from '../../lib/retention/retention-actions';
import { createWorkers } from '../../worker/create-workers';
import { scheduleQuery, type RetentionSchedule } from '../../workflows/retention';
import { writeBundle } from './bundle-fixture';
import { startWorkers } from './running-workers';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testDependencies } from './test-worker';
import { serverClock } from './webhook-server-clock';
import { startTimeSkippingEnvironment } from './webhook-time-skipping';

export const DAY_MS = 86_400_000;

export interface RetentionHarness {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  deps: ActivityDependencies & { dataDir: string };
  taskQueue: string;
  retention: RetentionClient;
  /** Ingests a final run completed at the server's now; returns its id and that time. */
  finalRun(organizationId: string, plan: Plan): Promise<{ runId: string; completedAt: number }>;
  startRetention(organizationId: string, runId: string): Promise<void>;
  /** The workflow's schedule once it has planned at least once after `since` (server ms). */
  schedule(runId: string, since?: number): Promise<RetentionSchedule>;
  done(organizationId: string, runId: string): Promise<Partial<Record<RetentionAction, number>>>;
  close(): Promise<void>;
}

export async function retentionHarness(): Promise<RetentionHarness> {
  const env = await startTimeSkippingEnvironment();
  const database = await createTestDatabase();
  const deps = await testDependencies(database.pool, { clock: serverClock });
  const taskQueue = `retention-${randomUUID()}`;
  const epilogue = await EpilogueClient.connect(
    loadConfig(
      {},
      {
        DATABASE_URL: database.url,
        EPILOGUE_DATA_DIR: deps.dataDir,
        EPILOGUE_TASK_QUEUE: taskQueue,
        LOG_LEVEL: 'warn',
      },
    ),
  );
  const workers = startWorkers(
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
  const retention = new RetentionClient({
    db: database.pool,
    temporal: async () => env.client,
    taskQueue,
  });

  const harness: RetentionHarness = {
    env,
    database,
    deps,
    taskQueue,
    retention,
    async finalRun(organizationId, plan) {
      await ensureOrganization(database.pool, organizationId, plan);
      const bundle = await writeBundle({ organizationId });
      await epilogue.ingestRunBundle(bundle.dir);
      await fs.rm(bundle.dir, { recursive: true, force: true });
      const completedAt = await env.currentTimeMs();
      await database.pool.query(
        `update runs set completed_at = $2::timestamptz, pipeline_state = '{"audio": "done"}'
         where id = $1::text`,
        [bundle.runId, new Date(completedAt)],
      );
      await saveTranscript(database.pool, organizationId, {
        run_id: bundle.runId,
        entries: [],
        word_count: 0,
        duration_s: 2,
        language: null,
        corrections: [],
      });
      return { runId: bundle.runId, completedAt };
    },
    async startRetention(organizationId, runId) {
      await env.client.workflow.start(workflowTypes.retention, {
        workflowId: retentionWorkflowId(runId),
        taskQueue,
        args: [{ organizationId, runId }],
      });
    },
    async schedule(runId, since = 0) {
      const handle = env.client.workflow.getHandle(retentionWorkflowId(runId));
      for (let tries = 0; tries < 200; tries += 1) {
        const schedule = await handle.query(scheduleQuery);
        if (schedule.plannedAt !== null && Date.parse(schedule.plannedAt) >= since) return schedule;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`retention:${runId} did not plan`);
    },
    async done(organizationId, runId) {
      const state = await getRunRetentionState(database.pool, organizationId, runId);
      return Object.fromEntries(
        Object.entries(state?.actionsDone ?? {}).map(([action, at]) => [action, Date.parse(at)]),
      );
    },
    async close() {
      await epilogue.close();
      await workers.stop();
      await env.teardown();
      await database.drop();
      await fs.rm(deps.dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
