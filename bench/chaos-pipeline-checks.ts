/**
 * Did every run complete exactly once? For each run: the `interviewPipeline` executions of
 * `pipeline:<runId>` (one, COMPLETED), its status history (one processing→completed pair for a
 * completed session; an abandoned or expired run keeps its status and never shows processing), its
 * outputs (diarization, transcript, responses, one analysis, every audio asset of its layout) and
 * the retention timers the pipeline starts when the run is final (`retention:<runId>` running).
 */
import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool';
import type { PipelineFlags } from '../lib/domain/run';
import { pipelineWorkflowId, retentionWorkflowId, workflowTypes } from '../lib/ids';

export interface PipelineChecks {
  /** One COMPLETED pipeline execution, one status transition of each kind, every output there. */
  completedOnce: number;
  /** No COMPLETED pipeline (failed, stuck, missing), a wrong final status, or outputs missing. */
  lostRuns: number;
  /** More than one pipeline execution, or a status transition made twice. */
  duplicatedRuns: number;
  /** One line per run that is not completed once: its id and what is wrong (no participant data). */
  problems: string[];
}

interface RunOutcome {
  runId: string;
  status: string;
  sessionStatus: string;
  audioLayout: 'two_track' | 'mixed' | 'none';
  pipeline: PipelineFlags;
  toProcessing: number;
  processingToCompleted: number;
  diarizations: number;
  transcripts: number;
  responses: number;
  analyses: number;
  audioAssets: number;
}

/** Source, WAV master and MP3 per track, and the mix of two tracks with its MP3. */
const expectedAudioAssets = { two_track: 8, mixed: 3, none: 0 } as const;

async function runOutcomes(
  db: Pool,
  organizationId: string,
  runIds: string[],
): Promise<RunOutcome[]> {
  const { rows } = await db.query<RunOutcome>(
    `select r.id as "runId", r.status, r.session_status as "sessionStatus",
       r.audio_layout as "audioLayout", r.pipeline,
       (select count(*) from run_status_history h
         where h.organization_id = r.organization_id and h.run_id = r.id
           and h.to_status = 'processing')::int as "toProcessing",
       (select count(*) from run_status_history h
         where h.organization_id = r.organization_id and h.run_id = r.id
           and h.from_status = 'processing' and h.to_status = 'completed')::int
         as "processingToCompleted",
       (select count(*) from diarizations d
         where d.organization_id = r.organization_id and d.run_id = r.id)::int as diarizations,
       (select count(*) from transcripts t
         where t.organization_id = r.organization_id and t.run_id = r.id
           and t.status = 'completed')::int as transcripts,
       (select count(*) from responses s
         where s.organization_id = r.organization_id and s.run_id = r.id
           and s.status = 'completed')::int as responses,
       (select count(*) from analyses a
         where a.organization_id = r.organization_id and a.run_id = r.id
           and a.status = 'completed')::int as analyses,
       (select count(*) from audio_assets x
         where x.organization_id = r.organization_id and x.run_id = r.id)::int as "audioAssets"
     from runs r where r.organization_id = $1::text and r.id = any($2::text[])`,
    [organizationId, runIds],
  );
  return rows;
}

/** The status of every execution of a workflow type, by workflow id, from the visibility store. */
async function executionsOf(temporal: Client, type: string): Promise<Map<string, string[]>> {
  const executions = new Map<string, string[]>();
  for await (const execution of temporal.workflow.list({ query: `WorkflowType = '${type}'` })) {
    const statuses = executions.get(execution.workflowId) ?? [];
    statuses.push(execution.status.name);
    executions.set(execution.workflowId, statuses);
  }
  return executions;
}

/** What is wrong with a run's outputs, or nothing. */
function missingOutputs(run: RunOutcome): string[] {
  const missing: string[] = [];
  if (run.diarizations !== 1) missing.push('diarization');
  if (run.pipeline.transcript && run.transcripts !== 1) missing.push('transcript');
  if (run.pipeline.responses && run.responses !== 1) missing.push('responses');
  if (run.pipeline.analysis && run.analyses < 1) missing.push('analysis');
  if (run.audioAssets < expectedAudioAssets[run.audioLayout]) missing.push('audio assets');
  return missing;
}

export async function checkPipelines(
  temporal: Client,
  db: Pool,
  organizationId: string,
  runIds: string[],
): Promise<PipelineChecks> {
  const outcomes = new Map(
    (await runOutcomes(db, organizationId, runIds)).map((run) => [run.runId, run]),
  );
  const executions = await executionsOf(temporal, workflowTypes.interviewPipeline);
  const retentions = await executionsOf(temporal, workflowTypes.retention);
  const checks: PipelineChecks = { completedOnce: 0, lostRuns: 0, duplicatedRuns: 0, problems: [] };
  for (const runId of runIds) {
    const run = outcomes.get(runId);
    const statuses = executions.get(pipelineWorkflowId(runId)) ?? [];
    if (!run) {
      checks.lostRuns += 1;
      checks.problems.push(`${runId}: not stored`);
      continue;
    }
    const showsProcessing = run.sessionStatus === 'completed';
    const lost: string[] = [];
    if (!statuses.includes('COMPLETED'))
      lost.push(`pipeline ${statuses.join('+') || 'never started'}`);
    if (run.status !== run.sessionStatus) lost.push(`status ${run.status}`);
    if (showsProcessing && run.processingToCompleted === 0) lost.push('no processing→completed');
    // Continue-as-new closes one execution and opens the next: one of them runs, none failed.
    const retention = retentions.get(retentionWorkflowId(runId)) ?? [];
    if (
      !retention.includes('RUNNING') ||
      retention.some((status) => status !== 'RUNNING' && status !== 'CONTINUED_AS_NEW')
    )
      lost.push(`retention ${retention.join('+') || 'never started'}`);
    lost.push(...missingOutputs(run).map((output) => `no ${output}`));
    const duplicated: string[] = [];
    if (statuses.length > 1) duplicated.push(`${statuses.length} pipeline executions`);
    if (run.toProcessing > (showsProcessing ? 1 : 0))
      duplicated.push(`${run.toProcessing} moves to processing`);
    if (run.processingToCompleted > 1)
      duplicated.push(`${run.processingToCompleted} processing→completed`);
    if (run.pipeline.analysis && run.analyses > 1) duplicated.push(`${run.analyses} analyses`);
    if (lost.length > 0) checks.lostRuns += 1;
    if (duplicated.length > 0) checks.duplicatedRuns += 1;
    if (lost.length === 0 && duplicated.length === 0) checks.completedOnce += 1;
    else checks.problems.push(`${runId}: ${[...lost, ...duplicated].join(', ')}`);
  }
  return checks;
}
