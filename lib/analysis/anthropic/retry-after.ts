/**
 * The delay a 429 or 5xx response asks for: `retry-after-ms` (Anthropic's, milliseconds), else
 * `retry-after` as seconds or as an HTTP date (RFC 9110 §10.2.3). Null when absent or unreadable,
 * so that Temporal's own backoff applies.
 */
export function retryAfterMs(headers: Headers | undefined, now: number): number | null {
  const milliseconds = headers?.get('retry-after-ms');
  if (milliseconds && Number.isFinite(Number(milliseconds))) {
    return Math.max(0, Math.round(Number(milliseconds)));
  }
  const value = headers?.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
