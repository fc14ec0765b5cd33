/**
 * How many open sessions one worker and the Temporal dev server hold: starts N sessions (each a
 * `session:<id>` workflow with its timer pending), then has every session send a heartbeat every
 * few seconds, as participants' pages do, for some rounds, and measures the heartbeat signal
 * latency (p50/p99: what the platform waits), the pause round trip through the worker (an update,
 * p50/p99), and the memory (RSS) of the worker process and of the dev server. The dev server is
 * the one `epilogue dev` runs, with its SQLite file in memory (so that its disk writes are not
 * what is measured); the worker is `epilogue worker` in a process of its own over a scratch
 * database, dropped afterwards.
 *
 *   npm run build && node dist/bench/sessions.js [--sessions 2000] [--interval-s 5] [--rounds 3] [--json]
 */
import { SessionsClient } from '../client/sessions-client';
import { connectDatabase } from '../db/pool';
import { migrate } from '../db/migrate';
import { connectClient } from '../lib/temporal/connect';
import { newPayloadKeyEntry } from '../lib/temporal/payload-keys';
import { startBenchEnvironment } from './bench-environment';
import { forEachLimited } from './concurrency-limit';
import { type Percentiles, percentiles } from './percentiles';
import { devServerPid, rssMb } from './process-usage';
import { startWorkerProcess, type WorkerProcess } from './worker-process';
import { runBenchScript } from './bench-script';

const organizationId = 'org_bench_sessions';
/** Starts and ends in flight at once, as many platform instances would send them. */
const concurrency = 50;

