/**
 * Loudness normalization to −16 LUFS as measured by ffmpeg's own ebur128: clean and measure,
 * apply the gain through a true-peak limiter, then measure the result and correct once if the
 * limiter pulled it more than half a LU off target. The final loudness is returned, measured.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { LoudnessReader, SILENCE_LUFS } from './loudness';
import { applyGain, cleanAndMeasure, measure, mixTracks, TARGET_LUFS } from './normalize-commands';
import { type FfmpegBuild, runFfmpeg } from './run-ffmpeg';

export interface NormalizeContext {
  workDir: string;
  signal?: AbortSignal;
  /** Overall progress of this normalization, 0–1. */
  onProgress?: (fraction: number) => void;
}

export interface NormalizedAudio {
  lufs: number;
  gainDb: number;
  silent: boolean;
  /** Of the written master; null when it holds digital silence between words. */
  noiseFloorDb: number | null;
}

interface Levels {
  lufs: number;
  noiseFloorDb: number | null;
}

const TOLERANCE_LU = 0.5;

async function measured(
  build: FfmpegBuild,
  durationS: number,
  context: NormalizeContext,
  from: number,
  to: number,
): Promise<Levels> {
  const reader = new LoudnessReader();
  await runFfmpeg(build, {
    durationS,
    signal: context.signal,
    onStderrLine: reader.onLine,
    onProgress: (fraction) => context.onProgress?.(from + (to - from) * fraction),
  });
  return { lufs: reader.result(), noiseFloorDb: reader.noiseFloor() };
}

async function run(
  build: FfmpegBuild,
  durationS: number,
  context: NormalizeContext,
  from: number,
  to: number,
) {
  await runFfmpeg(build, {
    durationS,
    signal: context.signal,
    onProgress: (fraction) => context.onProgress?.(from + (to - from) * fraction),
  });
}

/** Brings an already clean 16 kHz mono file whose loudness is `lufs` to the target at `output`. */
async function applyTarget(
  clean: string,
  lufs: number,
  durationS: number,
  output: string,
  context: NormalizeContext,
): Promise<NormalizedAudio> {
  if (lufs <= SILENCE_LUFS) {
    // Nothing to bring up: gain on silence would only amplify the noise floor.
    await fs.copyFile(clean, output);
    return { lufs, gainDb: 0, silent: true, noiseFloorDb: null };
  }
  let gainDb = TARGET_LUFS - lufs;
  await run(applyGain(clean, gainDb, output), durationS, context, 0.6, 0.75);
  let result = await measured(measure(output), durationS, context, 0.75, 0.85);
  if (Math.abs(result.lufs - TARGET_LUFS) > TOLERANCE_LU) {
    gainDb += TARGET_LUFS - result.lufs;
    await run(applyGain(clean, gainDb, output), durationS, context, 0.85, 0.93);
    result = await measured(measure(output), durationS, context, 0.93, 1);
  }
  context.onProgress?.(1);
  return { lufs: result.lufs, gainDb, silent: false, noiseFloorDb: result.noiseFloorDb };
}

/** Decodes any accepted input and writes the normalized 16 kHz mono WAV master. */
export async function normalizeTrack(
  input: { file: string; channels: number; durationS: number },
  output: string,
  context: NormalizeContext,
): Promise<NormalizedAudio> {
  const clean = path.join(context.workDir, 'clean.wav');
  const { lufs } = await measured(
    cleanAndMeasure(input.file, input.channels, clean),
    input.durationS,
    context,
    0,
    0.6,
  );
  return applyTarget(clean, lufs, input.durationS, output, context);
}

/** Mixes two normalized tracks into one normalized playback master. */
export async function normalizeMix(
  tracks: { agent: string; participant: string; durationS: number },
  output: string,
  context: NormalizeContext,
): Promise<NormalizedAudio> {
  const mix = path.join(context.workDir, 'mix.wav');
  await run(mixTracks(tracks.agent, tracks.participant, mix), tracks.durationS, context, 0, 0.3);
  const { lufs } = await measured(measure(mix), tracks.durationS, context, 0.3, 0.6);
  return applyTarget(mix, lufs, tracks.durationS, output, context);
}
