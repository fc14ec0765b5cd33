/**
 * `pipeline:<runId>` — takes a finished run from raw session data to its results, stage by stage:
 * validate the audio, normalize it, diarize, assemble the transcript, extract responses. Each stage
 * is an idempotent activity; the workflow passes ids only, so no personal data enters history.
 * Operators follow it through the `PipelineStage` / `RunStatus` search attributes and the
 * `progress` query. Bad input marks the run failed with the typed reason and keeps everything else.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowCancellationType,
  defineQuery,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import type { AnalysisSummary } from '../activities/analysis';
import type { MasterTrack } from '../activities/audio';
import type { ResponsesSummary, TranscriptSummary } from '../activities/transcript';
import type { PipelineRun, RunRef } from '../activities/run-status';
import type { StageState } from '../db/runs';
import {
  analysisWorkflowId,
  mediaTaskQueue,
  PLATFORM_ID_PATTERN,
  searchAttributes,
  workflowTypes,
} from '../lib/ids';
import { analysisOptions, analysisStateAfter, runAnalyzedData } from './analysis-stage';
import type { retryAnalysis } from './retry-analysis';
import { startRetention } from './retention';
import { emitWebhookEvent } from './webhook-event';

/** Database-only steps: quick, retried on transient errors for as long as it takes. */
const quickDbOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

/** Text stages read and write whole transcripts: a little longer than a plain update. */
const textOptions = {
  startToCloseTimeout: '5 minutes',
  // They heartbeat every 5 s: a minute of silence is a dead worker, retried at once rather than
  // when the 5 minutes are up (the chaos run found runs held that long).
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;

const { loadPipelineRun, setRunStatus, setPipelineState, markRunFailed } =
  proxyActivities<Activities>(quickDbOptions);
const { assembleTranscript, extractResponses } = proxyActivities<Activities>(textOptions);
const { analyzeRun } = proxyActivities<Activities>(analysisOptions);

/** ffmpeg work on the media queue, whose concurrency follows the CPU count. */
const mediaOptions = () =>
  ({
    taskQueue: mediaTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '2 hours',
    // ffmpeg reports progress several times a second and the activity heartbeats every 5 s: 30 s of
    // silence means a dead worker, and the retry moves the stage to a live one.
    heartbeatTimeout: '30 seconds',
    // A file ffmpeg keeps failing on will not heal: after five tries the run is marked failed with the reason.
    retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 5 },
  }) as const;

export const pipelineStages = [
  'load',
  'validate',
  'normalize',
  'diarize',
  'transcript',
  'responses',
  'analysis',
  'playback',
  'finish',
] as const;
export type PipelineStageName = (typeof pipelineStages)[number];

/** Stages an operator may ask to run again; everything after the earliest one reruns with it. */
export const reprocessableStages = [
  'normalize',
  'diarize',
  'transcript',
  'responses',
  'analysis',
] as const;
export type ReprocessableStage = (typeof reprocessableStages)[number];

export interface PipelineInput {
  runId: string;
  /** Lets the search attributes be set before the run is loaded, and scopes the lookup. */
  organizationId?: string;
  /** Reprocessing: redo these stages (and those after them) even though their outputs exist. */
  reprocess?: { stages: ReprocessableStage[] };
}

export interface PipelineProgress {
  runId: string;
  stage: PipelineStageName | 'done' | 'failed';
  percent: number;
  stagesDone: PipelineStageName[];
  /** Milliseconds each finished stage took, measured by its activities. */
  timings: Partial<Record<PipelineStageName, number>>;
}

export interface PipelineResult {
  runId: string;
  organizationId: string;
  status: string;
  stages: Record<string, StageState>;
}

export const progressQuery = defineQuery<PipelineProgress>('progress');

/** Relative cost of each stage, so the percentage moves like the wall clock does. */
const stageWeights: Record<PipelineStageName, number> = {
  load: 1,
  validate: 2,
  normalize: 45,
  diarize: 8,
  transcript: 3,
  responses: 3,
  analysis: 5,
  playback: 30,
  finish: 1,
};
const totalWeight = Object.values(stageWeights).reduce((sum, weight) => sum + weight, 0);

function failureReason(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure)
    return `${cause.type ?? 'ProcessingFailed'}: ${cause.message}`;
  return `ProcessingFailed: ${(cause as Error).message}`;
}

