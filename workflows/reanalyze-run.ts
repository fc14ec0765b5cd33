/**
 * `reanalysis:<runId>:<requestId>` — runs only the analysis stage of a run again (a new model, a
 * new prompt, another provider). The new result is the run's next analysis version; the previous
 * versions stay. Sends `run.analyzed` for the new version.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AnalysisSummary } from '../activities/analysis';
import type { AnalysisProviderName } from '../lib/analysis/analysis-settings';
import { runAnalyzedData } from './analysis-stage';
import { emitWebhookEvent } from './webhook-event';

const { loadPipelineRun, setPipelineState } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { analyzeRun } = proxyActivities<Activities>({
  startToCloseTimeout: '20 minutes',
  // An operator is waiting: retry a busy provider for about an hour, then report the failure.
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 10,
  },
});

export interface ReanalyzeInput {
  runId: string;
  organizationId?: string;
  provider?: AnalysisProviderName;
  model?: string;
}

export async function reanalyzeRun(input: ReanalyzeInput): Promise<AnalysisSummary> {
  const run = await loadPipelineRun({ runId: input.runId, organizationId: input.organizationId });
  const ref = { organizationId: run.organizationId, runId: run.runId };
  const analysis = await analyzeRun({
    ...ref,
    requestId: workflowInfo().workflowId,
    force: true,
    ...(input.provider ? { provider: input.provider } : {}),
    ...(input.model ? { model: input.model } : {}),
  });
  await announceAnalysis(run, analysis);
  return analysis;
}

/** Marks the run's analysis done and tells the customer of the new version (`run.analyzed`). */
export async function announceAnalysis(
  run: { organizationId: string; runId: string; status: string },
  analysis: AnalysisSummary,
): Promise<void> {
  await setPipelineState({
    organizationId: run.organizationId,
    runId: run.runId,
    states: { analysis: 'done' },
  });
  await emitWebhookEvent({
    organizationId: run.organizationId,
    eventType: 'run.analyzed',
    eventKey: `run.analyzed:${run.runId}:v${analysis.version}`,
    runId: run.runId,
    data: runAnalyzedData({
      runId: run.runId,
      status: run.status,
      stages: { analysis: 'done' },
      analysis,
    }),
  });
}
