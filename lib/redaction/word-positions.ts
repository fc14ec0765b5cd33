/**
 * Where each timed word of a turn is in the turn's text. Speech recognition gives words with times
 * but no character offsets; they are found in order, each after the previous one, ignoring case
 * and surrounding punctuation. A word that cannot be found is left out rather than guessed.
 */
import type { StoredWordTiming } from '../../db/redaction';

export interface LocatedWord {
  /** Index into the word list. */
  index: number;
  start: number;
  end: number;
  startMs: number;
  endMs: number;
}

export function locateWords(
  content: string,
  words: readonly StoredWordTiming[] | null,
): LocatedWord[] {
  if (!words) return [];
  const lower = content.toLowerCase();
  const located: LocatedWord[] = [];
  let cursor = 0;
  words.forEach((timing, index) => {
    const word = timing.word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (word === '') return;
    const start = lower.indexOf(word, cursor);
    if (start < 0) return;
    located.push({
      index,
      start,
      end: start + word.length,
      startMs: timing.start_ms,
      endMs: timing.end_ms,
    });
    cursor = start + word.length;
  });
  return located;
}