export async function interviewPipeline(input: PipelineInput): Promise<PipelineResult> {
  // Started by name from any language: an id no run can have (not a string, NUL, SQL text...)
  // fails at once, before it reaches a search attribute or a query that would retry forever.
  const ids = [input.runId, ...(input.organizationId === undefined ? [] : [input.organizationId])];
  if (!ids.every((id) => typeof id === 'string' && PLATFORM_ID_PATTERN.test(id))) {
    throw ApplicationFailure.nonRetryable(
      'run not found: not a valid run or organization id',
      'RunNotFound',
    );
  }
  const progress: PipelineProgress = {
    runId: input.runId,
    stage: 'load',
    percent: 0,
    stagesDone: [],
    timings: {},
  };
  setHandler(progressQuery, () => progress);
  const stageStates: Record<string, StageState> = {};
  const redoFrom = input.reprocess
    ? Math.min(...input.reprocess.stages.map((stage) => pipelineStages.indexOf(stage)))
    : Infinity;
  const force = (stage: PipelineStageName) => pipelineStages.indexOf(stage) >= redoFrom;

  const enter = (stage: PipelineProgress['stage']) => {
    progress.stage = stage;
    upsertSearchAttributes([{ key: searchAttributes.pipelineStage, value: stage }]);
  };
  const finish = (stage: PipelineStageName, elapsedMs?: number) => {
    progress.stagesDone.push(stage);
    if (elapsedMs !== undefined) progress.timings[stage] = elapsedMs;
    const done = progress.stagesDone.reduce((sum, name) => sum + stageWeights[name], 0);
    progress.percent = Math.round((100 * done) / totalWeight);
  };
  const setRunStatusAttribute = (status: string) =>
    upsertSearchAttributes([{ key: searchAttributes.runStatus, value: status }]);

  upsertSearchAttributes([
    { key: searchAttributes.runId, value: input.runId },
    ...(input.organizationId
      ? [{ key: searchAttributes.organizationId, value: input.organizationId }]
      : []),
  ]);

  let run: PipelineRun | undefined;
  try {
    enter('load');
    run = await loadPipelineRun({ runId: input.runId, organizationId: input.organizationId });
    upsertSearchAttributes([
      { key: searchAttributes.organizationId, value: run.organizationId },
      { key: searchAttributes.runStatus, value: run.status },
    ]);
    finish('load');
    const ref: RunRef = { organizationId: run.organizationId, runId: run.runId };
    // The session is over: the customer hears so at once, before any processing.
    await emitWebhookEvent({
      ...ref,
      eventType: 'run.ended',
      eventKey: `run.ended:${run.runId}`,
      data: { run_id: run.runId, status: run.sessionStatus },
    });
    // Completed sessions show as processing while the pipeline works; abandoned and expired runs
    // keep their status and go through the same stages as partial runs.
    const showsProcessing = run.sessionStatus === 'completed';
    if (showsProcessing) {
      await setRunStatus({ ...ref, to: 'processing', from: ['completed', 'processing', 'failed'] });
      setRunStatusAttribute('processing');
    }

    const media = proxyActivities<Activities>(mediaOptions());
    const tracks =
      run.audioLayout === 'two_track'
        ? (['agent', 'participant'] as const)
        : run.audioLayout === 'mixed'
          ? (['mixed'] as const)
          : [];

    enter('validate');
    if (tracks.length > 0) await media.probeSourceAudio(ref);
    finish('validate');

    enter('normalize');
    const masters: MasterTrack[] = await Promise.all(
      tracks.map((track) => media.normalizeTrack({ ...ref, track, force: force('normalize') })),
    );
    if (masters.length > 0 && masters.every((master) => master.silent)) {
      throw ApplicationFailure.nonRetryable(
        'the recording holds no speech above the silence floor',
        'SilentAudio',
      );
    }
    stageStates['audio'] = tracks.length > 0 ? 'done' : 'skipped';
    finish('normalize', Math.max(0, ...masters.map((master) => master.elapsedMs)));

    // Playback copies (MP3s, and the mix of two tracks) need only the masters: they run on the
    // media queue while diarization and the text stages go ahead.
    const playback = Promise.all([
      ...tracks.map((track) => media.encodePlayback({ ...ref, track, force: force('normalize') })),
      ...(run.audioLayout === 'two_track'
        ? [
            media
              .mixTracks({ ...ref, force: force('normalize') })
              .then(() =>
                media.encodePlayback({ ...ref, track: 'mixed', force: force('normalize') }),
              ),
          ]
        : []),
    ]);
    // Observed at once, so that if a later stage fails first this rejection is not left unhandled.
    void playback.catch(() => undefined);

    enter('diarize');
    const diarization = await media.diarizeRun(ref);
    stageStates['diarization'] = 'done';
    finish('diarize', diarization.elapsedMs);

    let transcript: TranscriptSummary | undefined;
    let responses: ResponsesSummary | undefined;
    let analysis: AnalysisSummary | undefined;
    stageStates['transcript'] = stageStates['responses'] = stageStates['analysis'] = 'skipped';
    if (run.pipeline.transcript) {
      enter('transcript');
      transcript = await assembleTranscript(ref);
      stageStates['transcript'] = 'done';
      finish('transcript', transcript.elapsedMs);
    }
    if (transcript && run.pipeline.responses) {
      enter('responses');
      responses = await extractResponses(ref);
      stageStates['responses'] = 'done';
      finish('responses', responses.elapsedMs);
    }
    if (responses && run.pipeline.analysis) {
      enter('analysis');
      try {
        analysis = await analyzeRun({
          ...ref,
          requestId: analysisRequestId(),
          force: force('analysis'),
        });
        stageStates['analysis'] = 'done';
        finish('analysis', analysis.elapsedMs);
      } catch (error) {
        // The analysis provider being down or refusing must not hold back the rest of the run.
        if (!(error instanceof ActivityFailure)) throw error;
        stageStates['analysis'] = analysisStateAfter(error);
        finish('analysis');
      }
    }

    enter('playback');
    const encoded = await playback;
    stageStates['playback'] = tracks.length > 0 ? 'done' : 'skipped';
    finish('playback', Math.max(0, ...encoded.map((result) => result.elapsedMs)));

    enter('finish');
    await setPipelineState({ ...ref, states: stageStates });
    const finalStatus = showsProcessing ? 'completed' : run.sessionStatus;
    if (showsProcessing) await setRunStatus({ ...ref, to: 'completed', from: ['processing'] });
    setRunStatusAttribute(finalStatus);
    // The run is final: its retention timers start now, whatever its analysis is doing.
    await startRetention(ref);
    if (stageStates['analysis'] === 'retrying') {
      await startAnalysisRetries({
        ...ref,
        requestId: analysisRequestId(),
        status: finalStatus,
        force: force('analysis'),
      });
    } else {
      await emitWebhookEvent({
        ...ref,
        eventType: 'run.analyzed',
        eventKey: analyzedEventKey(run.runId, input),
        data: runAnalyzedData({
          runId: run.runId,
          status: finalStatus,
          stages: stageStates,
          transcript,
          responses,
          analysis,
        }),
      });
    }
    finish('finish');
    enter('done');
    return {
      runId: run.runId,
      organizationId: run.organizationId,
      status: finalStatus,
      stages: stageStates,
    };
  } catch (error) {
    progress.stage = 'failed';
    upsertSearchAttributes([{ key: searchAttributes.pipelineStage, value: 'failed' }]);
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const notFound = cause instanceof ApplicationFailure && cause.type === 'RunNotFound';
    if (
      run &&
      !notFound &&
      (error instanceof ActivityFailure || error instanceof ApplicationFailure)
    ) {
      const ref = { organizationId: run.organizationId, runId: run.runId };
      await setPipelineState({
        ...ref,
        states: { ...stageStates, [progressFailedStage(progress)]: 'failed' },
      });
      const reason = failureReason(error);
      await markRunFailed({ ...ref, reason });
      await startRetention(ref);
      setRunStatusAttribute('failed');
      // The pipeline is done, unsuccessfully: the customer hears why (the reason holds no personal data).
      await emitWebhookEvent({
        ...ref,
        eventType: 'run.analyzed',
        eventKey: analyzedEventKey(run.runId, input),
        data: runAnalyzedData({ runId: run.runId, status: 'failed', reason, stages: stageStates }),
      });
    }
    throw error;
  }
}

