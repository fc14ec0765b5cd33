/**
 * The faults of a chaos run, injected one after another at seeded random moments until the
 * pipelines are done: the worker SIGKILLed (and replaced), the Temporal dev server stopped and
 * started again on the same state, every PostgreSQL backend of the database terminated, and the
 * webhook receiver down for a while. The kinds come in shuffled rounds, so each kind recurs evenly;
 * the first round is always completed, so every kind happens even when the pipelines are quick.
 * Two faults of the same kind never follow each other, so a webhook's retry schedule always
 * outlasts the receiver's downtime. The receiver is down from the start (the caller takes it down
 * before submitting the runs), until a delivery attempt has met the outage: so the outages are
 * known to reach the deliveries, however quick the pipelines.
 */
import type pg from 'pg';
import type { SeededRandom } from '../lib/demo/seeded-random';
import type { BenchEnvironment } from './bench-environment';
import type { ChaosReceiver } from './chaos-receiver';
import type { WorkerSupervisor } from './chaos-workers';

export interface FaultCounts {
  workerKills: number;
  serverRestarts: number;
  backendTerminations: number;
  receiverOutages: number;
}

export type FaultKind = keyof FaultCounts;

export const faultKinds: readonly FaultKind[] = [
  'workerKills',
  'serverRestarts',
  'backendTerminations',
  'receiverOutages',
];

export interface FaultTargets {
  environment: BenchEnvironment;
  workers: WorkerSupervisor;
  receiver: ChaosReceiver;
  /** A connection to the environment's database, excluded from the terminations by its pid. */
  admin: pg.Client;
}

export interface FaultLog {
  counts: FaultCounts;
  /** Backends the terminations ended, all faults together. */
  terminatedBackends: number;
}

/** Quiet time between two faults: long enough for work to resume, short enough to hit every stage. */
const GAP_MS = [1_000, 6_000] as const;
/** How long the dev server stays down. */
const SERVER_DOWN_MS = [1_000, 5_000] as const;
/** How long the receiver stays down: well within the run's webhook retry schedule. */
const RECEIVER_DOWN_MS = [3_000, 10_000] as const;
/**
 * The opening outage lasts until an attempt failed, but never longer than this: the first
 * `run.ended` is attempted seconds after its run is enqueued, and the retry schedule lasts 68 s.
 */
const OPENING_OUTAGE_MAX_MS = 30_000;
const POLL_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sleeps `ms`, or less once `stop()` holds. */
async function pause(ms: number, stop: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!stop() && Date.now() < until) await sleep(Math.min(POLL_MS, until - Date.now()));
}

export async function injectFaults(
  targets: FaultTargets,
  options: {
    random: SeededRandom;
    /** The pipelines are done: no new fault once the first round is complete. */
    done: () => boolean;
    /** The run is being stopped: no new fault; the one under way is completed. */
    aborted: () => boolean;
    /** After each fault: what was done and the counts so far. */
    onFault: (description: string, counts: FaultCounts) => void;
    /** Delivery attempts recorded as failed so far (the opening outage waits for the first). */
    failedAttempts: () => Promise<number>;
    /** When the caller took the receiver down, before submitting the runs (Date.now()). */
    receiverDownSince: number;
  },
): Promise<FaultLog> {
  const { random } = options;
  const log: FaultLog = {
    counts: { workerKills: 0, serverRestarts: 0, backendTerminations: 0, receiverOutages: 0 },
    terminatedBackends: 0,
  };

  const inject: Record<FaultKind, () => Promise<string>> = {
    async workerKills() {
      await targets.workers.killAndReplace();
      return `worker killed (SIGKILL); worker ${targets.workers.started} started`;
    },
    async serverRestarts() {
      const downMs = random.int(...SERVER_DOWN_MS);
      await targets.environment.stopTemporal();
      await sleep(downMs);
      await targets.environment.startTemporal();
      return `Temporal dev server stopped for ${(downMs / 1000).toFixed(1)} s and started on the same state`;
    },
    async backendTerminations() {
      const { rows } = await targets.admin.query<{ terminated: boolean }>(
        `select pg_terminate_backend(pid) as terminated from pg_stat_activity
         where datname = $1::text and pid <> pg_backend_pid()`,
        [targets.environment.databaseName],
      );
      const terminated = rows.filter((row) => row.terminated).length;
      log.terminatedBackends += terminated;
      return `${terminated} PostgreSQL backends terminated`;
    },
    async receiverOutages() {
      const downMs = random.int(...RECEIVER_DOWN_MS);
      await targets.receiver.takeDown();
      await sleep(downMs);
      await targets.receiver.bringUp();
      return `webhook receiver down for ${(downMs / 1000).toFixed(1)} s`;
    },
  };

  const firstRoundDone = () => faultKinds.every((kind) => log.counts[kind] > 0);
  const over = () => options.aborted() || (options.done() && firstRoundDone());

  const openedAt = options.receiverDownSince;
  while (
    !options.aborted() &&
    Date.now() - openedAt < OPENING_OUTAGE_MAX_MS &&
    (await options.failedAttempts()) === 0
  ) {
    await sleep(POLL_MS);
  }
  await targets.receiver.bringUp();
  log.counts.receiverOutages += 1;
  options.onFault(
    `webhook receiver down for the first ${((Date.now() - openedAt) / 1000).toFixed(1)} s`,
    { ...log.counts },
  );
  let round: FaultKind[] = [];
  let last: FaultKind | undefined = 'receiverOutages';
  for (;;) {
    await pause(random.int(...GAP_MS), over);
    if (over()) return log;
    if (round.length === 0) {
      round = random.shuffle(faultKinds);
      if (round[0] === last) round.push(round.shift()!);
    }
    const kind = round.shift()!;
    const description = await inject[kind]();
    log.counts[kind] += 1;
    last = kind;
    options.onFault(description, { ...log.counts });
  }
}
