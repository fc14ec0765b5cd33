/**
 * A private Epilogue for a benchmark: a fresh database, a temporary data directory, a Temporal dev
 * server on free ports (its state in the data directory) and the configuration pointing at them.
 * With `inMemory` the data directory, hence the server's SQLite file, is in /dev/shm (when there
 * is one), so that a benchmark of Temporal and the worker does not measure the disk.
 * Torn down afterwards, so a benchmark never touches the user's `.epilogue` or `epilogue` database.
 * The dev server can be stopped and started again on the same state, as an outage would.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config, type ConfigOverrides } from '../lib/config';
import { startDevServer, type DevServer } from '../lib/temporal/dev-server';

export interface BenchEnvironment {
  config: Config;
  dataDir: string;
  /** The database's name, e.g. to find its backends in `pg_stat_activity`. */
  databaseName: string;
  /** The variables that point another process (a worker, the CLI) at this environment. */
  variables: Record<string, string>;
  /** Stops the Temporal dev server; its state stays in the data directory. */
  stopTemporal(): Promise<void>;
  /** Starts the dev server again on the same state, address and ports. */
  startTemporal(): Promise<void>;
  /** Stops the server and removes the database and data directory, unless asked to keep them. */
  stop(options?: { keep?: boolean }): Promise<void>;
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

/** `overrides` are configuration variables of the benchmark's own (a retry schedule, keys...). */
export async function startBenchEnvironment(
  name: string,
  overrides: ConfigOverrides = {},
  options: { inMemory?: boolean } = {},
): Promise<BenchEnvironment> {
  const base = loadConfig();
  const memory = options.inMemory && (await fs.stat('/dev/shm').catch(() => undefined));
  const parent = memory ? '/dev/shm' : os.tmpdir();
  const dataDir = await fs.mkdtemp(path.join(parent, `epilogue-bench-${name}-`));
  const database = new URL(base.DATABASE_URL);
  const databaseName = `epilogue_bench_${name}_${process.pid}`;
  database.pathname = `/${databaseName}`;
  const variables: Record<string, string> = {
    DATABASE_URL: database.toString(),
    EPILOGUE_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    TEMPORAL_UI_PORT: String(await freePort()),
    EPILOGUE_METRICS_ADDRESS: 'off',
    LOG_LEVEL: 'warn',
    ...(overrides as Record<string, string>),
  };
  const config = loadConfig(process.env, variables);
  const serverSettings = { ...config, EPILOGUE_DATA_DIR: path.join(dataDir, 'temporal') };
  let server: DevServer | undefined;
  try {
    server = await startDevServer(serverSettings);
  } catch (error) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    config,
    dataDir,
    databaseName,
    variables,
    async stopTemporal() {
      await server?.stop();
      server = undefined;
    },
    async startTemporal() {
      server ??= await startDevServer(serverSettings);
    },
    async stop({ keep = false } = {}) {
      await server?.stop();
      server = undefined;
      if (keep) return;
      const admin = new pg.Client({
        connectionString: Object.assign(new URL(database), { pathname: '/postgres' }).toString(),
      });
      await admin.connect();
      await admin.query(
        `drop database if exists ${admin.escapeIdentifier(databaseName)} with (force)`,
      );
      await admin.end();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
