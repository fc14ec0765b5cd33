/**
 * The Temporal dev server behind `epilogue dev`, the demo and the benchmarks: the Temporal CLI's
 * `server start-dev` with its state in `$EPILOGUE_DATA_DIR/temporal.sqlite`, the Web UI on, and
 * Epilogue's search attributes registered. The CLI found by `binaries.ts` is started as a child
 * process whose output goes to `$EPILOGUE_DATA_DIR/temporal-dev-server.log` (the CLI prints a
 * banner on stdout, which must stay free for `--json`). Without a local binary the SDK downloads
 * one and runs it itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Config } from '../config';
import { EpilogueError } from '../errors';
import { allSearchAttributeKeys } from '../ids';
import { temporalCli } from './binaries';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

type DevServerSettings = Pick<
  Config,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_UI_PORT' | 'EPILOGUE_DATA_DIR'
>;

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export function devServerDbFile(config: Pick<Config, 'EPILOGUE_DATA_DIR'>): string {
  return path.join(config.EPILOGUE_DATA_DIR, 'temporal.sqlite');
}

function splitAddress(address: string): { ip: string; port: number } {
  const separator = address.lastIndexOf(':');
  return {
    ip: address.slice(0, separator).replace(/^\[|\]$/g, ''),
    port: Number(address.slice(separator + 1)),
  };
}

function cannotStart(config: DevServerSettings, reason: string, cause?: unknown): EpilogueError {
  return new EpilogueError(
    `cannot start the Temporal dev server on ${config.TEMPORAL_ADDRESS} (${reason}); is another one running?`,
    'Unreachable',
    { cause },
  );
}

async function waitUntilServing(address: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`it exited with code ${exited}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1 second' });
      await connection.close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`not serving after ${READY_TIMEOUT_MS / 1000} s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startDevServer(
  config: DevServerSettings,
  options: { uiCodecEndpoint?: string } = {},
): Promise<DevServer> {
  const { ip, port } = splitAddress(config.TEMPORAL_ADDRESS);
  const uiUrl = `http://${ip.includes(':') ? `[${ip}]` : ip}:${config.TEMPORAL_UI_PORT}`;
  await fs.mkdir(config.EPILOGUE_DATA_DIR, { recursive: true });
  const executable = temporalCli();
  if (executable.type === 'cached-download')
    return startDownloadedDevServer(config, ip, port, uiUrl);

  const args = [
    'server',
    'start-dev',
    '--db-filename',
    devServerDbFile(config),
    '--ip',
    ip,
    '--port',
    String(port),
    '--ui-port',
    String(config.TEMPORAL_UI_PORT),
    '--namespace',
    config.TEMPORAL_NAMESPACE,
    '--log-format',
    'json',
    '--log-level',
    'warn',
    ...allSearchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
  ];
  const logFile = openSync(path.join(config.EPILOGUE_DATA_DIR, 'temporal-dev-server.log'), 'a');
  const child = spawn(executable.path, args, { stdio: ['ignore', logFile, logFile] });
  closeSync(logFile);
  try {
    await waitUntilServing(config.TEMPORAL_ADDRESS, child);
  } catch (error) {
    await stopChild(child);
    throw cannotStart(config, (error as Error).message, error);
  }
  return { address: config.TEMPORAL_ADDRESS, uiUrl, stop: () => stopChild(child) };
}

/** The fallback when no Temporal CLI is installed: the SDK downloads and runs the dev server. */
async function startDownloadedDevServer(
  config: DevServerSettings,
  ip: string,
  port: number,
  uiUrl: string,
): Promise<DevServer> {
  try {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        dbFilename: devServerDbFile(config),
        ip,
        port,
        ui: true,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        searchAttributes: allSearchAttributeKeys,
        log: { format: 'json', level: 'error' },
      },
    });
    return { address: config.TEMPORAL_ADDRESS, uiUrl, stop: () => env.teardown() };
  } catch (error) {
    throw cannotStart(config, (error as Error).message.split('\n')[0]!, error);
  }
}
