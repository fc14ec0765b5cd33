/**
 * How long a kind of data is kept, as organizations write it: `10s`, `30m`, `12h`, `90d`, `6w`,
 * `1y` (365 days), or `forever`. PII redaction takes the same durations, or `never`. Pure, so
 * workflows may use it.
 */
import { z } from 'zod';

const unitMs = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  // Calendar years vary; a fixed 365 days keeps every deadline computable from the duration alone.
  y: 365 * 86_400_000,
} as const;

const durationPattern = /^(\d{1,6})(s|m|h|d|w|y)$/;

/** A hundred years: longer is `forever` in all but name, and keeps dates inside JavaScript's range. */
const MAX_PERIOD_MS = 100 * unitMs.y;

const duration = z
  .string()
  .regex(durationPattern, 'must be a duration such as 10s, 30m, 12h, 90d, 6w or 1y')
  // zod runs this even when the pattern failed: only a well-formed duration has a length to check.
  .refine(
    (text) => !durationPattern.test(text) || durationMs(text) <= MAX_PERIOD_MS,
    'must be at most 100y',
  );

/** A retention period: a duration or `forever`. */
export const retentionPeriod = z.union([z.literal('forever'), duration]);
export type RetentionPeriod = z.infer<typeof retentionPeriod>;

/** A redaction delay: a duration (`0s` redacts as soon as the run is final) or `never`. */
export const redactionDelay = z.union([z.literal('never'), duration]);
export type RedactionDelay = z.infer<typeof redactionDelay>;

function durationMs(text: string): number {
  const match = durationPattern.exec(text)!;
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}

/** Milliseconds, or null for `forever` and `never`. The text must be a valid period or delay. */
export function periodMs(period: string): number | null {
  return period === 'forever' || period === 'never' ? null : durationMs(period);
}
