/**
 * How many open sessions one worker and the Temporal dev server hold: starts N sessions (each a
 * `session:<id>` workflow with its timer pending), then has every session send a heartbeat every
 * few seconds, as participants' pages do, for some rounds, and measures the heartbeat signal
 * latency (p50/p99: what the platform waits), the pause round trip through the worker (an update,
 * p50/p99), and the memory (RSS) of the worker process and of the dev server. The dev server is
 * the one `epilogue dev` runs, with its SQLite file in memory (bench/bench-environment.ts keeps it
 * on disk, whose writes would be measured instead); the worker is `epilogue worker` in a process
 * of its own over a scratch database, dropped afterwards.
 *
 *   npm run build && node dist/bench/sessions.js [--sessions 2000] [--interval-s 5] [--rounds 3] [--json]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SessionsClient } from '../client/sessions-client';
import { connectDatabase } from '../db/pool';
import { migrate } from '../db/migrate';
import { loadConfig, type Config } from '../lib/config';
import { projectRoot } from '../lib/project-root';
import { connectClient } from '../lib/temporal/connect';
import { startDevServer } from '../lib/temporal/dev-server';

const organizationId = 'org_bench_sessions';
/** Starts and ends in flight at once, as many platform instances would send them. */
const concurrency = 50;

interface Percentiles {
  p50: number;
  p99: number;
}

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

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
  return { p50: Math.round(at(0.5) * 10) / 10, p99: Math.round(at(0.99) * 10) / 10 };
}

/** Resident memory of a process, in MB, from /proc (Linux). */
async function rssMb(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** The dev server this process started: a child whose command line is `temporal server start-dev`. */
async function devServerPid(): Promise<number> {
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent !== process.pid) continue;
    const command = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (command.includes('start-dev')) return Number(entry);
  }
  throw new Error('the dev server process was not found');
}

/** `epilogue worker` as a process of its own, so that its memory is its own. */
async function startWorker(config: Config): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(config)) {
    if (value !== undefined) env[key] = String(value);
  }
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'dist', 'client', 'cli.js'), 'worker'],
    {
      env: { ...env, LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('worker polling')) return;
      // Ready: its logs are not needed any more, but must still be read to keep it running.
      child.stderr.off('data', read);
      child.stderr.resume();
      resolve();
    };
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}): ${output}`)));
  });
  return child;
}

/** Runs `work` for every item, `concurrency` at a time. */
async function eachLimited<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * A scratch database on the server of DATABASE_URL and a dev server of its own, as `epilogue dev`
 * runs it but with its SQLite file in memory (/dev/shm when there is one): the figures are then
 * Temporal's and the worker's, not the disk's.
 */
async function startEnvironment(): Promise<{ config: Config; stop(): Promise<void> }> {
  const memory = (await fs.stat('/dev/shm').catch(() => undefined)) ? '/dev/shm' : os.tmpdir();
  const dataDir = await fs.mkdtemp(path.join(memory, 'epilogue-bench-sessions-'));
  const database = new URL(loadConfig().DATABASE_URL);
  database.pathname = `/epilogue_bench_sessions_${process.pid}`;
  const config = loadConfig(process.env, {
    DATABASE_URL: database.toString(),
    EPILOGUE_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    TEMPORAL_UI_PORT: String(await freePort()),
    EPILOGUE_TASK_QUEUE: 'bench-sessions',
    EPILOGUE_METRICS_ADDRESS: 'off',
    LOG_LEVEL: 'warn',
  });
  const server = await startDevServer(config);
  return {
    config,
    async stop() {
      await server.stop();
      const admin = new pg.Client({
        connectionString: Object.assign(new URL(database), { pathname: '/postgres' }).toString(),
      });
      await admin.connect();
      await admin.query(
        `drop database if exists ${admin.escapeIdentifier(database.pathname.slice(1))} with (force)`,
      );
      await admin.end();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function benchSessions(options: {
  sessions: number;
  intervalS: number;
  rounds: number;
}): Promise<SessionsBenchResult> {
  const bench = await startEnvironment();
  const db = await connectDatabase({ url: bench.config.DATABASE_URL, timeoutS: 10 });
  let worker: ChildProcess | undefined;
  try {
    await migrate(db);
    // Heartbeats only: no participant speaks, so the 2-minute prompt would fire for every session
    // at once mid-measurement; it is set beyond the run to measure holding sessions.
    await db.query(`insert into organizations (id, settings) values ($1::text, $2::jsonb)`, [
      organizationId,
      JSON.stringify({ sessions: { inactivity_prompt: '1h' } }),
    ]);
    worker = await startWorker(bench.config);
    const temporal = await connectClient(bench.config);
    const sessions = new SessionsClient({
      temporal,
      db,
      taskQueue: bench.config.EPILOGUE_TASK_QUEUE,
      // Each call is measured as one signal.
      signalIntervalMs: 0,
    });
    const server = await devServerPid();
    const idle = { worker: await rssMb(worker.pid!), server: await rssMb(server) };
    const ids = Array.from({ length: options.sessions }, (_, index) => `ses_bench_${index}`);

    const started = performance.now();
    await eachLimited(ids, async (sessionId) => {
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
    const open = await rssMb(worker.pid!);

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
      worker: await rssMb(worker.pid!),
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

    await eachLimited(ids, async (sessionId) => {
      await sessions.end({ sessionId, organizationId, reason: 'bench' });
    });
    await temporal.connection.close();
    return {
      sessions: ids.length,
      intervalS: options.intervalS,
      rounds: options.rounds,
      keptUp,
      startsPerSecond: Math.round(ids.length / startSeconds),
      heartbeatSignalMs: { ...percentiles(heartbeatMs), samples: heartbeatMs.length },
      pauseUpdateMs: { ...percentiles(pauses), samples: pauses.length },
      workerRssMb: { idle: idle.worker, open, afterHeartbeats: afterHeartbeats.worker },
      devServerRssMb: { idle: idle.server, afterHeartbeats: afterHeartbeats.server },
    };
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sessions: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '3' },
      'interval-s': { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
  });
  const result = await benchSessions({
    sessions: Number(values.sessions),
    intervalS: Number(values['interval-s']),
    rounds: Number(values.rounds),
  });
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${table(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