/** One analysis request per pipeline execution, so a retried activity finds the version it stored. */
function analysisRequestId(): string {
  return `${workflowInfo().workflowId}/${workflowInfo().runId}`;
}

/** The first pipeline announces `run.analyzed` once; each reprocessing announces its own. */
function analyzedEventKey(runId: string, input: PipelineInput): string {
  return input.reprocess
    ? `run.analyzed:${runId}:reprocess:${workflowInfo().runId}`
    : `run.analyzed:${runId}`;
}

/** Hands the analysis to `analysis:<runId>`, which outlives this workflow and retries for a day. */
async function startAnalysisRetries(input: Parameters<typeof retryAnalysis>[0]): Promise<void> {
  try {
    await startChild<typeof retryAnalysis>(workflowTypes.retryAnalysis, {
      workflowId: analysisWorkflowId(input.runId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      cancellationType: ChildWorkflowCancellationType.ABANDON,
      typedSearchAttributes: [
        { key: searchAttributes.organizationId, value: input.organizationId },
        { key: searchAttributes.runId, value: input.runId },
      ],
    });
  } catch (error) {
    // Already retrying (a reprocess while the last retries run): those retries will settle it.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** The stage that was running when the pipeline failed, as a pipeline_state key. */
function progressFailedStage(progress: PipelineProgress): string {
  const next = pipelineStages.find((stage) => !progress.stagesDone.includes(stage));
  return next === 'normalize' || next === 'validate' ? 'audio' : (next ?? 'finish');
}
