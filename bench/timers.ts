/**
 * Sleeping workflows at scale: starts retention workflows (`retention:<runId>`, one per finished
 * run, each asleep until its first deadline weeks away) in steps, 10,000 and then 100,000 in all,
 * and after each step measures the resident memory of the worker, `epilogue worker` in a process
 * of its own, once it has settled. The worker keeps at most its sticky cache of workflows in
 * memory, so its memory should stay flat however many sleep (goal: < 1.2× from 10k to 100k).
 * The dev server is `epilogue dev`'s, with its SQLite file in memory (/dev/shm) so that the disk
 * is not what is measured; the runs are rows of a scratch database, dropped afterwards.
 *
 *   npm run build && node dist/bench/timers.js [--counts 10000,100000] [--settle-s 30] [--json]
 */
import type { Client } from '@temporalio/client';
import { connectDatabase, type Pool } from '../db/pool';
import { migrate } from '../db/migrate';
import { retentionWorkflowId, searchAttributes, workflowTypes } from '../lib/ids';
import { connectClient } from '../lib/temporal/connect';
import { newPayloadKeyEntry } from '../lib/temporal/payload-keys';
import type { retention } from '../workflows/retention';
import type { WorkerSettings } from '../worker/create-workers';
import { startBenchEnvironment } from './bench-environment';
import { type BenchProgress, lineProgress } from './bench-progress';
import { devServerPid, peakRssMb, rssMb } from './process-usage';
import { startWorkerProcess } from './worker-process';
import { runBenchScript } from './bench-script';

const organizationId = 'org_bench_timers';
/** Starts in flight at once, as the pipelines of many finishing runs would start them. */
const START_CONCURRENCY = 50;
/**
 * Workflows started but not yet asleep, at most: fewer than the worker's sticky cache holds, as
 * when runs finish over time. A burst of 90,000 starts at once makes a backlog that cycles every
 * workflow out of the cache between its first task and its timer; each is then replayed and its
 * sticky task times out, and the rate falls several times (measured: from about 75 to 10 a second).
 */
const IN_FLIGHT = 500;
const POLL_MS = 200;

export interface TimerStep {
  /** Workflows asleep after this step. */
  workflows: number;
  /** From the step's first start to every workflow of the step asleep (its plan recorded). */
  startS: number;
  workerRssMb: number;
  /** The worker's highest resident memory so far (VmHWM). */
  workerPeakRssMb: number;
  devServerRssMb: number;
}

export interface TimersBenchResult {
  steps: TimerStep[];
  /** Resident memory after the last step / after the first. */
  rssRatio: number;
  workerIdleRssMb: number;
  settleS: number;
  startConcurrency: number;
  /** Workflows started but not yet asleep, at most. */
  inFlight: number;
  workers: WorkerSettings[];
}

const runId = (index: number) => `run_timer_${index}`;

/** Finished runs with no data but their row: what a retention workflow plans from. */
async function insertFinishedRuns(db: Pool, from: number, to: number): Promise<void> {
  await db.query(
    `insert into runs (id, organization_id, status, session_status, blueprint,
       participant_external_id, participant, audio_layout, pipeline, source_digest,
       started_at, completed_at)
     select 'run_timer_' || n, $1::text, 'completed', 'completed', '{}'::jsonb,
       'p_timer_' || n, jsonb_build_object('external_id', 'p_timer_' || n), 'none', '{}'::jsonb,
       'bench', now() - interval '30 minutes', now()
     from generate_series($2::int, $3::int - 1) as n`,
    [organizationId, from, to],
  );
}

/** Workflows that have planned (recorded their next wake time) and are now asleep. */
async function sleepingCount(db: Pool): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `select count(*)::int as count from run_retention
     where organization_id = $1::text and next_wake_at is not null`,
    [organizationId],
  );
  return rows[0]!.count;
}

/**
 * Starts the workflows of runs `from` to `to` - 1, START_CONCURRENCY calls at a time and at most
 * IN_FLIGHT not yet asleep, and returns once all are asleep, reporting the count as it grows.
 */
