/**
 * Progress reporting for long activities: heartbeats carry the latest progress, and a timer keeps
 * heartbeating between progress events so that Temporal's heartbeat timeout catches a dead worker
 * and a cancellation reaches the activity (the SDK delivers it on heartbeat).
 */
import { Context } from '@temporalio/activity';

export interface ActivityProgress {
  report(fraction: number): void;
  /** Aborted when Temporal cancels the activity or its heartbeat times out. */
  signal: AbortSignal;
}

const HEARTBEAT_INTERVAL_MS = 5_000;

export async function withProgress<T>(
  stage: string,
  work: (progress: ActivityProgress) => Promise<T>,
): Promise<T> {
  const context = Context.current();
  let percent = 0;
  const beat = () => context.heartbeat({ stage, percent });
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  try {
    return await work({
      report(fraction) {
        percent = Math.round(fraction * 100);
        beat();
      },
      signal: context.cancellationSignal,
    });
  } finally {
    clearInterval(timer);
  }
}

/** Milliseconds since `start`, for the stage timings the progress query reports. */
export const elapsedSince = (start: bigint): number =>
  Number((process.hrtime.bigint() - start) / 1_000_000n);
