/**
 * Voice activity from ffmpeg's silencedetect: the complement of the silences it reports within the
 * file's duration. Speech bursts shorter than a syllable are dropped as clicks.
 */
import { detectSilence } from './normalize-commands';
import { runFfmpeg } from './run-ffmpeg';

export interface Interval {
  start_ms: number;
  end_ms: number;
}

const MIN_SPEECH_MS = 150;

/** Parses silencedetect lines into silences, in order. */
export class SilenceReader {
  private readonly silences: Interval[] = [];
  private openStart: number | undefined;

  readonly onLine = (line: string): void => {
    const start = /silence_start:\s*(-?[\d.]+)/.exec(line);
    if (start) this.openStart = Math.max(0, Math.round(Number(start[1]) * 1000));
    const end = /silence_end:\s*([\d.]+)/.exec(line);
    if (end && this.openStart !== undefined) {
      this.silences.push({ start_ms: this.openStart, end_ms: Math.round(Number(end[1]) * 1000) });
      this.openStart = undefined;
    }
  };

  /** Speech = what is not silence, within [0, durationMs]; a silence still open runs to the end. */
  speech(durationMs: number): Interval[] {
    const silences = [...this.silences];
    if (this.openStart !== undefined)
      silences.push({ start_ms: this.openStart, end_ms: durationMs });
    const speech: Interval[] = [];
    let cursor = 0;
    for (const silence of silences) {
      if (silence.start_ms > cursor) speech.push({ start_ms: cursor, end_ms: silence.start_ms });
      cursor = Math.max(cursor, silence.end_ms);
    }
    if (cursor < durationMs) speech.push({ start_ms: cursor, end_ms: durationMs });
    return speech.filter((segment) => segment.end_ms - segment.start_ms >= MIN_SPEECH_MS);
  }
}

/**
 * The level below which a stretch counts as silence: a margin above the track's noise floor, so a
 * noisy line is not heard as speech, within bounds that keep quiet speech and clean silence right.
 */
export function silenceThresholdDb(noiseFloorDb: number | null): number {
  if (noiseFloorDb === null) return DIGITAL_SILENCE_THRESHOLD_DB;
  return Math.min(-28, Math.max(-45, noiseFloorDb + NOISE_MARGIN_DB));
}

const NOISE_MARGIN_DB = 8;
const DIGITAL_SILENCE_THRESHOLD_DB = -40;

export async function detectSpeech(
  file: string,
  durationMs: number,
  options: {
    noiseFloorDb: number | null;
    signal?: AbortSignal;
    onProgress?: (fraction: number) => void;
  },
): Promise<Interval[]> {
  const reader = new SilenceReader();
  await runFfmpeg(detectSilence(file, silenceThresholdDb(options.noiseFloorDb)), {
    durationS: durationMs / 1000,
    signal: options.signal,
    onProgress: options.onProgress,
    onStderrLine: reader.onLine,
  });
  return reader.speech(durationMs);
}
