/**
 * A private Epilogue for a benchmark: a fresh database, a temporary data directory, a Temporal dev
 * server on free ports (in memory) and the configuration pointing at them. Torn down afterwards,
 * so a benchmark never touches the user's `.epilogue` or `epilogue` database.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../lib/config';
import { startDevServer, type DevServer } from '../lib/temporal/dev-server';

export interface BenchEnvironment {
  config: Config;
  dataDir: string;
  stop(): Promise<void>;
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

export async function startBenchEnvironment(name: string): Promise<BenchEnvironment> {
  const base = loadConfig();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `epilogue-bench-${name}-`));
  const database = new URL(base.DATABASE_URL);
  database.pathname = `/epilogue_bench_${name}_${process.pid}`;
  const config = loadConfig(process.env, {
    DATABASE_URL: database.toString(),
    EPILOGUE_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    TEMPORAL_UI_PORT: String(await freePort()),
    EPILOGUE_METRICS_ADDRESS: 'off',
    LOG_LEVEL: 'warn',
  });
  let server: DevServer | undefined;
  try {
    server = await startDevServer({ ...config, EPILOGUE_DATA_DIR: path.join(dataDir, 'temporal') });
  } catch (error) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    config,
    dataDir,
    async stop() {
      await server?.stop();
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
