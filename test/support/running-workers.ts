/** Starts workers for a test file in the background and stops them (draining) at the end. */
import type { Worker } from '@temporalio/worker';
import { runWorkers } from '../../worker/create-workers';

export interface RunningWorkers {
  stop(): Promise<void>;
}

export function startWorkers(workers: Worker[]): RunningWorkers {
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  const done = runWorkers(workers, until);
  return {
    async stop() {
      release();
      await done;
    },
  };
}
