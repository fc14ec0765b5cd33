import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EpilogueClient } from '../client/epilogue-client';
import { getStatusHistory } from '../db/runs';
import { pipelineWorkflowId, searchAttributes, workflowTypes } from '../lib/ids';
import { progressQuery } from '../workflows/interview-pipeline';
import { writeBundle } from './support/bundle-fixture';
import type { TestDatabase } from './support/test-database';
import type { TestTemporal } from './support/test-worker';
import { startTestStack, type TestStack } from './support/test-stack';

let stack: TestStack;
let database: TestDatabase;
let temporal: TestTemporal;
let client: EpilogueClient;

beforeAll(async () => {
  stack = await startTestStack();
  ({ database, temporal, client } = stack);
});

afterAll(() => stack?.stop());

async function ingested(options: Parameters<typeof writeBundle>[0] = {}) {
  const bundle = await writeBundle({ organizationId: 'org_pipeline', ...options });
  await client.ingestRunBundle(bundle.dir);
  return bundle;
}

describe('interviewPipeline', () => {
  it('takes a completed run through processing to completed, once, however often it is enqueued', async () => {
    const { runId } = await ingested();
    const enqueues = await Promise.all([1, 2, 3].map(() => client.enqueueCompletedRun(runId)));
    expect(enqueues.filter((result) => result.started)).toHaveLength(1);
    expect(new Set(enqueues.map((result) => result.workflowId))).toEqual(
      new Set([`pipeline:${runId}`]),
    );

    const handle = temporal.client.workflow.getHandle(pipelineWorkflowId(runId));
    expect(await handle.result()).toMatchObject({
      runId,
      organizationId: 'org_pipeline',
      status: 'completed',
    });
    const again = await client.enqueueCompletedRun(runId);
    expect(again.started).toBe(false);

    const history = await getStatusHistory(database.pool, 'org_pipeline', runId);
    expect(history.map((change) => change.toStatus)).toEqual([
      'completed',
      'processing',
      'completed',
    ]);

    const runs = [];
    for await (const execution of temporal.client.workflow.list({
      query: `WorkflowId = '${pipelineWorkflowId(runId)}'`,
    })) {
      runs.push(execution);
    }
    expect(runs).toHaveLength(1);
  });

  it('publishes typed search attributes and a progress query an operator can read', async () => {
    const { runId } = await ingested();
    await client.enqueueCompletedRun(runId);
    const handle = temporal.client.workflow.getHandle(pipelineWorkflowId(runId));
    await handle.result();
    const description = await handle.describe();
    const attributes = description.typedSearchAttributes;
    expect(attributes.get(searchAttributes.organizationId)).toBe('org_pipeline');
    expect(attributes.get(searchAttributes.runId)).toBe(runId);
    expect(attributes.get(searchAttributes.pipelineStage)).toBe('done');
    expect(attributes.get(searchAttributes.runStatus)).toBe('completed');
    expect(await handle.query(progressQuery)).toMatchObject({ runId, stage: 'done', percent: 100 });

    const status = await client.getRunStatus(runId);
    expect(status).toMatchObject({
      status: 'completed',
      workflow: { status: 'COMPLETED', progress: { stage: 'done' } },
    });
  });

  it('keeps an abandoned run abandoned while processing it as a partial run', async () => {
    const { runId } = await ingested({
      edit: (f) => void ((f.manifest as { status: string }).status = 'abandoned'),
    });
    await client.enqueueCompletedRun(runId);
    const result: unknown = await temporal.client.workflow
      .getHandle(pipelineWorkflowId(runId))
      .result();
    expect(result).toMatchObject({ status: 'abandoned' });
    const history = await getStatusHistory(database.pool, 'org_pipeline', runId);
    expect(history.map((change) => change.toStatus)).toEqual(['abandoned']);
  });

  it('fails with RunNotFound, not retrying, for a run that does not exist', async () => {
    const runId = 'run_never_ingested';
    const handle = await temporal.client.workflow.start(workflowTypes.interviewPipeline, {
      workflowId: pipelineWorkflowId(runId),
      taskQueue: temporal.taskQueue,
      args: [{ runId }],
    });
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (failure as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'RunNotFound', nonRetryable: true });
    await expect(client.enqueueCompletedRun(runId)).rejects.toMatchObject({ type: 'RunNotFound' });
  });

  it("does not find a run through another organization's id", async () => {
    const { runId } = await ingested();
    await expect(
      client.enqueueCompletedRun(runId, { organizationId: 'org_other' }),
    ).rejects.toMatchObject({
      type: 'RunNotFound',
    });
    await expect(client.getRunStatus(runId, { organizationId: 'org_other' })).rejects.toMatchObject(
      { type: 'RunNotFound' },
    );
  });
});
