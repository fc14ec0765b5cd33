/**
 * `epilogue worker`: connects to PostgreSQL (migrating it) and Temporal, builds the activity
 * dependencies, and runs the workers until SIGINT/SIGTERM, which the SDK runtime turns into a
 * graceful shutdown. The pool and connection are closed on the way out.
 */
import { connectDatabase } from '../db/pool';
import { migrate } from '../db/migrate';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { analysisSettingsFrom } from '../lib/analysis/analysis-settings';
import { defaultAudioLimits } from '../lib/audio/probe-audio';
import { openBlobStore } from '../lib/storage/open-blob-store';
import { sweepStaleWorkDirs } from '../lib/storage/work-dir';
import { encryptingDataConverter } from '../lib/temporal/data-converter';
import { loadPayloadKeys } from '../lib/temporal/payload-keys';
import { connectWorkerConnection } from './native-connection';
import {
  chooseWorkflowBundle,
  createWorkers,
  runWorkers,
  workerSettings,
  type WorkerSettings,
} from './create-workers';

const STALE_AFTER_MS = 3_600_000;

export interface RunWorkerOptions {
  /** Stops the worker when it settles (used by `epilogue dev` and the demo). */
  until?: Promise<unknown>;
  /** Called once the workers poll their queues, with what bounds each of them. */
  onReady?: (settings: WorkerSettings[]) => void;
}

export async function runWorker(
  config: Config,
  log: Logger,
  options: RunWorkerOptions = {},
): Promise<void> {
  const db = await connectDatabase({
    url: config.DATABASE_URL,
    timeoutS: config.TEMPORAL_CONNECT_TIMEOUT_S,
    log,
  });
  try {
    await migrate(db, log);
    const storage = openBlobStore(config);
    // Partial files of a worker that was killed mid-write; an hour is far longer than any write.
    const swept =
      (await storage.sweepTemporaryFiles(STALE_AFTER_MS)) +
      (await sweepStaleWorkDirs(STALE_AFTER_MS));
    if (swept > 0) log.info({ swept }, 'removed files left by an interrupted worker');
    const connection = await connectWorkerConnection(config);
    try {
      const workflowBundlePath = chooseWorkflowBundle(config.EPILOGUE_WORKFLOW_BUNDLE);
      const workers = await createWorkers({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.EPILOGUE_TASK_QUEUE,
        deps: {
          db,
          storage,
          log,
          clock: { now: () => new Date() },
          analysis: analysisSettingsFrom(config),
          audioLimits: {
            ...defaultAudioLimits,
            maxDurationMs: config.EPILOGUE_MAX_AUDIO_MINUTES * 60_000,
          },
          webhooks: {
            allowedHosts: config.WEBHOOK_ALLOWED_HOSTS,
            retrySchedule: config.WEBHOOK_RETRY_SCHEDULE,
          },
          sealingKeys: loadPayloadKeys(config),
        },
        mediaConcurrency: config.EPILOGUE_MEDIA_CONCURRENCY,
        activityConcurrency: config.EPILOGUE_ACTIVITY_CONCURRENCY,
        workflowBundlePath,
        dataConverter: encryptingDataConverter(config),
      });
      const settings = workers.map(workerSettings);
      log.info(
        {
          taskQueue: config.EPILOGUE_TASK_QUEUE,
          prebuiltBundle: workflowBundlePath !== undefined,
          workers: settings,
        },
        'worker polling',
      );
      options.onReady?.(settings);
      await runWorkers(workers, options.until);
      log.info('worker stopped');
    } finally {
      await connection.close();
    }
  } finally {
    await db.end();
  }
}
