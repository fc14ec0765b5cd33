/**
 * The platform-facing library. The platform hands over finished runs (a bundle or its parts),
 * enqueues their pipelines and reads their status. Every start is idempotent: a second call for
 * the same run returns the same workflow, never a second pipeline.
 */
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { AnalysisSummary } from '../activities/analysis';
import { connectDatabase, type Pool } from '../db/pool';
import { migrate } from '../db/migrate';
import { getRun, getStatusHistory, findRunOrganization, type StatusHistoryRow } from '../db/runs';
import type { Config } from '../lib/config';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import type { AnalysisProviderName } from '../lib/analysis/analysis-settings';
import {
  analysisBatchWorkflowId,
  PLATFORM_ID_PATTERN,
  pipelineWorkflowId,
  reanalysisWorkflowId,
  searchAttributes,
  workflowTypes,
} from '../lib/ids';
import type { AnalysisBatchInput, AnalysisBatchResult } from '../workflows/analysis-batch';
import type { ReanalyzeInput } from '../workflows/reanalyze-run';
import type { Logger } from '../lib/logger';
import type { BlobStore } from '../lib/storage/blob-store';
import { openBlobStore } from '../lib/storage/open-blob-store';
import { connectClient } from '../lib/temporal/connect';
import {
  progressQuery,
  reprocessableStages,
  type PipelineInput,
  type PipelineProgress,
  type ReprocessableStage,
} from '../workflows/interview-pipeline';
import { ingestRunBundle, type IngestResult } from './ingest-run-bundle';

/** The most runs one batch request takes (the API's own limit is 100,000 entries or 256 MB). */
const MAX_BATCH_RUNS = 10_000;

export interface EnqueueResult {
  runId: string;
  workflowId: string;
  /** False when the pipeline already existed (running or finished): nothing new was started. */
  started: boolean;
}

export interface RunStatusReport {
  runId: string;
  organizationId: string;
  status: string;
  statusReason: string | null;
  sessionStatus: string;
  pipeline: Record<string, boolean>;
  pipelineState: Record<string, string>;
  history: StatusHistoryRow[];
  workflow: {
    workflowId: string;
    status: string;
    /** From the PipelineStage search attribute: known even when no worker is running. */
    stage: string | null;
    /** From the `progress` query, when a worker answered it in time. */
    progress: PipelineProgress | null;
  } | null;
}

const PROGRESS_QUERY_TIMEOUT_MS = 3000;

/**
 * RunNotFound before any query for ids no run can have (NUL, newlines, SQL text, a path...): the
 * message does not echo them, and PostgreSQL never gets bytes it would refuse.
 */
function refuseImpossibleRunIds(runId: string, organizationId: string | undefined): void {
  if (
    !PLATFORM_ID_PATTERN.test(runId) ||
    (organizationId !== undefined && !PLATFORM_ID_PATTERN.test(organizationId))
  ) {
    throw new EpilogueError(
      'run not found: not a valid run or organization id',
      FailureType.RunNotFound,
    );
  }
}

export class EpilogueClient {
  private temporalClient: Client | undefined;

  private constructor(
    private readonly config: Config,
    readonly db: Pool,
    readonly storage: BlobStore,
  ) {}

  /** Connects to PostgreSQL (creating and migrating the database if needed). Temporal is connected on first use. */
  static async connect(config: Config, log?: Logger): Promise<EpilogueClient> {
    const db = await connectDatabase({
      url: config.DATABASE_URL,
      timeoutS: config.TEMPORAL_CONNECT_TIMEOUT_S,
      log,
    });
    try {
      await migrate(db, log);
    } catch (error) {
      await db.end();
      throw error;
    }
    return new EpilogueClient(config, db, openBlobStore(config));
  }

  async close(): Promise<void> {
    await this.temporalClient?.connection.close();
    await this.db.end();
  }

  /** The Temporal client, connected on first use. */
  async temporal(): Promise<Client> {
    this.temporalClient ??= await connectClient(this.config);
    return this.temporalClient;
  }

  /** Validates and stores a run bundle (directory, .zip or .tar); stores nothing if it is invalid. */
  async ingestRunBundle(source: string): Promise<IngestResult> {
    return ingestRunBundle(this, source);
  }

