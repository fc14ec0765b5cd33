/**
 * The ffmpeg commands of audio normalization, as builders, so the pipeline and the benchmark's
 * "bare ffmpeg" baseline run exactly the same commands.
 *
 * Why this shape: ffmpeg's `loudnorm` works at 192 kHz internally and costs ~25 s per pass on a
 * 30-minute track, so instead the first pass cleans the signal once at 16 kHz mono (high-pass,
 * FFT denoise) while `ebur128` measures it, and the second applies the measured gain with a
 * true-peak limiter. Both passes are cheap because everything after the first filter is 16 kHz mono.
 */
import type { FfmpegBuild } from './run-ffmpeg';
import { ebur128Filter, levelsFilter } from './loudness';

export const TARGET_LUFS = -16;
export const OUTPUT_SAMPLE_RATE = 16_000;
/** −1 dBTP as a linear ceiling for alimiter. */
const LIMIT_LINEAR = 0.891;
/** Deterministic output (no encoder version strings), so a retried stage writes identical bytes. */
const bitexact = ['-fflags', '+bitexact', '-flags:a', '+bitexact'];

/** Equal-weight downmix of any channel count to mono, without the +3 dB of the default rematrix. */
function downmix(channels: number): string {
  if (channels <= 1) return 'anull';
  const weight = (1 / channels).toFixed(6);
  const terms = Array.from({ length: channels }, (_, index) => `${weight}*c${index}`).join('+');
  return `pan=mono|c0=${terms}`;
}

/** Pass 1: decode, downmix, resample to 16 kHz, high-pass, denoise; measure loudness on the way. */
export const cleanAndMeasure =
  (input: string, channels: number, output: string): FfmpegBuild =>
  (command) =>
    command
      .input(input)
      .complexFilter(
        `[0:a]${downmix(channels)},aresample=${OUTPUT_SAMPLE_RATE},highpass=f=80,afftdn=nf=-25,asplit=2[clean][measure];` +
          `[measure]${ebur128Filter()},anullsink`,
      )
      .outputOptions(['-map', '[clean]', '-c:a', 'pcm_s16le', '-ac', '1', ...bitexact])
      .output(output);

/** Measures loudness and noise floor of a 16 kHz mono file (a master, or a mix of masters). */
export const measure =
  (input: string): FfmpegBuild =>
  (command) =>
    command
      .input(input)
      .audioFilters(levelsFilter())
      .outputOptions(['-f', 'null'])
      .output('/dev/null');

/** Pass 2: apply the gain that brings the measured loudness to the target, then limit peaks. */
export const applyGain =
  (input: string, gainDb: number, output: string): FfmpegBuild =>
  (command) =>
    command
      .input(input)
      .audioFilters(`volume=${gainDb.toFixed(2)}dB,alimiter=limit=${LIMIT_LINEAR}:level=false`)
      .outputOptions([
        '-c:a',
        'pcm_s16le',
        '-ar',
        String(OUTPUT_SAMPLE_RATE),
        '-ac',
        '1',
        ...bitexact,
      ])
      .output(output);

/** Mixes the normalized agent and participant tracks into one playback track (sum, no ducking). */
export const mixTracks =
  (agent: string, participant: string, output: string): FfmpegBuild =>
  (command) =>
    command
      .input(agent)
      .input(participant)
      .complexFilter('[0:a][1:a]amix=inputs=2:duration=longest:normalize=0[mix]')
      .outputOptions(['-map', '[mix]', '-c:a', 'pcm_s16le', '-ac', '1', ...bitexact])
      .output(output);

/** The playback copy: MP3 from the normalized WAV (VBR, fastest LAME search: speech at 16 kHz). */
export const encodeMp3 =
  (input: string, output: string): FfmpegBuild =>
  (command) =>
    command
      .input(input)
      .outputOptions([
        '-c:a',
        'libmp3lame',
        '-q:a',
        '6',
        '-compression_level',
        '9',
        '-id3v2_version',
        '0',
        ...bitexact,
      ])
      .output(output);

/** Voice activity by ffmpeg's silencedetect: silences of at least 0.3 s below the threshold. */
export const detectSilence =
  (input: string, thresholdDb: number): FfmpegBuild =>
  (command) =>
    command
      .input(input)
      .audioFilters(`silencedetect=noise=${thresholdDb.toFixed(1)}dB:d=0.3`)
      .outputOptions(['-f', 'null'])
      .output('/dev/null');
