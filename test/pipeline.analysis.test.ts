import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EpilogueClient } from '../client/epilogue-client';
import { listAnalyses } from '../db/analyses';
import { LOCAL_ANALYZER_VERSION } from '../lib/analysis/local-analyzer';
import { getRun } from '../db/runs';
import { analysisWorkflowId, pipelineWorkflowId } from '../lib/ids';
import type { interviewPipeline } from '../workflows/interview-pipeline';
import { writeBundle } from './support/bundle-fixture';
import {
  errorReply,
  FakeAnthropicServer,
  type MessagesRequestBody,
} from './support/fake-anthropic-server';
import { quotingModel } from './support/quoting-model';
import type { TestDatabase } from './support/test-database';
import { startTestStack, type TestStack } from './support/test-stack';
import type { TestTemporal } from './support/test-worker';

let stack: TestStack;
let database: TestDatabase;
let temporal: TestTemporal;
let client: EpilogueClient;
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
  ({ database, temporal, client } = stack);
  await database.pool.query(
    `insert into organizations (id, settings) values ('org_claude', '{"analysis": {"provider": "anthropic"}}')`,
  );
});

afterEach(() => claude.reset());

afterAll(async () => {
  await stack?.stop();
  await claude?.close();
});

async function processed(organizationId: string) {
  const bundle = await writeBundle({ organizationId });
  await client.ingestRunBundle(bundle.dir);
  await client.enqueueCompletedRun(bundle.runId);
  const result = await temporal.client.workflow
    .getHandle<typeof interviewPipeline>(pipelineWorkflowId(bundle.runId))
    .result();
  return { runId: bundle.runId, result };
}

describe('the analysis stage', () => {
  it('analyzes with the local provider by default and keeps each re-analysis as a version', async () => {
    const { runId, result } = await processed('org_local');
    expect(result.stages).toMatchObject({ analysis: 'done' });
    const [first] = await listAnalyses(database.pool, 'org_local', runId);
    expect(first).toMatchObject({
      version: 1,
      provider: 'local',
      model: null,
      analyzerVersion: LOCAL_ANALYZER_VERSION,
    });
    expect(first!.results.metrics).toMatchObject({ turn_count: 4, response_rate: 1 });

    const again = await client.reanalyzeRun(runId, { requestId: 'req_1', provider: 'local' });
    expect(await again.result).toMatchObject({ version: 2, provider: 'local' });
    const repeated = await client.reanalyzeRun(runId, { requestId: 'req_1', provider: 'local' });
    expect(await repeated.result).toMatchObject({ version: 2 });
    expect(
      (await listAnalyses(database.pool, 'org_local', runId)).map((row) => row.version),
    ).toEqual([1, 2]);
  });

  it('uses Claude when the organization chose it, records usage and cost, and drops quotes nobody said', async () => {
    claude.replyToAll(quotingModel);
    const first = await processed('org_claude');
    const second = await processed('org_claude');
    const [analysis] = await listAnalyses(database.pool, 'org_claude', first.runId);
    expect(analysis).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      droppedQuotes: 1,
    });
    expect(analysis!.results.quotes).toHaveLength(1);
    expect(analysis!.costUsd).toBeGreaterThan(0);
    const [cached] = await listAnalyses(database.pool, 'org_claude', second.runId);
    const usage = cached!.usage as {
      input_tokens: number;
      cache_read_input_tokens: number;
      cache_creation_input_tokens: number;
    };
    const share =
      usage.cache_read_input_tokens /
      (usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens);
    expect(share).toBeGreaterThan(0.3);
    const request = claude.requestsTo('/v1/messages').at(-1)!.body as MessagesRequestBody & {
      tool_choice: unknown;
    };
    expect(request.tool_choice).toMatchObject({ type: 'tool' });
    expect(JSON.stringify(request.system)).not.toContain('Grace');
  });

  it('completes the run when Claude is down, and leaves the analysis to day-long retries', async () => {
    claude.replyToAll(() => errorReply(503, 'overloaded_error', { 'retry-after': '1' }));
    const { runId, result } = await processed('org_claude');
    expect(result).toMatchObject({
      status: 'completed',
      stages: { audio: 'done', transcript: 'done', responses: 'done', analysis: 'retrying' },
    });
    expect((await getRun(database.pool, 'org_claude', runId))?.pipelineState).toMatchObject({
      analysis: 'retrying',
    });
    const retries = temporal.client.workflow.getHandle(analysisWorkflowId(runId));
    expect((await retries.describe()).status.name).toBe('RUNNING');
    await retries.terminate('the day-long schedule is tested on the time-skipping server');
  });

  it('records a refused key as a failed analysis without failing the run', async () => {
    claude.replyToAll(() => errorReply(401, 'authentication_error'));
    const { runId, result } = await processed('org_claude');
    expect(result).toMatchObject({ status: 'completed', stages: { analysis: 'failed' } });
    expect(await listAnalyses(database.pool, 'org_claude', runId)).toEqual([]);
  });
});
