/**
 * A text with some spans rewritten (spoken numbers turned into digits, "dot" into "."), that can
 * map a span found in the rewritten text back to the original. Every character of a replacement
 * maps to the whole original span it replaced, so a detection that touches any part of a
 * rewritten phrase covers all of it in the original.
 */
import type { TextSpan } from './pii-entity';

export interface TextReplacement extends TextSpan {
  replacement: string;
}

export interface RewrittenText {
  readonly text: string;
  /** The original span a non-empty span of `text` came from. */
  toOriginal(span: TextSpan): TextSpan;
}

/** Applies sorted, non-overlapping replacements of non-empty spans. */
export function rewriteText(
  original: string,
  replacements: readonly TextReplacement[],
): RewrittenText {
  const pieces: string[] = [];
  const originStarts: number[] = [];
  const originEnds: number[] = [];
  let cursor = 0;
  const keep = (until: number) => {
    pieces.push(original.slice(cursor, until));
    for (let index = cursor; index < until; index += 1) {
      originStarts.push(index);
      originEnds.push(index + 1);
    }
  };
  for (const { start, end, replacement } of replacements) {
    keep(start);
    pieces.push(replacement);
    for (let index = 0; index < replacement.length; index += 1) {
      originStarts.push(start);
      originEnds.push(end);
    }
    cursor = end;
  }
  keep(original.length);
  return {
    text: pieces.join(''),
    toOriginal: ({ start, end }) => ({ start: originStarts[start]!, end: originEnds[end - 1]! }),
  };
}
