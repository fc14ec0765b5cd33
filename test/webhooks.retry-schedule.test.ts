import { describe, expect, it } from 'vitest';
import {
  ENDPOINT_FAILURE_WINDOW_MS,
  shouldDisableEndpoint,
} from '../lib/webhooks/endpoint-disable-rule';
import { parseRetryAfter } from '../lib/webhooks/retry-after';
import {
  DEFAULT_RETRY_SCHEDULE_MS,
  MAX_RETRY_AFTER_MS,
  nextAttemptDelayMs,
} from '../lib/webhooks/retry-schedule';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

describe('webhook retry schedule', () => {
  it('tries immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then stops', () => {
    const delays = Array.from({ length: 9 }, (_, attemptsMade) => nextAttemptDelayMs(attemptsMade));
    expect(delays).toEqual([
      0,
      5 * second,
      5 * minute,
      30 * minute,
      2 * hour,
      5 * hour,
      10 * hour,
      10 * hour,
      undefined,
    ]);
    expect(DEFAULT_RETRY_SCHEDULE_MS).toHaveLength(8);
  });

  it('outlasts a receiver that is down for a whole day', () => {
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeGreaterThan(day);
  });

  it('honours a Retry-After longer than the schedule, capped at 24 hours', () => {
    expect(nextAttemptDelayMs(1, { retryAfterMs: 90 * second })).toBe(90 * second);
    expect(nextAttemptDelayMs(1, { retryAfterMs: 1 * second })).toBe(5 * second);
    expect(nextAttemptDelayMs(2, { retryAfterMs: 30 * day })).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(day);
  });

  it('never adds attempts because of a Retry-After', () => {
    expect(nextAttemptDelayMs(8, { retryAfterMs: minute })).toBeUndefined();
  });

  it('follows a configured schedule', () => {
    const schedule = [0, 10, 20];
    expect([0, 1, 2, 3].map((attempts) => nextAttemptDelayMs(attempts, { schedule }))).toEqual([
      0,
      10,
      20,
      undefined,
    ]);
  });

  it.each([-1, 1.5, Number.NaN])('rejects %s attempts made', (attemptsMade) => {
    expect(() => nextAttemptDelayMs(attemptsMade)).toThrow(RangeError);
  });
});

describe('Retry-After header', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');

  it('reads delay seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120 * second);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, and a past date as no wait', () => {
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:05:00 GMT', now)).toBe(5 * minute);
    expect(parseRetryAfter('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1.5', '2030-01-01'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('disabling an endpoint that keeps failing', () => {
  const failingSince = new Date('2030-01-01T00:00:00Z');
  const after = (ms: number) => new Date(failingSince.getTime() + ms);

  it('disables after five days of continuous failure, not before', () => {
    expect(ENDPOINT_FAILURE_WINDOW_MS).toBe(5 * day);
    expect(shouldDisableEndpoint({ failingSince, now: after(5 * day - 1) })).toBe(false);
    expect(shouldDisableEndpoint({ failingSince, now: after(5 * day) })).toBe(true);
  });

  it('never disables a healthy endpoint', () => {
    expect(shouldDisableEndpoint({ failingSince: null, now: after(30 * day) })).toBe(false);
    expect(shouldDisableEndpoint({ failingSince: undefined, now: after(30 * day) })).toBe(false);
  });
});
