/**
 * Stage 3: who spoke when. Voice activity is detected on the WAV masters (media task queue), the
 * turn log is aligned against it, and the result replaces the run's diarization row, so a retry
 * or a reprocess writes the same row again.
 */
import { listAudioAssets } from '../db/audio-assets';
import { saveDiarization } from '../db/diarizations';
import { getRun } from '../db/runs';
import { listTurns } from '../db/turns';
import { detectSpeech } from '../lib/audio/speech-segments';
import { diarize, type SpeechInput } from '../lib/diarization/align-turns';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import { elapsedSince, withProgress } from '../lib/temporal/activity-progress';
import type { ActivityDependencies } from './dependencies';
import type { RunRef } from './run-status';

export interface DiarizationSummary {
  method: string;
  segments: number;
  overlaps: number;
  offsetMs: number;
  elapsedMs: number;
}

export const createDiarizationActivities = ({ db, storage }: ActivityDependencies) => ({
  diarizeRun: async (ref: RunRef): Promise<DiarizationSummary> => {
    const start = process.hrtime.bigint();
    const run = await getRun(db, ref.organizationId, ref.runId);
    if (!run) throw new EpilogueError(`run ${ref.runId} not found`, FailureType.RunNotFound);
    const turns = await listTurns(db, ref.organizationId, ref.runId);
    const masters = (await listAudioAssets(db, ref.organizationId, ref.runId)).filter(
      (row) => row.kind === 'normalized' && row.format === 'wav',
    );
    const speechOf = async (track: 'agent' | 'participant' | 'mixed', signal: AbortSignal) => {
      const row = masters.find((candidate) => candidate.track === track);
      if (!row) throw new Error(`the ${track} master must exist before diarization`);
      return detectSpeech(await storage.localPath(row.blobKey), row.durationMs ?? 0, {
        noiseFloorDb: row.noiseFloorDb,
        signal,
      });
    };
    const result = await withProgress('diarize', async (progress) => {
      let speech: SpeechInput;
      if (run.audioLayout === 'two_track') {
        const [agent, participant] = await Promise.all([
          speechOf('agent', progress.signal),
          speechOf('participant', progress.signal),
        ]);
        speech = { layout: 'two_track', agent, participant };
      } else if (run.audioLayout === 'mixed') {
        speech = { layout: 'mixed', mixed: await speechOf('mixed', progress.signal) };
      } else {
        speech = { layout: 'none' };
      }
      const timings = turns.map((turn) => ({
        seq: turn.seq,
        role: turn.role,
        offset_ms: turn.occurredAt.getTime() - run.startedAt.getTime(),
        duration_ms: turn.durationMs,
      }));
      return diarize(timings, speech);
    });
    await saveDiarization(db, ref.organizationId, ref.runId, result);
    return {
      method: result.method,
      segments: result.segments.length,
      overlaps: result.overlaps.length,
      offsetMs: result.offset_ms,
      elapsedMs: elapsedSince(start),
    };
  },
});
