/**
 * The single place workers are created. One worker polls the main task queue (workflows and light
 * activities); a second polls `<queue>.media` for ffmpeg work, with its concurrency set to the
 * cores so that CPU-bound activities never starve timers and database steps.
 */
import path from 'node:path';
import fs from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ActivityDependencies } from '../activities/dependencies';
import { mediaTaskQueue } from '../lib/ids';
import { projectRoot, runningFromDist } from '../lib/project-root';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDependencies;
  mediaConcurrency: number;
  activityConcurrency: number;
  /** Encrypts payloads; every client of the same histories must use the same keys. */
  dataConverter?: DataConverter;
  /** A prebuilt bundle (production), or undefined to bundle workflows/ at start (tests, dev). */
  workflowBundlePath?: string | undefined;
}

export const defaultWorkflowBundlePath = path.join(projectRoot, 'dist', 'workflow-bundle.js');

/** Production runs the bundle `npm run build` made; the sources are bundled on the fly otherwise. */
export function chooseWorkflowBundle(configured: string | undefined): string | undefined {
  if (configured) return path.resolve(configured);
  return runningFromDist && fs.existsSync(defaultWorkflowBundlePath)
    ? defaultWorkflowBundlePath
    : undefined;
}

export async function createWorkers(setup: WorkerSetup): Promise<Worker[]> {
  const activities = createActivities(setup.deps);
  const workflowSource = setup.workflowBundlePath
    ? { workflowBundle: { codePath: setup.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  const main = await Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    ...workflowSource,
    activities,
    maxConcurrentActivityTaskExecutions: setup.activityConcurrency,
    ...(setup.dataConverter ? { dataConverter: setup.dataConverter } : {}),
  });
  const media = await Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: mediaTaskQueue(setup.taskQueue),
    activities,
    maxConcurrentActivityTaskExecutions: setup.mediaConcurrency,
    ...(setup.dataConverter ? { dataConverter: setup.dataConverter } : {}),
  });
  return [main, media];
}

/** What bounds one worker's memory and parallelism: for its start log and the benchmarks. */
export interface WorkerSettings {
  taskQueue: string;
  /** Workflows whose state stays in memory (the sticky cache); the others are replayed on demand. */
  maxCachedWorkflows: number;
  /** Workflow tasks and activities run at once (null when a resource-based tuner decides). */
  workflowTaskSlots: number | null;
  activitySlots: number | null;
}

export function workerSettings(worker: Worker): WorkerSettings {
  const { taskQueue, maxCachedWorkflows, tuner } = worker.options;
  const fixed = (supplier: { type: string; numSlots?: number }) =>
    supplier.type === 'fixed-size' ? (supplier.numSlots ?? null) : null;
  return {
    taskQueue,
    maxCachedWorkflows,
    workflowTaskSlots: fixed(tuner.workflowTaskSlotSupplier),
    activitySlots: fixed(tuner.activityTaskSlotSupplier),
  };
}

type Outcome<T> = { value: T } | { error: unknown };

/**
 * Runs the workers until `until` settles, a worker fails, or a shutdown signal (installed by the
 * SDK runtime) stops them; then waits for every worker to drain. Returns `until`'s value, or
 * undefined when the workers were stopped before it settled.
 */
export async function runWorkers<T>(workers: Worker[], until?: Promise<T>): Promise<T | undefined> {
  const stop = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  let outcome: Outcome<T> | undefined;
  void until
    ?.then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    )
    .finally(stop);
  const results = await Promise.allSettled(workers.map((worker) => worker.run().finally(stop)));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  if (!outcome) return undefined;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
