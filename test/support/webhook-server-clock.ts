/**
 * The activities' clock for time-skipping tests: the server's time when the running activity
 * attempt was scheduled. Activities run in real time while the test server skips days, so a
 * wall clock would never see the five days that the endpoint-disable rule counts.
 */
import { Context } from '@temporalio/activity';
import type { Clock } from '../../activities/dependencies';

export const serverClock: Clock = {
  now: () => new Date(Context.current().info.currentAttemptScheduledTimestampMs),
};
