/**
 * Follows the pipelines of a chaos run until each has closed or the timeout passes. It reads the
 * workflow descriptions (status and the `PipelineStage` search attribute), which need no worker,
 * and takes a failed call for "not known yet": the server may be down at that moment.
 */
import type { Client } from '@temporalio/client';
import { pipelineWorkflowId, searchAttributes } from '../lib/ids';

export interface PipelineWatch {
  /** Workflow status of each run's pipeline: `COMPLETED`, `FAILED`..., or `RUNNING` at the timeout. */
  statuses: Map<string, string>;
  /** The longest time from the start of the watch (all runs enqueued) to a pipeline's close. */
  slowestMs: number;
  timedOut: boolean;
}

const POLL_MS = 1_000;
const CALL_DEADLINE_MS = 3_000;

export async function watchPipelines(
  temporal: Client,
  runIds: string[],
  options: {
    timeoutMs: number;
    aborted: () => boolean;
    /** Each poll: the stage of every pipeline still running, by run id. */
    onPoll: (stages: Map<string, string>, closed: number) => void;
    onClosed: (runId: string, status: string) => void;
  },
): Promise<PipelineWatch> {
  const statuses = new Map<string, string>(runIds.map((runId) => [runId, 'RUNNING']));
  const stages = new Map<string, string>();
  const start = Date.now();
  const deadline = start + options.timeoutMs;
  let slowestMs = 0;
  const open = () => runIds.filter((runId) => statuses.get(runId) === 'RUNNING');
  while (open().length > 0 && Date.now() < deadline && !options.aborted()) {
    await Promise.all(
      open().map(async (runId) => {
        const handle = temporal.workflow.getHandle(pipelineWorkflowId(runId));
        const description = await temporal.connection
          .withDeadline(Date.now() + CALL_DEADLINE_MS, () => handle.describe())
          .catch(() => undefined);
        if (!description) return;
        stages.set(
          runId,
          description.typedSearchAttributes.get(searchAttributes.pipelineStage) ?? 'queued',
        );
        if (description.status.name !== 'RUNNING') {
          statuses.set(runId, description.status.name);
          stages.delete(runId);
          slowestMs = Date.now() - start;
          options.onClosed(runId, description.status.name);
        }
      }),
    );
    options.onPoll(stages, runIds.length - open().length);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const timedOut = open().length > 0;
  return { statuses, slowestMs: timedOut ? Date.now() - start : slowestMs, timedOut };
}
