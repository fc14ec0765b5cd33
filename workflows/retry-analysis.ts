/**
 * `analysis:<runId>` — started by a pipeline whose analysis provider was down. The run is already
 * completed; this keeps trying on a day-long schedule of durable timers, then records what
 * happened in the run's `analysis` flag and sends `run.analyzed`.
 */
import { ActivityFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RunRef } from '../activities/run-status';
import { analysisOptions, analysisStateAfter, runAnalyzedData } from './analysis-stage';
import { emitWebhookEvent } from './webhook-event';

const { analyzeRun } = proxyActivities<Activities>(analysisOptions);
const { setPipelineState } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** About a day in all: long enough to outlast a provider outage, short enough to report. */
export const analysisRetryDelays = [
  '5 minutes',
  '15 minutes',
  '30 minutes',
  '1 hour',
  '2 hours',
  '4 hours',
  '8 hours',
  '8 hours',
] as const;

export interface RetryAnalysisInput extends RunRef {
  requestId: string;
  /** The run's status when its pipeline finished, for the event. */
  status: string;
  /** Analyze even though an earlier version exists (the pipeline was reprocessing the analysis). */
  force?: boolean;
}

export async function retryAnalysis(input: RetryAnalysisInput): Promise<'done' | 'failed'> {
  const ref: RunRef = { organizationId: input.organizationId, runId: input.runId };
  for (const delay of analysisRetryDelays) {
    await sleep(delay);
    try {
      const analysis = await analyzeRun({
        ...ref,
        requestId: input.requestId,
        force: input.force ?? false,
      });
      await settle('done', analysis);
      return 'done';
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      if (analysisStateAfter(error) === 'failed') break;
    }
  }
  await settle('failed');
  return 'failed';

  async function settle(
    state: 'done' | 'failed',
    analysis?: Awaited<ReturnType<typeof analyzeRun>>,
  ) {
    await setPipelineState({ ...ref, states: { analysis: state } });
    await emitWebhookEvent({
      organizationId: input.organizationId,
      eventType: 'run.analyzed',
      eventKey: `run.analyzed:${input.runId}`,
      runId: input.runId,
      data: runAnalyzedData({
        runId: input.runId,
        status: input.status,
        stages: { analysis: state },
        analysis,
      }),
    });
  }
}