  /** Starts `pipeline:<runId>`; safe to call any number of times. */
  async enqueueCompletedRun(
    runId: string,
    options: { organizationId?: string } = {},
  ): Promise<EnqueueResult> {
    const organizationId = await this.requireRun(runId, options.organizationId);
    const client = await this.temporal();
    const workflowId = pipelineWorkflowId(runId);
    const input: PipelineInput = { runId, organizationId };
    try {
      await client.workflow.start(workflowTypes.interviewPipeline, {
        workflowId,
        taskQueue: this.config.EPILOGUE_TASK_QUEUE,
        args: [input],
        // A finished pipeline is not started again by a late duplicate; reprocessing is explicit.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: searchAttributes.organizationId, value: organizationId },
          { key: searchAttributes.runId, value: runId },
        ],
      });
      return { runId, workflowId, started: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError)
        return { runId, workflowId, started: false };
      throw error;
    }
  }

  /**
   * Runs chosen stages of a run's pipeline again (after an audio fix, a better aligner...): a new
   * execution of `pipeline:<runId>` that redoes those stages and the ones after them in place, so
   * rows are replaced and content-addressed files rewritten, never duplicated.
   */
  async reprocessRun(
    runId: string,
    options: { stages: string[]; organizationId?: string },
  ): Promise<{ runId: string; workflowId: string; executionId: string }> {
    const unknown = options.stages.filter(
      (stage) => !(reprocessableStages as readonly string[]).includes(stage),
    );
    if (options.stages.length === 0 || unknown.length > 0) {
      throw new EpilogueError(
        `stages must be some of ${reprocessableStages.join(', ')}`,
        'UsageError',
      );
    }
    const organizationId = await this.requireRun(runId, options.organizationId);
    const client = await this.temporal();
    const workflowId = pipelineWorkflowId(runId);
    const current = await client.workflow
      .getHandle(workflowId)
      .describe()
      .catch((error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      });
    if (current?.status.name === 'RUNNING') {
      throw new EpilogueError(
        `the pipeline of run ${runId} is still running`,
        FailureType.PipelineRunning,
      );
    }
    const input: PipelineInput = {
      runId,
      organizationId,
      reprocess: { stages: options.stages as ReprocessableStage[] },
    };
    try {
      const handle = await client.workflow.start(workflowTypes.interviewPipeline, {
        workflowId,
        taskQueue: this.config.EPILOGUE_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [
          { key: searchAttributes.organizationId, value: organizationId },
          { key: searchAttributes.runId, value: runId },
        ],
      });
      return { runId, workflowId, executionId: handle.firstExecutionRunId };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new EpilogueError(
          `the pipeline of run ${runId} is still running`,
          FailureType.PipelineRunning,
        );
      }
      throw error;
    }
  }

  /**
   * Runs only the analysis stage again (`reanalysis:<runId>:<requestId>`); the result becomes the
   * run's next analysis version and the previous ones stay. The same `requestId` is the same request.
   */
  async reanalyzeRun(
    runId: string,
    options: {
      requestId?: string;
      organizationId?: string;
      provider?: AnalysisProviderName;
      model?: string;
    } = {},
  ): Promise<{ workflowId: string; result: Promise<AnalysisSummary> }> {
    const organizationId = await this.requireRun(runId, options.organizationId);
    const workflowId = reanalysisWorkflowId(runId, options.requestId ?? randomUUID());
    const input: ReanalyzeInput = {
      runId,
      organizationId,
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.model ? { model: options.model } : {}),
    };
    return this.startRequest<AnalysisSummary>(workflowTypes.reanalyzeRun, workflowId, input, [
      { key: searchAttributes.organizationId, value: organizationId },
      { key: searchAttributes.runId, value: runId },
    ]);
  }

  /**
   * Re-analyzes many runs of one organization with Claude through the Message Batches API
   * (`analysis-batch:<organizationId>:<requestId>`): half the price, answers within hours. Runs of
   * another organization are refused in the result, never read. The same `requestId` is the same
   * request.
   */
  async reanalyzeRunsInBatch(
    organizationId: string,
    runIds: readonly string[],
    options: { requestId?: string; model?: string; pollEveryMs?: number } = {},
  ): Promise<{ workflowId: string; result: Promise<AnalysisBatchResult> }> {
    if (!PLATFORM_ID_PATTERN.test(organizationId)) {
      throw new EpilogueError('the organization id must be a platform id', 'UsageError');
    }
    if (runIds.length === 0 || runIds.length > MAX_BATCH_RUNS) {
      throw new EpilogueError(`a batch takes 1 to ${MAX_BATCH_RUNS} run ids`, 'UsageError');
    }
    const badRunId = runIds.findIndex((runId) => !PLATFORM_ID_PATTERN.test(runId));
    if (badRunId >= 0) {
      throw new EpilogueError(`run id #${badRunId + 1} is not a platform id`, 'UsageError');
    }
    const requestId = options.requestId ?? randomUUID();
    if (!PLATFORM_ID_PATTERN.test(requestId)) {
      throw new EpilogueError('the request id must be a platform id', 'UsageError');
    }
    const workflowId = analysisBatchWorkflowId(organizationId, requestId);
    const input: AnalysisBatchInput = {
      organizationId,
      requestId,
      runIds: [...runIds],
      ...(options.model ? { model: options.model } : {}),
      ...(options.pollEveryMs ? { pollEveryMs: options.pollEveryMs } : {}),
    };
    return this.startRequest<AnalysisBatchResult>(workflowTypes.analysisBatch, workflowId, input, [
      { key: searchAttributes.organizationId, value: organizationId },
    ]);
  }

  /**
   * Starts a request's workflow once: a second call with the same id (the same request) finds it
   * started, or finished, and waits for the same result.
   */
  private async startRequest<T>(
    workflowType: string,
    workflowId: string,
    input: unknown,
    typedSearchAttributes: SearchAttributePair[],
  ): Promise<{ workflowId: string; result: Promise<T> }> {
    const client = await this.temporal();
    try {
      await client.workflow.start(workflowType, {
        workflowId,
        taskQueue: this.config.EPILOGUE_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return { workflowId, result: client.workflow.getHandle(workflowId).result() as Promise<T> };
  }

  /** The run's organization; RunNotFound unless the run exists (in `organizationId`, when given). */
  private async requireRun(runId: string, organizationId?: string): Promise<string> {
    refuseImpossibleRunIds(runId, organizationId);
    const found = organizationId ?? (await findRunOrganization(this.db, runId));
    if (!found || !(await getRun(this.db, found, runId))) {
      throw new EpilogueError(`run ${runId} not found`, FailureType.RunNotFound);
    }
    return found;
  }

  /** The run as stored and, when it has one, its pipeline workflow and progress. */
  async getRunStatus(
    runId: string,
    options: { organizationId?: string } = {},
  ): Promise<RunStatusReport> {
    refuseImpossibleRunIds(runId, options.organizationId);
    const organizationId = options.organizationId ?? (await findRunOrganization(this.db, runId));
    const run = organizationId ? await getRun(this.db, organizationId, runId) : undefined;
    if (!organizationId || !run)
      throw new EpilogueError(`run ${runId} not found`, FailureType.RunNotFound);
    return {
      runId,
      organizationId,
      status: run.status,
      statusReason: run.statusReason,
      sessionStatus: run.sessionStatus,
      pipeline: run.pipeline,
      pipelineState: run.pipelineState,
      history: await getStatusHistory(this.db, organizationId, runId),
      workflow: await this.describePipeline(runId),
    };
  }

  private async describePipeline(runId: string): Promise<RunStatusReport['workflow']> {
    const client = await this.temporal();
    const handle = client.workflow.getHandle(pipelineWorkflowId(runId));
    try {
      const description = await handle.describe();
      // A query needs a worker; with none polling, report the stage from the search attributes.
      const progress = await client.connection
        .withDeadline(Date.now() + PROGRESS_QUERY_TIMEOUT_MS, () => handle.query(progressQuery))
        .catch(() => null);
      const stage = description.typedSearchAttributes.get(searchAttributes.pipelineStage) ?? null;
      return { workflowId: handle.workflowId, status: description.status.name, stage, progress };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }
}
