/** The `Retry-After` response header (RFC 9110 §10.2.3): delay seconds or an HTTP date. */

/** Milliseconds the receiver asked to wait, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP-date form starts with the day name; Date.parse alone would read "1.5" as a date.
  const date = /^[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  // A date already past means "now", not "never".
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
