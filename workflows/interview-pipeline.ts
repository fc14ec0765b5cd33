/**
 * `pipeline:<runId>` — takes a finished run from raw session data to its results, stage by stage.
 * Each stage is an idempotent activity; the workflow passes ids only, so no personal data enters
 * history. Operators follow it through the `PipelineStage` / `RunStatus` search attributes and
 * the `progress` query.
 */
import {
  defineQuery,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { PipelineRun } from '../activities/run-status';
import { searchAttributes } from '../lib/ids';

/** Database-only steps: quick, retried briefly on transient errors. */
const quickDbOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

const { loadPipelineRun, setRunStatus } = proxyActivities<Activities>(quickDbOptions);

export interface PipelineInput {
  runId: string;
  /** Optional: lets the search attributes be set before the run is loaded, and scopes the lookup. */
  organizationId?: string;
}

export const pipelineStages = ['load', 'finish'] as const;
export type PipelineStage = (typeof pipelineStages)[number] | 'done' | 'failed';

export interface PipelineProgress {
  runId: string;
  stage: PipelineStage;
  percent: number;
  stagesDone: string[];
}

export interface PipelineResult {
  runId: string;
  organizationId: string;
  status: string;
}

export const progressQuery = defineQuery<PipelineProgress>('progress');

export async function interviewPipeline(input: PipelineInput): Promise<PipelineResult> {
  const progress: PipelineProgress = {
    runId: input.runId,
    stage: 'load',
    percent: 0,
    stagesDone: [],
  };
  setHandler(progressQuery, () => progress);

  const enterStage = (stage: PipelineStage) => {
    progress.stage = stage;
    upsertSearchAttributes([{ key: searchAttributes.pipelineStage, value: stage }]);
  };
  const finishStage = (stage: (typeof pipelineStages)[number]) => {
    progress.stagesDone.push(stage);
    progress.percent = Math.round((100 * progress.stagesDone.length) / pipelineStages.length);
  };

  upsertSearchAttributes([
    { key: searchAttributes.runId, value: input.runId },
    ...(input.organizationId
      ? [{ key: searchAttributes.organizationId, value: input.organizationId }]
      : []),
  ]);
  enterStage('load');
  let run: PipelineRun;
  try {
    run = await loadPipelineRun(input);
  } catch (error) {
    enterStage('failed');
    throw error;
  }
  upsertSearchAttributes([
    { key: searchAttributes.organizationId, value: run.organizationId },
    { key: searchAttributes.runStatus, value: run.status },
  ]);
  finishStage('load');

  const ref = { organizationId: run.organizationId, runId: run.runId };
  // Completed sessions are shown as processing while the pipeline works; abandoned and expired
  // runs keep their status and go through the same stages as partial runs.
  const showsProcessing = run.sessionStatus === 'completed';
  if (showsProcessing) {
    await setRunStatus({ ...ref, to: 'processing', from: ['completed', 'processing'] });
    upsertSearchAttributes([{ key: searchAttributes.runStatus, value: 'processing' }]);
  }

  enterStage('finish');
  const finalStatus = showsProcessing ? 'completed' : run.sessionStatus;
  if (showsProcessing) {
    await setRunStatus({ ...ref, to: 'completed', from: ['processing'] });
  }
  upsertSearchAttributes([{ key: searchAttributes.runStatus, value: finalStatus }]);
  finishStage('finish');
  enterStage('done');
  return { runId: run.runId, organizationId: run.organizationId, status: finalStatus };
}
