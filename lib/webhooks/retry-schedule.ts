/**
 * When a failed webhook message is tried again. Pure, with no Node built-ins, so a workflow can
 * compute its durable timers with it.
 */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/**
 * The delay before each attempt, measured from the previous one: immediately, 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h. Eight attempts over about 28 hours ride out a receiver's day-long outage.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * second,
  5 * minute,
  30 * minute,
  2 * hour,
  5 * hour,
  10 * hour,
  10 * hour,
];

/** A `Retry-After` longer than this is read as this, so one header cannot park a message for weeks. */
export const MAX_RETRY_AFTER_MS = 24 * hour;

/**
 * The delay before the next attempt, given how many attempts were already made (0 before the first),
 * or undefined when the schedule is exhausted. A receiver's `Retry-After` (already in ms) wins when
 * it asks for longer than the schedule, capped at MAX_RETRY_AFTER_MS; it never adds attempts.
 */
export function nextAttemptDelayMs(
  attemptsMade: number,
  options: { schedule?: readonly number[]; retryAfterMs?: number } = {},
): number | undefined {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 0) {
    throw new RangeError(`attemptsMade must be a non-negative integer, got ${attemptsMade}`);
  }
  const scheduled = (options.schedule ?? DEFAULT_RETRY_SCHEDULE_MS)[attemptsMade];
  if (scheduled === undefined) return undefined;
  const retryAfterMs = Math.min(options.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  return Math.max(scheduled, retryAfterMs);
}
