/**
 * `retention-rollout:<organizationId>` — after an organization's retention policy or legal hold
 * changes, signals `policyChanged` to every retention workflow of its runs so that each re-plans
 * now (a shortened period must not wait for the workflow's next wake). Started by the client with
 * "terminate existing": a newer change restarts the rollout, since every signal means the same
 * thing. A run whose workflow is gone is skipped; the reconciler restarts it.
 */
import {
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  TemporalFailure,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { retentionWorkflowId } from '../lib/ids';
import { policyChangedSignal } from './retention';

const { listRetentionRuns } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const PAGE_SIZE = 100;
const PAGES_PER_EXECUTION = 10;

export interface RolloutInput {
  organizationId: string;
  afterRunId?: string;
  signalled?: number;
}

export async function retentionRollout(input: RolloutInput): Promise<{ signalled: number }> {
  let afterRunId = input.afterRunId ?? '';
  let signalled = input.signalled ?? 0;
  for (let page = 0; page < PAGES_PER_EXECUTION; page += 1) {
    const runIds = await listRetentionRuns({
      organizationId: input.organizationId,
      afterRunId,
      limit: PAGE_SIZE,
    });
    const sent = await Promise.all(
      runIds.map((runId) =>
        getExternalWorkflowHandle(retentionWorkflowId(runId))
          .signal(policyChangedSignal)
          .then(
            () => true,
            (error: unknown) => {
              // Not found: the workflow finished or was terminated; the reconciler restarts it.
              if (error instanceof TemporalFailure) return false;
              throw error;
            },
          ),
      ),
    );
    signalled += sent.filter(Boolean).length;
    if (runIds.length < PAGE_SIZE) return { signalled };
    afterRunId = runIds[runIds.length - 1]!;
  }
  return continueAsNew<typeof retentionRollout>({
    organizationId: input.organizationId,
    afterRunId,
    signalled,
  });
}
