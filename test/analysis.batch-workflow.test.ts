import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAnalyses } from '../db/analyses';
import { costUsd } from '../lib/analysis/anthropic/model-pricing';
import type { AnalysisUsage } from '../lib/analysis/outcome';
import { pipelineWorkflowId } from '../lib/ids';
import { analysisBatchProgressQuery } from '../workflows/analysis-batch';
import { writeBundle } from './support/bundle-fixture';
import { FakeAnthropicServer } from './support/fake-anthropic-server';
import { quotingModel } from './support/quoting-model';
import { startTestStack, type TestStack } from './support/test-stack';

let stack: TestStack;
let claude: FakeAnthropicServer;

beforeAll(async () => {
  claude = await FakeAnthropicServer.start();
  stack = await startTestStack({
    analysis: {
      defaultProvider: 'local',
      anthropic: {
        apiKey: 'sk-ant-test',
        baseURL: claude.baseURL,
        model: 'claude-sonnet-5-5',
        timeoutMs: 5000,
      },
    },
  });
});

afterAll(async () => {
  await stack?.stop();
  await claude?.close();
});

/** A run processed by the pipeline with the local analyzer: analysis version 1. */
async function processed(organizationId: string): Promise<string> {
  const bundle = await writeBundle({ organizationId });
  await stack.client.ingestRunBundle(bundle.dir);
  await stack.client.enqueueCompletedRun(bundle.runId);
  await stack.temporal.client.workflow.getHandle(pipelineWorkflowId(bundle.runId)).result();
  return bundle.runId;
}

describe('re-analysis in batch mode (Message Batches API, real SDK, local HTTP)', () => {
  it('analyzes the batch, retries an expired entry directly, refuses other organizations, and never twice', async () => {
    const [first, second, expired] = [
      await processed('org_batch'),
      await processed('org_batch'),
      await processed('org_batch'),
    ];
    const foreign = await processed('org_batch_other');
    claude.replyToAll(quotingModel);
    claude.batchPollsBeforeEnd = 2;
    const answer = claude.batchResult;
    claude.batchResult = (customId, params) =>
      customId === expired ? { type: 'expired' } : answer(customId, params);

    const started = await stack.client.reanalyzeRunsInBatch(
      'org_batch',
      [first, second, expired, foreign, 'run_never_ingested', first],
      { requestId: 'backlog_1', pollEveryMs: 100 },
    );
    expect(started.workflowId).toBe('analysis-batch:org_batch:backlog_1');
    const result = await started.result;

    expect(result.batchId).toMatch(/^msgbatch_/);
    expect(result.batched).toEqual([
      { runId: first, version: 2 },
      { runId: second, version: 2 },
    ]);
    expect(result.direct).toEqual([{ runId: expired, version: 2 }]);
    expect(result.refused).toEqual([
      { runId: foreign, type: 'RunNotFound' },
      { runId: 'run_never_ingested', type: 'RunNotFound' },
    ]);
    // One batch of the organization's three runs; the expired one went through Messages alone.
    const created = claude.requestsTo('/v1/messages/batches');
    expect(created).toHaveLength(1);
    expect(created[0]!.body!.requests!.map((entry) => entry.custom_id)).toEqual([
      first,
      second,
      expired,
    ]);
    const progress = await stack.temporal.client.workflow
      .getHandle(started.workflowId)
      .query(analysisBatchProgressQuery);
    expect(progress).toMatchObject({ phase: 'done', polls: 3, processing: 0 });

    for (const runId of [first, second, expired]) {
      const versions = await listAnalyses(stack.database.pool, 'org_batch', runId);
      expect(versions.map((row) => [row.version, row.provider])).toEqual([
        [1, 'local'],
        [2, 'anthropic'],
      ]);
      // The quote nobody said was checked against the transcript and dropped.
      expect(versions[1]!.droppedQuotes).toBe(1);
    }
    const [batched] = (await listAnalyses(stack.database.pool, 'org_batch', first)).slice(-1);
    const [direct] = (await listAnalyses(stack.database.pool, 'org_batch', expired)).slice(-1);
    // A batch entry is billed at half the price of the same tokens sent directly.
    const usage = batched!.usage as AnalysisUsage;
    expect(batched!.costUsd).toBeGreaterThan(0);
    expect(batched!.costUsd).toBeCloseTo(costUsd(usage, 'claude-sonnet-5-5')! / 2, 5);
    expect(direct!.costUsd).toBe(costUsd(direct!.usage as AnalysisUsage, 'claude-sonnet-5-5'));
    expect(
      (await listAnalyses(stack.database.pool, 'org_batch_other', foreign)).map(
        (row) => row.version,
      ),
    ).toEqual([1]);

    // The same request again: the same workflow and result, no new batch and no new version.
    const again = await stack.client.reanalyzeRunsInBatch('org_batch', [first], {
      requestId: 'backlog_1',
    });
    expect(await again.result).toEqual(result);
    expect(claude.requestsTo('/v1/messages/batches')).toHaveLength(1);
    expect(
      (await listAnalyses(stack.database.pool, 'org_batch', first)).map((row) => row.version),
    ).toEqual([1, 2]);
  }, 180_000);

  it('refuses a request it cannot take before starting anything', async () => {
    await expect(stack.client.reanalyzeRunsInBatch('org_batch', [])).rejects.toMatchObject({
      type: 'UsageError',
    });
    await expect(
      stack.client.reanalyzeRunsInBatch('org_batch', ["run_1'; drop table runs;--"]),
    ).rejects.toMatchObject({ type: 'UsageError' });
    await expect(stack.client.reanalyzeRunsInBatch('../org', ['run_1'])).rejects.toMatchObject({
      type: 'UsageError',
    });
  });
});
