/**
 * When the personal data in a run's texts was spoken: each detected span of an entry mapped to the
 * recording's time. With word timings, the span covers the words it overlaps; without them, it is
 * placed by character position within the entry's time (speech runs at a roughly even rate in
 * characters). Spans are padded, more when estimated, then merged.
 */
import type { StoredWordTiming } from '../../db/redaction';
import type { TextSpan } from '../pii/pii-entity';
import { locateWords } from './word-positions';

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

export interface TimedText {
  content: string;
  /** Milliseconds from the start of the recording. */
  offsetMs: number;
  durationMs: number;
  /** Word timings relative to the entry's start, when the platform sent them. */
  words?: readonly StoredWordTiming[] | null;
}

/** Word timings are measured: a little margin covers the onset and release of the sounds. */
export const WORD_PADDING_MS = 120;
/** Character positions only estimate the time, so the margin is wider. */
export const ESTIMATE_PADDING_MS = 400;
/** Gaps shorter than this between two spans are covered too: a blip of speech between is useless. */
const MERGE_GAP_MS = 150;

function spanOf(text: TimedText, entity: TextSpan): TimeSpan {
  const words = locateWords(text.content, text.words ?? null).filter(
    (word) => word.start < entity.end && entity.start < word.end,
  );
  if (words.length > 0) {
    return {
      startMs: text.offsetMs + Math.min(...words.map((word) => word.startMs)) - WORD_PADDING_MS,
      endMs: text.offsetMs + Math.max(...words.map((word) => word.endMs)) + WORD_PADDING_MS,
    };
  }
  const length = Math.max(1, text.content.length);
  const at = (index: number) => text.offsetMs + (text.durationMs * index) / length;
  return {
    startMs: at(entity.start) - ESTIMATE_PADDING_MS,
    endMs: at(entity.end) + ESTIMATE_PADDING_MS,
  };
}

export function audioSpans(
  texts: readonly { text: TimedText; entities: TextSpan[] }[],
): TimeSpan[] {
  const spans = texts
    .flatMap(({ text, entities }) => entities.map((entity) => spanOf(text, entity)))
    .map((span) => ({
      startMs: Math.max(0, Math.floor(span.startMs)),
      endMs: Math.ceil(span.endMs),
    }))
    .filter((span) => span.endMs > span.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const merged: TimeSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.startMs <= last.endMs + MERGE_GAP_MS)
      last.endMs = Math.max(last.endMs, span.endMs);
    else merged.push({ ...span });
  }
  return merged;
}