export interface SessionsBenchResult {
  sessions: number;
  /** Each session sends a heartbeat this often. */
  intervalS: number;
  rounds: number;
  /** Whether every heartbeat was sent on time: the client never fell behind the schedule. */
  keptUp: boolean;
  /** Sessions started per second (signal-with-start, then the first activity done). */
  startsPerSecond: number;
  heartbeatSignalMs: Percentiles & { samples: number };
  pauseUpdateMs: Percentiles & { samples: number };
  workerRssMb: { idle: number; open: number; afterHeartbeats: number };
  devServerRssMb: { idle: number; afterHeartbeats: number };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function benchSessions(options: {
  sessions: number;
  intervalS: number;
  rounds: number;
}): Promise<SessionsBenchResult> {
  const bench = await startBenchEnvironment(
    'sessions',
    // The worker and this client must seal and open payloads with the same key.
    { EPILOGUE_PAYLOAD_KEYS: newPayloadKeyEntry('bench-1') },
    { inMemory: true },
  );
  const db = await connectDatabase({ url: bench.config.DATABASE_URL, timeoutS: 10 });
  let worker: WorkerProcess | undefined;
  try {
    await migrate(db);
    // Heartbeats only: no participant speaks, so the 2-minute prompt would fire for every session
    // at once mid-measurement; it is set beyond the run to measure holding sessions.
    await db.query(`insert into organizations (id, settings) values ($1::text, $2::jsonb)`, [
      organizationId,
      JSON.stringify({ sessions: { inactivity_prompt: '1h' } }),
    ]);
    worker = await startWorkerProcess(bench.variables);
    const temporal = await connectClient(bench.config);
    const sessions = new SessionsClient({
      temporal,
      db,
      taskQueue: bench.config.EPILOGUE_TASK_QUEUE,
      // Each call is measured as one signal.
      signalIntervalMs: 0,
    });
    const server = await devServerPid();
    const idle = { worker: await rssMb(worker.pid), server: await rssMb(server) };
    const ids = Array.from({ length: options.sessions }, (_, index) => `ses_bench_${index}`);

    const started = performance.now();
    await forEachLimited(ids, concurrency, async (sessionId) => {
      await sessions.start({ sessionId, organizationId, runId: `run_${sessionId}` });
    });
    // Open means the session has read its rules and recorded itself: its first activity ran.
    for (;;) {
      const { rows } = await db.query<{ count: number }>(
        `select count(*)::int as count from sessions where organization_id = $1::text`,
        [organizationId],
      );
      if (rows[0]!.count >= ids.length) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const startSeconds = (performance.now() - started) / 1000;
    const open = await rssMb(worker.pid);

    // Every session beats once per interval, the sessions spread evenly over it.
    const heartbeats: Promise<number>[] = [];
    const spacingMs = (options.intervalS * 1000) / ids.length;
    const beganAt = performance.now();
    for (let round = 0; round < options.rounds; round++) {
      for (const [index, sessionId] of ids.entries()) {
        const due = beganAt + (round * ids.length + index) * spacingMs;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        heartbeats.push(
          timed(() => sessions.heartbeat({ sessionId, organizationId, runId: `run_${sessionId}` })),
        );
      }
    }
    const heartbeatMs = await Promise.all(heartbeats);
    const keptUp = (performance.now() - beganAt) / 1000 <= options.rounds * options.intervalS * 1.1;
    const afterHeartbeats = {
      worker: await rssMb(worker.pid),
      server: await rssMb(server),
    };

    // The pause goes through the worker and back: the latency of an event the session acts on.
    const sample = ids.filter(
      (_, index) => index % Math.max(1, Math.floor(ids.length / 200)) === 0,
    );
    const pauses: number[] = [];
    for (const sessionId of sample) {
      pauses.push(
        await timed(() =>
          sessions.pause({ sessionId, organizationId, by: 'admin', reason: 'bench' }),
        ),
      );
    }

    await forEachLimited(ids, concurrency, async (sessionId) => {
      await sessions.end({ sessionId, organizationId, reason: 'bench' });
    });
    await temporal.connection.close();
    return {
      sessions: ids.length,
      intervalS: options.intervalS,
      rounds: options.rounds,
      keptUp,
      startsPerSecond: Math.round(ids.length / startSeconds),
      heartbeatSignalMs: { ...percentiles(heartbeatMs, 1), samples: heartbeatMs.length },
      pauseUpdateMs: { ...percentiles(pauses, 1), samples: pauses.length },
      workerRssMb: { idle: idle.worker, open, afterHeartbeats: afterHeartbeats.worker },
      devServerRssMb: { idle: idle.server, afterHeartbeats: afterHeartbeats.server },
    };
  } finally {
    await worker?.stop();
    await db.end();
    await bench.stop();
  }
}

function table(result: SessionsBenchResult): string {
  const rows: [string, string][] = [
    ['open sessions (one worker, one dev server)', String(result.sessions)],
    [
      `heartbeats: one per session every ${result.intervalS} s`,
      `${Math.round(result.sessions / result.intervalS)}/s${result.keptUp ? '' : ' (fell behind)'}`,
    ],
    ['sessions started', `${result.startsPerSecond}/s`],
    [
      `heartbeat signal latency (p50 / p99, ${result.heartbeatSignalMs.samples} signals)`,
      `${result.heartbeatSignalMs.p50} / ${result.heartbeatSignalMs.p99} ms`,
    ],
    [
      `pause update round trip (p50 / p99, ${result.pauseUpdateMs.samples} updates)`,
      `${result.pauseUpdateMs.p50} / ${result.pauseUpdateMs.p99} ms`,
    ],
    [
      'worker RSS (idle / sessions open / after heartbeats)',
      `${result.workerRssMb.idle} / ${result.workerRssMb.open} / ${result.workerRssMb.afterHeartbeats} MB`,
    ],
    [
      'dev server RSS (idle / after heartbeats)',
      `${result.devServerRssMb.idle} / ${result.devServerRssMb.afterHeartbeats} MB`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `live sessions: ${result.rounds} rounds of heartbeats (in-memory dev server, one worker process)`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ].join('\n');
}

if (require.main === module) {
  runBenchScript({
    name: 'sessions',
    defaults: { sessions: '2000', rounds: '3', 'interval-s': '5' },
    run: (values) =>
      benchSessions({
        sessions: Number(values.sessions),
        intervalS: Number(values['interval-s']),
        rounds: Number(values.rounds),
      }),
    table,
  });
}
