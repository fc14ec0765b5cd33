/**
 * Activities that read a run and move it through its statuses. Each is safe to retry: status
 * changes are conditional single statements and loading has no side effects.
 */
import { Context } from '@temporalio/activity';
import {
  findRunOrganization,
  getRun,
  setPipelineState,
  transitionRunStatus,
  type StageState,
} from '../db/runs';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import type { FinalSessionStatus, PipelineFlags, RunStatus } from '../lib/domain/run';
import type { ActivityDependencies } from './dependencies';

export interface RunRef {
  organizationId: string;
  runId: string;
}

/** What the pipeline workflow needs to plan its stages: ids and flags, no personal data. */
export interface PipelineRun extends RunRef {
  status: RunStatus;
  sessionStatus: FinalSessionStatus;
  audioLayout: 'two_track' | 'mixed' | 'none';
  pipeline: PipelineFlags;
}

export interface SetRunStatusInput extends RunRef {
  to: RunStatus;
  from: RunStatus[];
  reason?: string;
}

/** Statuses from which a pipeline failure may mark the run failed. */
const failableStatuses: RunStatus[] = [
  'completed',
  'processing',
  'abandoned',
  'expired',
  'admin_ended',
  'failed',
];

export const createRunStatusActivities = ({ db }: ActivityDependencies) => ({
  /**
   * Resolves the run for a pipeline started by run id. If the caller named an organization, a run
   * of another organization is reported as not found rather than revealed.
   */
  loadPipelineRun: async (input: {
    runId: string;
    organizationId?: string;
  }): Promise<PipelineRun> => {
    const organizationId = await findRunOrganization(db, input.runId);
    if (!organizationId || (input.organizationId && input.organizationId !== organizationId)) {
      throw new EpilogueError(`run ${input.runId} not found`, FailureType.RunNotFound);
    }
    const run = await getRun(db, organizationId, input.runId);
    if (!run) throw new EpilogueError(`run ${input.runId} not found`, FailureType.RunNotFound);
    return {
      organizationId,
      runId: run.id,
      status: run.status,
      sessionStatus: run.sessionStatus,
      audioLayout: run.audioLayout,
      pipeline: run.pipeline,
    };
  },

  /** Moves the run to `to` if it is in one of `from`; already in `to` is success (a retry). */
  setRunStatus: async (input: SetRunStatusInput): Promise<RunStatus> => {
    const status = await transitionRunStatus(db, input);
    if (status === undefined) {
      throw new EpilogueError(`run ${input.runId} not found`, FailureType.RunNotFound);
    }
    if (status !== input.to) {
      throw new EpilogueError(
        `run ${input.runId} is ${status}; cannot move to ${input.to}`,
        FailureType.InvalidRunState,
      );
    }
    Context.current().log.info('run status changed', { runId: input.runId, status });
    return status;
  },

  /** Records stage outcomes in the run's `pipeline_state` (merged; repeating is harmless). */
  setPipelineState: async (
    input: RunRef & { states: Record<string, StageState> },
  ): Promise<void> => {
    await setPipelineState(db, input.organizationId, input.runId, input.states);
  },

  /** Marks the run failed with a reason that names the failure type and carries no personal data. */
  markRunFailed: async (input: RunRef & { reason: string }): Promise<void> => {
    await transitionRunStatus(db, {
      ...input,
      to: 'failed',
      from: failableStatuses,
      reason: input.reason,
    });
  },
});
