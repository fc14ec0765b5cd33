/**
 * Audio stages: validate the uploads, normalize each track to a −16 LUFS 16 kHz mono WAV master,
 * mix two tracks into one playback master, and encode MP3 copies. They run on the media task
 * queue. Each is safe to retry: outputs are content-addressed blobs recorded under their natural
 * key, and a stage whose output already exists returns it unless asked to redo it (`force`).
 */
import path from 'node:path';
import {
  listAudioAssets,
  referencedBlobKeys,
  upsertAudioAsset,
  type AudioAssetRow,
  type AudioTrackName,
} from '../db/audio-assets';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import { probeAudio } from '../lib/audio/probe-audio';
import { SILENCE_LUFS } from '../lib/audio/loudness';
import { normalizeMix, normalizeTrack, type NormalizedAudio } from '../lib/audio/normalize-audio';
import { encodeMp3, OUTPUT_SAMPLE_RATE } from '../lib/audio/normalize-commands';
import { runFfmpeg } from '../lib/audio/run-ffmpeg';
import { elapsedSince, withProgress } from '../lib/temporal/activity-progress';
import { withWorkDir } from '../lib/storage/work-dir';
import type { ActivityDependencies } from './dependencies';
import type { RunRef } from './run-status';

export interface TrackRef extends RunRef {
  track: AudioTrackName;
  /** Redo the stage even if its output exists (reprocessing). */
  force?: boolean;
}

export interface SourceTrack {
  track: AudioTrackName;
  durationMs: number;
}

export interface MasterTrack {
  track: AudioTrackName;
  durationMs: number;
  lufs: number;
  silent: boolean;
  elapsedMs: number;
}

/** A decoded file this much shorter than its header claims was cut off in transfer. */
const TRUNCATION_RATIO = 0.9;

