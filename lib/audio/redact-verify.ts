/**
 * Checks a redacted recording before it may replace the original: it decodes, its decoded length
 * is the original's within 50 ms, and every span is what redaction put there (silence, or the
 * beep at its level). One ffmpeg pass decodes the file to 16 kHz mono PCM (an equal-weight
 * downmix, so a channel left audible still shows) and the levels are measured over each span.
 */
import { PassThrough } from 'node:stream';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';
import { BEEP_AMPLITUDE, type AudioSpan, type RedactionSound } from './redact-spans';
import { runFfmpeg } from './run-ffmpeg';

export interface SpanLevel extends AudioSpan {
  /** dBFS; −Infinity for digital silence. */
  peakDb: number;
  rmsDb: number;
}

export interface MeasuredAudio {
  durationMs: number;
  spans: SpanLevel[];
}

const RATE = 16_000;
/** Edges of a span are skipped: MP3 frames smear a few milliseconds of sound across a boundary. */
const EDGE_MS = 40;
export const DURATION_TOLERANCE_MS = 50;
/** Nothing audible: the quietest speech in a −16 LUFS master is far above this. */
export const SILENCE_PEAK_DB = -50;
/** The beep's RMS level, and how far from it a lossy encoding may leave it. */
export const BEEP_RMS_DB = 20 * Math.log10(BEEP_AMPLITUDE / Math.SQRT2);
export const BEEP_TOLERANCE_DB = 3;

const toDb = (linear: number) => (linear > 0 ? 20 * Math.log10(linear) : -Infinity);

function downmix(channels: number): string {
  if (channels <= 1) return 'anull';
  const weight = (1 / channels).toFixed(6);
  return `pan=mono|c0=${Array.from({ length: channels }, (_, c) => `${weight}*c${c}`).join('+')}`;
}

/** The inner part of each span, in samples, that is measured. */
function windows(spans: readonly AudioSpan[]): { from: number; to: number }[] {
  return spans.map((span) => {
    const from = Math.round(((span.startMs + EDGE_MS) * RATE) / 1000);
    const to = Math.round(((span.endMs - EDGE_MS) * RATE) / 1000);
    return to > from ? { from, to } : { from: 0, to: 0 };
  });
}

/** Decodes `file` and measures its length and the level inside each span. */
export async function measureAudio(
  file: string,
  channels: number,
  spans: readonly AudioSpan[],
): Promise<MeasuredAudio> {
  const ranges = windows(spans);
  const peak = ranges.map(() => 0);
  const sumSquares = ranges.map(() => 0);
  const counts = ranges.map(() => 0);
  let sample = 0;
  let carry: Buffer = Buffer.alloc(0);
  const pcm = new PassThrough();
  // Only the samples inside a window are read: the rest of a long recording is just counted.
  pcm.on('data', (chunk: Buffer) => {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = data.length - (data.length % 2);
    const first = sample;
    const end = first + whole / 2;
    ranges.forEach((range, index) => {
      for (let at = Math.max(range.from, first); at < Math.min(range.to, end); at += 1) {
        const value = data.readInt16LE((at - first) * 2) / 32768;
        peak[index] = Math.max(peak[index]!, Math.abs(value));
        sumSquares[index]! += value * value;
        counts[index]! += 1;
      }
    });
    sample = end;
    carry = data.subarray(whole);
  });
  await runFfmpeg((command) =>
    command
      .input(file)
      .audioFilters(downmix(channels))
      .outputOptions(['-ac', '1', '-ar', String(RATE), '-f', 's16le', '-c:a', 'pcm_s16le'])
      .output(pcm),
  );
  return {
    durationMs: (sample * 1000) / RATE,
    spans: spans.map((span, index) => ({
      ...span,
      peakDb: toDb(peak[index]!),
      rmsDb: counts[index] ? toDb(Math.sqrt(sumSquares[index]! / counts[index])) : -Infinity,
    })),
  };
}

/** Whether a measured span holds what redaction put there. */
export function spanIsRedacted(level: SpanLevel, sound: RedactionSound): boolean {
  return sound === 'silence'
    ? level.peakDb <= SILENCE_PEAK_DB
    : Math.abs(level.rmsDb - BEEP_RMS_DB) <= BEEP_TOLERANCE_DB;
}

/**
 * Throws RedactionNotVerified unless the redacted file decodes to the original's length and every
 * span inside it is silent or beeped. `label` names the file in the message (kind and track).
 */
export async function verifyRedactedAudio(input: {
  file: string;
  channels: number;
  originalDurationMs: number;
  spans: readonly AudioSpan[];
  sound: RedactionSound;
  label: string;
}): Promise<MeasuredAudio> {
  const fail = (reason: string) =>
    new EpilogueError(
      `redacted ${input.label} audio failed verification: ${reason}`,
      FailureType.RedactionNotVerified,
    );
  // Spans past the end of this file (a shorter track of the run) have nothing to check.
  const inFile = input.spans
    .map((span) => ({
      startMs: span.startMs,
      endMs: Math.min(span.endMs, input.originalDurationMs),
    }))
    .filter((span) => span.endMs - span.startMs > 2 * EDGE_MS);
  let measured: MeasuredAudio;
  try {
    measured = await measureAudio(input.file, input.channels, inFile);
  } catch (error) {
    // Retryable, unlike the checks below: a decode can fail for passing reasons (a killed
    // ffmpeg, a full disk), and the next attempt redacts afresh. ffmpeg's words name no
    // personal data, only the codec and the stream.
    throw new Error(
      `redacted ${input.label} audio does not decode (${(error as Error).message.split('\n')[0]})`,
      {
        cause: error,
      },
    );
  }
  const drift = Math.abs(measured.durationMs - input.originalDurationMs);
  if (drift > DURATION_TOLERANCE_MS) {
    throw fail(`its length differs from the original's by ${Math.round(drift)} ms`);
  }
  const audible = measured.spans.filter((level) => !spanIsRedacted(level, input.sound));
  if (audible.length > 0) {
    const first = audible[0]!;
    throw fail(
      `${audible.length} of ${measured.spans.length} spans are not ${input.sound === 'beep' ? 'beeped' : 'silent'} (first at ${Math.round(first.startMs)} ms)`,
    );
  }
  return measured;
}
