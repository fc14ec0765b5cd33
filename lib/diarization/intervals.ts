/** Interval arithmetic on millisecond spans, for speech segments and turns. */
import type { Interval } from '../audio/speech-segments';

export type { Interval };

export const overlapMs = (a: Interval, b: Interval): number =>
  Math.max(0, Math.min(a.end_ms, b.end_ms) - Math.max(a.start_ms, b.start_ms));

/** Total overlap of `span` with sorted, disjoint `segments`. */
export function coveredMs(span: Interval, segments: readonly Interval[]): number {
  let total = 0;
  for (const segment of segments) {
    if (segment.start_ms >= span.end_ms) break;
    total += overlapMs(span, segment);
  }
  return total;
}

/** Where two sorted, disjoint lists overlap, keeping overlaps of at least `minMs`. */
export function intersections(
  a: readonly Interval[],
  b: readonly Interval[],
  minMs: number,
): Interval[] {
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.start_ms, b[j]!.start_ms);
    const end = Math.min(a[i]!.end_ms, b[j]!.end_ms);
    if (end - start >= minMs) result.push({ start_ms: start, end_ms: end });
    if (a[i]!.end_ms < b[j]!.end_ms) i += 1;
    else j += 1;
  }
  return result;
}

export const totalMs = (segments: readonly Interval[]): number =>
  segments.reduce((sum, segment) => sum + segment.end_ms - segment.start_ms, 0);
