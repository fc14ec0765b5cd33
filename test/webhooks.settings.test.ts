import { describe, expect, it } from 'vitest';
import { createWebhookActivities } from '../activities/webhooks';
import { loadConfig } from '../lib/config';
import { ConfigError } from '../lib/errors';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../lib/webhooks/retry-schedule';
import { parseRetrySchedule, parseWebhookSettings } from '../lib/webhooks/webhook-settings';

describe('webhook settings', () => {
  it('defaults WEBHOOK_RETRY_SCHEDULE to the documented schedule', () => {
    expect(parseRetrySchedule(loadConfig({}).WEBHOOK_RETRY_SCHEDULE)).toEqual(
      DEFAULT_RETRY_SCHEDULE_MS,
    );
    expect(parseRetrySchedule('0, 500ms, 30, 2m, 1d')).toEqual([
      0, 500, 30_000, 120_000, 86_400_000,
    ]);
  });

  it('stops at start on a schedule or allowlist it cannot read', () => {
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '5s,soon' })).toThrow(
      /^invalid configuration: WEBHOOK_RETRY_SCHEDULE must be comma-separated delays/,
    );
    expect(() => parseRetrySchedule('5s,,1m')).toThrow(ConfigError);
    const settings = { allowedHosts: 'hooks.example:8080', retrySchedule: '0' };
    expect(() => parseWebhookSettings(settings)).toThrow(/WEBHOOK_ALLOWED_HOSTS entry/);
    expect(() =>
      createWebhookActivities({ webhooks: settings } as Parameters<
        typeof createWebhookActivities
      >[0]),
    ).toThrow(ConfigError);
  });
});
