/**
 * What an operator configures about webhook delivery (`WEBHOOK_ALLOWED_HOSTS`,
 * `WEBHOOK_RETRY_SCHEDULE`), as the worker hands it to the activities, and its parsed form.
 * Parsed where consumed, when the activities are built, so that a bad value stops the worker at
 * start instead of failing deliveries one by one.
 */
import { ConfigError } from '../errors';
import { parseAllowedHosts } from './allowed-hosts';
import { parseDuration } from './duration';
import { DEFAULT_RETRY_SCHEDULE_MS } from './retry-schedule';

export interface WebhookSettings {
  /** Comma-separated hosts the SSRF guard lets through (`WEBHOOK_ALLOWED_HOSTS`). */
  allowedHosts: string;
  /** Comma-separated delays before each attempt (`WEBHOOK_RETRY_SCHEDULE`), e.g. `0,5s,5m,2h`. */
  retrySchedule: string;
}

export interface ParsedWebhookSettings {
  allowedHosts: string[];
  retryScheduleMs: readonly number[];
}

/** `0,5s,5m,30m,2h,5h,10h,10h` → milliseconds. */
export function parseRetrySchedule(value: string): number[] {
  return value.split(',').map((entry) => {
    const delay = parseDuration(entry);
    if (delay === undefined) {
      throw new ConfigError(
        `invalid configuration: WEBHOOK_RETRY_SCHEDULE entry ${JSON.stringify(entry.trim())} is not a delay such as 5s, 30m or 2h`,
      );
    }
    return delay;
  });
}

/** Absent settings mean no allowlist and the default schedule (tests, tools). */
export function parseWebhookSettings(settings: WebhookSettings | undefined): ParsedWebhookSettings {
  return {
    allowedHosts: parseAllowedHosts(settings?.allowedHosts ?? ''),
    retryScheduleMs:
      settings === undefined
        ? DEFAULT_RETRY_SCHEDULE_MS
        : parseRetrySchedule(settings.retrySchedule),
  };
}
