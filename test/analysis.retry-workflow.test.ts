import fs from 'node:fs/promises';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { EpilogueClient } from '../client/epilogue-client';
import { listAnalyses } from '../db/analyses';
import { getRun } from '../db/runs';
import { analysisWorkflowId, pipelineWorkflowId, workflowTypes } from '../lib/ids';
import { temporalTestServer } from '../lib/temporal/binaries';
import { createWorkers } from '../worker/create-workers';
import type { RetryAnalysisInput } from '../workflows/retry-analysis';
import { writeBundle } from './support/bundle-fixture';
import { errorReply, FakeAnthropicServer, toolUseReply } from './support/fake-anthropic-server';
import { startWorkers, type RunningWorkers } from './support/running-workers';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import {
  connectTestTemporal,
  createTestWorkers,
  testConfig,
  testDependencies,
  type TestTemporal,
} from './support/test-worker';

let database: TestDatabase;
let devServer: TestTemporal;
let devWorkers: RunningWorkers;
let timeSkipping: TestWorkflowEnvironment;
let skippingWorkers: RunningWorkers;
let client: EpilogueClient;
let claude: FakeAnthropicServer;
let dataDir: string;
const queue = `retry-${process.pid}`;

beforeAll(async () => {
  database = await createTestDatabase();
  devServer = await connectTestTemporal();
  claude = await FakeAnthropicServer.start();
  // The pipeline runs on the dev server with the local analyzer, to leave a transcript to analyze.
  const localDeps = await testDependencies(database.pool);
  dataDir = localDeps.dataDir;
  devWorkers = startWorkers(await createTestWorkers(devServer, localDeps));
  client = await EpilogueClient.connect(testConfig(devServer, database.url, dataDir));
  // The day-long retries run on the time-skipping server, against Claude.
  timeSkipping = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: temporalTestServer() },
  });
  skippingWorkers = startWorkers(
    await createWorkers({
      connection: timeSkipping.nativeConnection,
      namespace: timeSkipping.namespace ?? 'default',
      taskQueue: queue,
      deps: {
        ...localDeps,
        analysis: {
          defaultProvider: 'anthropic',
          anthropic: {
            apiKey: 'sk-ant-test',
            baseURL: claude.baseURL,
            model: 'claude-haiku-5-5',
            timeoutMs: 5000,
          },
        },
      },
      mediaConcurrency: 1,
      activityConcurrency: 10,
      workflowBundlePath: inject('workflowBundlePath'),
    }),
  );
});

afterAll(async () => {
  await client?.close();
  await skippingWorkers?.stop();
  await timeSkipping?.teardown();
  await devWorkers?.stop();
  await devServer?.close();
  await claude?.close();
  await database?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function processedRun(): Promise<string> {
  const bundle = await writeBundle({ organizationId: 'org_retry' });
  await client.ingestRunBundle(bundle.dir);
  await client.enqueueCompletedRun(bundle.runId);
  await devServer.client.workflow.getHandle(pipelineWorkflowId(bundle.runId)).result();
  return bundle.runId;
}

const grounded = toolUseReply({
  summary: { content: 'A short interview about compilers.', word_count: 0 },
  themes: { items: [] },
  sentiment: { overall: 'neutral', score: 0, by_question: [] },
  quotes: [],
  specific: null,
});

describe('retryAnalysis (time-skipping)', () => {
  it('keeps trying through a provider outage of hours and settles the analysis when it is back', async () => {
    const runId = await processedRun();
    // Down for the first 10 calls: the pipeline's quick tries, then several of the durable retries.
    let calls = 0;
    claude.replyToAll(() => (++calls <= 10 ? errorReply(529, 'overloaded_error') : grounded));
    const input: RetryAnalysisInput = {
      organizationId: 'org_retry',
      runId,
      requestId: `retry-test/${runId}`,
      status: 'completed',
      force: true,
    };
    const handle = await timeSkipping.client.workflow.start(workflowTypes.retryAnalysis, {
      workflowId: analysisWorkflowId(runId),
      taskQueue: queue,
      args: [input],
    });
    expect(await handle.result()).toBe('done');
    expect(calls).toBe(11);
    const versions = await listAnalyses(database.pool, 'org_retry', runId);
    expect(versions.map((row) => [row.version, row.provider])).toEqual([
      [1, 'local'],
      [2, 'anthropic'],
    ]);
    expect((await getRun(database.pool, 'org_retry', runId))?.pipelineState).toMatchObject({
      analysis: 'done',
    });
  });

  it('gives up after about a day and says so in the run', async () => {
    const runId = await processedRun();
    claude.replyToAll(() => errorReply(500, 'api_error'));
    const handle = await timeSkipping.client.workflow.start(workflowTypes.retryAnalysis, {
      workflowId: analysisWorkflowId(runId),
      taskQueue: queue,
      args: [
        {
          organizationId: 'org_retry',
          runId,
          requestId: `retry-test/${runId}`,
          status: 'completed',
          force: true,
        },
      ],
    });
    expect(await handle.result()).toBe('failed');
    expect((await getRun(database.pool, 'org_retry', runId))?.pipelineState).toMatchObject({
      analysis: 'failed',
    });
    expect(await listAnalyses(database.pool, 'org_retry', runId)).toHaveLength(1);
  });
});