async function startSleeping(
  db: Pool,
  start: (index: number) => Promise<void>,
  range: { from: number; to: number },
  onAsleep: (asleep: number) => void,
): Promise<void> {
  let asleep = await sleepingCount(db);
  let next = range.from;
  const watch = async () => {
    while (asleep < range.to) {
      await sleep(POLL_MS);
      asleep = await sleepingCount(db);
      onAsleep(asleep);
    }
  };
  const starter = async () => {
    while (next < range.to) {
      if (next - asleep >= IN_FLIGHT) await sleep(POLL_MS);
      else await start(next++);
    }
  };
  await Promise.all([watch(), ...Array.from({ length: START_CONCURRENCY }, starter)]);
}

async function startRetention(temporal: Client, taskQueue: string, index: number): Promise<void> {
  await temporal.workflow.start<typeof retention>(workflowTypes.retention, {
    workflowId: retentionWorkflowId(runId(index)),
    taskQueue,
    args: [{ organizationId, runId: runId(index) }],
    typedSearchAttributes: [
      { key: searchAttributes.organizationId, value: organizationId },
      { key: searchAttributes.runId, value: runId(index) },
    ],
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchTimers(
  options: { counts: number[]; settleS: number },
  progress: BenchProgress = lineProgress(),
): Promise<TimersBenchResult> {
  const env = await startBenchEnvironment(
    'timers',
    // The worker and this client must seal and open payloads with the same key.
    { EPILOGUE_PAYLOAD_KEYS: newPayloadKeyEntry('bench-1') },
    { inMemory: true },
  );
  const db = await connectDatabase({ url: env.config.DATABASE_URL, timeoutS: 10 });
  try {
    await migrate(db);
    await db.query(`insert into organizations (id) values ($1::text)`, [organizationId]);
    const worker = await startWorkerProcess(env.variables);
    const temporal = await connectClient(env.config);
    try {
      const server = await devServerPid();
      const workerIdleRssMb = await rssMb(worker.pid);
      const steps: TimerStep[] = [];
      let started = 0;
      for (const target of options.counts) {
        const from = started;
        progress.step(`starting workflows ${from + 1}–${target}`, target - from);
        await insertFinishedRuns(db, from, target);
        const startedAt = performance.now();
        await startSleeping(
          db,
          (index) => startRetention(temporal, env.config.EPILOGUE_TASK_QUEUE, index),
          { from, to: target },
          (asleep) => progress.update(asleep - from),
        );
        const startS = (performance.now() - startedAt) / 1000;
        started = target;
        progress.step(`${target} asleep; letting the worker settle`, options.settleS);
        for (let second = 1; second <= options.settleS; second += 1) {
          await sleep(1000);
          progress.update(second);
        }
        steps.push({
          workflows: target,
          startS: Math.round(startS * 10) / 10,
          workerRssMb: await rssMb(worker.pid),
          workerPeakRssMb: await peakRssMb(worker.pid),
          devServerRssMb: await rssMb(server),
        });
      }
      return {
        steps,
        rssRatio:
          Math.round((steps[steps.length - 1]!.workerRssMb / steps[0]!.workerRssMb) * 100) / 100,
        workerIdleRssMb,
        settleS: options.settleS,
        startConcurrency: START_CONCURRENCY,
        inFlight: IN_FLIGHT,
        workers: worker.settings,
      };
    } finally {
      await temporal.connection.close();
      await worker.stop();
    }
  } finally {
    await db.end();
    await env.stop();
  }
}

function table(result: TimersBenchResult): string {
  const main = result.workers[0]!;
  return [
    `sleeping retention workflows (one worker process, sticky cache ${main.maxCachedWorkflows} workflows, ${main.workflowTaskSlots} workflow task slots)`,
    `  worker RSS idle     ${result.workerIdleRssMb} MB`,
    ...result.steps.map(
      (step) =>
        `  ${String(step.workflows).padEnd(7)} asleep   started in ${step.startS} s, worker RSS ${step.workerRssMb} MB (peak ${step.workerPeakRssMb}), dev server ${step.devServerRssMb} MB`,
    ),
    `  RSS ratio           ${result.rssRatio.toFixed(2)}     (goal < 1.2)`,
  ].join('\n');
}

if (require.main === module) {
  runBenchScript({
    name: 'timers',
    defaults: { counts: '10000,100000', 'settle-s': '30' },
    run: (values) =>
      benchTimers({
        counts: values.counts!.split(',').map(Number),
        settleS: Number(values['settle-s']),
      }),
    table,
  });
}
