/**
 * An organization's session rules (`organizations.settings.sessions`), with the brief's defaults:
 * heartbeat lost for 5 minutes → abandoned; a pause longer than 30 minutes (`24h` is the other
 * documented value, seeds/002) → expired, then abandoned; 2 minutes without the participant → an
 * auto-resume prompt; at most 3 pauses; 4 hours of active time at most (the longest recording the
 * pipeline accepts by default, `EPILOGUE_MAX_AUDIO_MINUTES`), unless the blueprint sets
 * `max_duration_m`. Durations are written as `30s`, `5m`, `24h` (a bare number is seconds).
 *
 * The rules are read once when a session starts and travel with it, so a later change of the
 * settings or of these defaults never changes the rules of a session already running.
 */
import { z } from 'zod';
import { parseDuration } from '../webhooks/duration';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** The rules a session runs under, in milliseconds: what its workflow carries. */
export interface SessionRules {
  heartbeatTimeoutMs: number;
  pauseLimitMs: number;
  inactivityPromptMs: number;
  maxPauses: number;
  /** Active time (pauses excluded) after which the session ends as `expired`. */
  maxDurationMs: number;
  maxDurationFrom: 'blueprint' | 'organization';
}

export const defaultSessionSettings = {
  heartbeat_timeout: '5m',
  pause_limit: '30m',
  inactivity_prompt: '2m',
  max_pauses: 3,
  max_duration: '4h',
} as const;

const duration = (max: number) =>
  z
    .union([z.string(), z.number().int().nonnegative()])
    .transform((value, ctx) => {
      const ms = typeof value === 'number' ? value * second : parseDuration(value);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 5m or 24h' });
        return z.NEVER;
      }
      return ms;
    })
    .pipe(z.number().min(second).max(max));

const fields = {
  heartbeat_timeout: duration(day),
  pause_limit: duration(7 * day),
  inactivity_prompt: duration(day),
  max_pauses: z.number().int().min(0).max(100),
  max_duration: duration(7 * day),
};
type Field = keyof typeof fields;

export interface ResolvedSessionRules {
  rules: SessionRules;
  /** Settings that failed validation and were replaced by their default (names, never values). */
  ignored: Field[];
}

/**
 * The rules for a new session. A setting that fails validation falls back to its default instead
 * of leaving the session without rules: a live session must always be supervised. The blueprint's
 * `max_duration_m` (this interview's own limit) comes before the organization's `max_duration`.
 */
export function resolveSessionRules(
  settings: unknown,
  blueprintMaxDurationMinutes?: number,
): ResolvedSessionRules {
  const given =
    typeof settings === 'object' && settings !== null && !Array.isArray(settings)
      ? (settings as Record<string, unknown>)
      : {};
  const ignored: Field[] = [];
  const read = <F extends Field>(field: F): z.output<(typeof fields)[F]> => {
    const parsed = fields[field].safeParse(given[field] ?? defaultSessionSettings[field]);
    if (parsed.success) return parsed.data as z.output<(typeof fields)[F]>;
    ignored.push(field);
    return fields[field].parse(defaultSessionSettings[field]) as z.output<(typeof fields)[F]>;
  };
  const fromBlueprint =
    blueprintMaxDurationMinutes !== undefined && blueprintMaxDurationMinutes > 0
      ? Math.round(blueprintMaxDurationMinutes * minute)
      : undefined;
  const organizationMax = read('max_duration');
  return {
    rules: {
      heartbeatTimeoutMs: read('heartbeat_timeout'),
      pauseLimitMs: read('pause_limit'),
      inactivityPromptMs: read('inactivity_prompt'),
      maxPauses: read('max_pauses'),
      maxDurationMs: fromBlueprint ?? organizationMax,
      maxDurationFrom: fromBlueprint === undefined ? 'organization' : 'blueprint',
    },
    ignored,
  };
}
