import fs from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities';
import { ingestRunBundle } from '../client/ingest-run-bundle';
import { getStatusHistory } from '../db/runs';
import { writeBundle } from './support/bundle-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { testDependencies } from './support/test-worker';

let database: TestDatabase;
let deps: Awaited<ReturnType<typeof testDependencies>>;
let activities: ReturnType<typeof createActivities>;
const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

beforeAll(async () => {
  database = await createTestDatabase();
  deps = await testDependencies(database.pool);
  activities = createActivities(deps);
});
afterAll(async () => {
  await database.drop();
  await fs.rm(deps.dataDir, { recursive: true, force: true });
});

describe('run status activities', () => {
  it('loadPipelineRun returns ids and flags only, never participant data', async () => {
    const bundle = await writeBundle({ organizationId: 'org_act' });
    await ingestRunBundle(deps, bundle.dir);
    const run = await env.run(activities.loadPipelineRun, { runId: bundle.runId });
    expect(run).toEqual({
      organizationId: 'org_act',
      runId: bundle.runId,
      status: 'completed',
      sessionStatus: 'completed',
      audioLayout: 'two_track',
      pipeline: { transcript: true, responses: true, analysis: true },
    });
    expect(JSON.stringify(run)).not.toMatch(/Grace|example\.com/);
  });

  it('setRunStatus is safe to retry: a repeat records no second history row', async () => {
    const bundle = await writeBundle({ organizationId: 'org_act' });
    await ingestRunBundle(deps, bundle.dir);
    const move = {
      organizationId: 'org_act',
      runId: bundle.runId,
      to: 'processing' as const,
      from: ['completed' as const, 'processing' as const],
    };
    expect(await env.run(activities.setRunStatus, move)).toBe('processing');
    expect(await env.run(activities.setRunStatus, move)).toBe('processing');
    const history = await getStatusHistory(database.pool, 'org_act', bundle.runId);
    expect(history.map((change) => [change.fromStatus, change.toStatus])).toEqual([
      [null, 'completed'],
      ['completed', 'processing'],
    ]);
  });

  it('setRunStatus refuses a move from an unexpected status with a non-retryable InvalidRunState', async () => {
    const bundle = await writeBundle({
      organizationId: 'org_act',
      edit: (f) => void ((f.manifest as { status: string }).status = 'expired'),
    });
    await ingestRunBundle(deps, bundle.dir);
    const error = await env
      .run(activities.setRunStatus, {
        organizationId: 'org_act',
        runId: bundle.runId,
        to: 'completed' as const,
        from: ['processing' as const],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'InvalidRunState', nonRetryable: true });
  });

  it("never moves another organization's run", async () => {
    const bundle = await writeBundle({ organizationId: 'org_act' });
    await ingestRunBundle(deps, bundle.dir);
    const error = await env
      .run(activities.setRunStatus, {
        organizationId: 'org_else',
        runId: bundle.runId,
        to: 'processing' as const,
        from: ['completed' as const],
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ type: 'RunNotFound', nonRetryable: true });
    const history = await getStatusHistory(database.pool, 'org_act', bundle.runId);
    expect(history).toHaveLength(1);
  });
});
