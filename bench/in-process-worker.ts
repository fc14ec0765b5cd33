/**
 * The production worker (`runWorker`: migrations, prebuilt bundle, encrypted payloads, the main
 * and media queues) polling inside the benchmark's process while `work` runs, then stopped.
 */
import type { Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import type { WorkerSettings } from '../worker/create-workers';
import { runWorker } from '../worker/run-worker';

export async function withInProcessWorker<T>(
  config: Config,
  work: (settings: WorkerSettings[]) => Promise<T>,
): Promise<T> {
  const log = createLogger({ level: 'warn', format: 'json' });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let ready!: (settings: WorkerSettings[]) => void;
  const polling = new Promise<WorkerSettings[]>((resolve) => (ready = resolve));
  const worker = runWorker(config, log, { until: finished, onReady: ready });
  try {
    const settings = await Promise.race([
      polling,
      worker.then(() => Promise.reject(new Error('the worker stopped before polling'))),
    ]);
    return await work(settings);
  } finally {
    done();
    await worker;
  }
}