export const createAudioActivities = ({ db, storage, audioLimits }: ActivityDependencies) => {
  const assets = (ref: RunRef) => listAudioAssets(db, ref.organizationId, ref.runId);
  const find = (
    rows: AudioAssetRow[],
    kind: AudioAssetRow['kind'],
    track: AudioTrackName,
    format?: string,
  ) =>
    rows.find(
      (row) =>
        row.kind === kind && row.track === track && (format === undefined || row.format === format),
    );

  /** Stores an output file and records it; a replaced blob is deleted once nothing uses it. */
  const record = async (
    ref: RunRef,
    file: string,
    asset: Omit<AudioAssetRow, 'blobKey' | 'sha256' | 'byteSize'>,
  ) => {
    const blob = await storage.putFile(ref.organizationId, file, asset.format);
    const replaced = await upsertAudioAsset(db, ref.organizationId, ref.runId, {
      ...asset,
      blobKey: blob.key,
      sha256: blob.sha256,
      byteSize: blob.size,
    });
    if (replaced && !(await referencedBlobKeys(db, ref.organizationId, [replaced])).has(replaced)) {
      await storage.delete(replaced);
    }
  };

  /** An existing output whose blob is really there, or undefined. */
  const existing = async (
    rows: AudioAssetRow[],
    kind: AudioAssetRow['kind'],
    track: AudioTrackName,
    format: string,
  ) => {
    const row = find(rows, kind, track, format);
    return row && (await storage.exists(row.blobKey)) ? row : undefined;
  };

  return {
    /** Stage 1: ffprobe every uploaded track; unusable audio fails with a typed error. */
    probeSourceAudio: async (ref: RunRef): Promise<SourceTrack[]> => {
      const sources = (await assets(ref)).filter((row) => row.kind === 'source');
      const probed: SourceTrack[] = [];
      for (const source of sources) {
        const probe = await probeAudio(
          await storage.localPath(source.blobKey),
          source.track,
          audioLimits,
        );
        await upsertAudioAsset(db, ref.organizationId, ref.runId, {
          ...source,
          durationMs: probe.durationMs,
          sampleRate: probe.sampleRate,
          channels: probe.channels,
          codec: probe.codec,
        });
        probed.push({ track: source.track, durationMs: probe.durationMs });
      }
      return probed;
    },

    /** Stage 2: the track's WAV master at −16 LUFS, 16 kHz mono, high-passed and denoised. */
    normalizeTrack: async (ref: TrackRef): Promise<MasterTrack> => {
      const start = process.hrtime.bigint();
      const rows = await assets(ref);
      const done = !ref.force ? await existing(rows, 'normalized', ref.track, 'wav') : undefined;
      if (done) return master(done, start);
      const source = find(rows, 'source', ref.track);
      if (!source)
        throw new EpilogueError(
          `run ${ref.runId} has no ${ref.track} track`,
          FailureType.InvalidAudio,
        );
      const input = await storage.localPath(source.blobKey);
      const probe = await probeAudio(input, ref.track, audioLimits);
      return withProgress(`normalize ${ref.track}`, (progress) =>
        withWorkDir(async (dir) => {
          const output = path.join(dir, 'master.wav');
          const result = await normalizeTrack(
            { file: input, channels: probe.channels, durationS: probe.durationMs / 1000 },
            output,
            {
              workDir: dir,
              signal: progress.signal,
              onProgress: (fraction) => progress.report(fraction),
            },
          );
          const decoded = await probeAudio(output, ref.track, {
            minDurationMs: 0,
            maxDurationMs: Infinity,
          });
          if (decoded.durationMs < probe.durationMs * TRUNCATION_RATIO) {
            throw new EpilogueError(
              `${ref.track} track is truncated: its header says ${Math.round(probe.durationMs / 1000)} s but it holds ${Math.round(decoded.durationMs / 1000)} s of audio`,
              FailureType.InvalidAudio,
            );
          }
          await recordMaster(ref, ref.track, output, decoded.durationMs, result);
          return {
            track: ref.track,
            durationMs: decoded.durationMs,
            lufs: result.lufs,
            silent: result.silent,
            elapsedMs: elapsedSince(start),
          };
        }),
      );
    },

    /** Stage 2b (two tracks): the normalized mix of both masters, for playback and export. */
    mixTracks: async (ref: RunRef & { force?: boolean }): Promise<MasterTrack> => {
      const start = process.hrtime.bigint();
      const rows = await assets(ref);
      const done = !ref.force ? await existing(rows, 'normalized', 'mixed', 'wav') : undefined;
      if (done) return master(done, start);
      const agent = find(rows, 'normalized', 'agent', 'wav');
      const participant = find(rows, 'normalized', 'participant', 'wav');
      if (!agent || !participant) throw new Error('both tracks must be normalized before mixing');
      const durationMs = Math.max(agent.durationMs ?? 0, participant.durationMs ?? 0);
      return withProgress('mix', (progress) =>
        withWorkDir(async (dir) => {
          const output = path.join(dir, 'mixed.wav');
          const result = await normalizeMix(
            {
              agent: await storage.localPath(agent.blobKey),
              participant: await storage.localPath(participant.blobKey),
              durationS: durationMs / 1000,
            },
            output,
            {
              workDir: dir,
              signal: progress.signal,
              onProgress: (fraction) => progress.report(fraction),
            },
          );
          await recordMaster(ref, 'mixed', output, durationMs, result);
          return {
            track: 'mixed' as const,
            durationMs,
            lufs: result.lufs,
            silent: result.silent,
            elapsedMs: elapsedSince(start),
          };
        }),
      );
    },

    /** Stage 2c: the MP3 playback copy of a WAV master. */
    encodePlayback: async (
      ref: TrackRef,
    ): Promise<{ track: AudioTrackName; elapsedMs: number }> => {
      const start = process.hrtime.bigint();
      const rows = await assets(ref);
      if (!ref.force && (await existing(rows, 'playback', ref.track, 'mp3'))) {
        return { track: ref.track, elapsedMs: elapsedSince(start) };
      }
      const wav = find(rows, 'normalized', ref.track, 'wav');
      if (!wav) throw new Error(`the ${ref.track} master must exist before its MP3`);
      const input = await storage.localPath(wav.blobKey);
      await withProgress(`mp3 ${ref.track}`, (progress) =>
        withWorkDir(async (dir) => {
          const output = path.join(dir, 'playback.mp3');
          await runFfmpeg(encodeMp3(input, output), {
            durationS: (wav.durationMs ?? 0) / 1000,
            signal: progress.signal,
            onProgress: (fraction) => progress.report(fraction),
          });
          await record(ref, output, {
            kind: 'playback',
            track: ref.track,
            format: 'mp3',
            durationMs: wav.durationMs,
            sampleRate: OUTPUT_SAMPLE_RATE,
            channels: 1,
            codec: 'mp3',
            loudnessLufs: wav.loudnessLufs,
            noiseFloorDb: wav.noiseFloorDb,
          });
        }),
      );
      return { track: ref.track, elapsedMs: elapsedSince(start) };
    },
  };

  function master(row: AudioAssetRow, start: bigint): MasterTrack {
    return {
      track: row.track,
      durationMs: row.durationMs ?? 0,
      lufs: row.loudnessLufs ?? 0,
      silent: (row.loudnessLufs ?? 0) <= SILENCE_LUFS,
      elapsedMs: elapsedSince(start),
    };
  }

  async function recordMaster(
    ref: RunRef,
    track: AudioTrackName,
    file: string,
    durationMs: number,
    result: NormalizedAudio,
  ) {
    await record(ref, file, {
      kind: 'normalized',
      track,
      format: 'wav',
      durationMs,
      sampleRate: OUTPUT_SAMPLE_RATE,
      channels: 1,
      codec: 'pcm_s16le',
      loudnessLufs: result.lufs,
      noiseFloorDb: result.noiseFloorDb,
    });
  }
};
