/** Durations as operators write them in settings and options: `500ms`, `5s`, `30m`, `2h`, `1d`. */

const unitMs: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Milliseconds, or undefined when the text is not a duration. A bare number is seconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  return match ? Number(match[1]) * unitMs[match[2] ?? 's']! : undefined;
}
