/**
 * Replaces spans of a recording with a beep or with silence, sample-exactly, in one ffmpeg pass
 * that keeps the file's rate and channels. `aeval` decides per sample whether it is inside a span;
 * its `enable` gate (checked per frame, frames capped at 2048 samples) skips evaluation of the
 * frames far from any span, so a long recording with a few spans costs little more than a copy.
 * The span test is a balanced tree of comparisons: a few per sample even for hundreds of spans.
 */
import type { FfmpegBuild } from './run-ffmpeg';

export interface AudioSpan {
  startMs: number;
  endMs: number;
}

export type RedactionSound = 'beep' | 'silence';

/** The classic censor tone. */
export const BEEP_FREQUENCY_HZ = 1000;
/** −20 dBFS peak (−23 dBFS RMS): clearly audible, below the −16 LUFS masters' speech peaks. */
export const BEEP_AMPLITUDE = 0.1;

const FRAME_SAMPLES = 2048;
/** Longer than a 2048-sample frame at any rate the pipeline accepts (8 kHz and up). */
const GATE_MARGIN_S = 0.5;

/** Deterministic output, so redacting the same file with the same spans gives the same bytes. */
const bitexact = ['-fflags', '+bitexact', '-flags:a', '+bitexact'];

export const redactedEncodings = {
  wav: ['-c:a', 'pcm_s16le'],
  flac: ['-c:a', 'flac'],
  mp3: ['-c:a', 'libmp3lame', '-q:a', '6', '-compression_level', '9', '-id3v2_version', '0'],
} as const;
export type RedactedFormat = keyof typeof redactedEncodings;

const seconds = (ms: number) => (ms / 1000).toFixed(4);

/** 1 when `t` is inside one of the sorted, non-overlapping spans, else 0. */
export function spanExpression(spans: readonly AudioSpan[], leadMs = 0): string {
  const tree = (low: number, high: number): string => {
    if (low === high) {
      const span = spans[low]!;
      return `between(t,${seconds(Math.max(0, span.startMs - leadMs))},${seconds(span.endMs)})`;
    }
    const middle = (low + high) >> 1;
    const split = Math.max(0, spans[middle + 1]!.startMs - leadMs);
    return `if(lt(t,${seconds(split)}),${tree(low, middle)},${tree(middle + 1, high)})`;
  };
  return spans.length === 0 ? '0' : tree(0, spans.length - 1);
}

export function redactionFilter(spans: readonly AudioSpan[], sound: RedactionSound): string {
  const inside = spanExpression(spans);
  const replacement = sound === 'beep' ? `${BEEP_AMPLITUDE}*sin(2*PI*${BEEP_FREQUENCY_HZ}*t)` : '0';
  const gate = spanExpression(spans, GATE_MARGIN_S * 1000);
  return (
    `asetnsamples=n=${FRAME_SAMPLES}:p=0,` +
    `aeval=exprs='if(${inside},${replacement},val(ch))':c=same:enable='${gate}'`
  );
}

/** The redacted copy of `input`, encoded as `format` at the input's rate and channel count. */
export const redactSpans =
  (
    input: string,
    output: string,
    spans: readonly AudioSpan[],
    sound: RedactionSound,
    format: RedactedFormat,
  ): FfmpegBuild =>
  (command) =>
    command
      .input(input)
      .audioFilters(redactionFilter(spans, sound))
      .outputOptions(['-map', '0:a:0', ...redactedEncodings[format], ...bitexact])
      .output(output);
