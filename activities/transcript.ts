/**
 * Stages 4 and 5: assemble the transcript from the turn log and the diarization, then extract the
 * per-question responses from it. Both replace their run's row, so retries write the same rows.
 */
import { listAudioAssets } from '../db/audio-assets';
import { getDiarization } from '../db/diarizations';
import { saveResponses } from '../db/responses';
import { getRun } from '../db/runs';
import { getTranscript, saveTranscript } from '../db/transcripts';
import { listTurns } from '../db/turns';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import { elapsedSince, withProgress } from '../lib/temporal/activity-progress';
import { extractResponses } from '../lib/responses/extract-responses';
import { assembleTranscript } from '../lib/transcript/assemble-transcript';
import type { ActivityDependencies } from './dependencies';
import type { RunRef } from './run-status';

export interface TranscriptSummary {
  entries: number;
  language: string | null;
  durationS: number;
  corrections: number;
  elapsedMs: number;
}

export interface ResponsesSummary {
  answered: number;
  total: number;
  completionRate: number;
  requiredUnanswered: string[];
  elapsedMs: number;
}

export const createTranscriptActivities = ({ db }: ActivityDependencies) => {
  const loadRun = async (ref: RunRef) => {
    const run = await getRun(db, ref.organizationId, ref.runId);
    if (!run) throw new EpilogueError(`run ${ref.runId} not found`, FailureType.RunNotFound);
    return run;
  };

  return {
    // Heartbeats (withProgress) let a dead worker's attempt time out in a minute, not five.
    assembleTranscript: (ref: RunRef): Promise<TranscriptSummary> =>
      withProgress('transcript', async () => {
        const start = process.hrtime.bigint();
        const run = await loadRun(ref);
        const [turns, diarization, assets] = await Promise.all([
          listTurns(db, ref.organizationId, ref.runId),
          getDiarization(db, ref.organizationId, ref.runId),
          listAudioAssets(db, ref.organizationId, ref.runId),
        ]);
        const masters = assets.filter((row) => row.kind === 'normalized');
        const transcript = assembleTranscript({
          runId: ref.runId,
          startedAt: run.startedAt,
          turns,
          alignment: diarization?.alignment ?? [],
          blueprint: run.blueprint,
          audioDurationMs:
            masters.length > 0 ? Math.max(...masters.map((row) => row.durationMs ?? 0)) : null,
        });
        await saveTranscript(db, ref.organizationId, transcript);
        return {
          entries: transcript.entries.length,
          language: transcript.language,
          durationS: transcript.duration_s,
          corrections: transcript.corrections.length,
          elapsedMs: elapsedSince(start),
        };
      }),

    extractResponses: (ref: RunRef): Promise<ResponsesSummary> =>
      withProgress('responses', async () => {
        const start = process.hrtime.bigint();
        const run = await loadRun(ref);
        const transcript = await getTranscript(db, ref.organizationId, ref.runId);
        if (!transcript)
          throw new Error('the transcript must exist before responses are extracted');
        const responses = extractResponses({
          runId: ref.runId,
          blueprint: run.blueprint,
          entries: transcript.entries,
          sessionStatus: run.sessionStatus,
        });
        await saveResponses(db, ref.organizationId, responses);
        return {
          answered: responses.items.filter((item) => item.answered).length,
          total: responses.items.length,
          completionRate: responses.completion_rate,
          requiredUnanswered: responses.required_unanswered,
          elapsedMs: elapsedSince(start),
        };
      }),
  };
};
