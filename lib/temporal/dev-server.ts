/**
 * The Temporal dev server behind `epilogue dev` and the demo: the Temporal CLI's `server start-dev`
 * with its state in `$EPILOGUE_DATA_DIR/temporal.sqlite`, the Web UI on, and Epilogue's search
 * attributes registered. Started through the SDK so that the binary found by `binaries.ts` (or the
 * SDK's download) is used the same way everywhere.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
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

export function devServerDbFile(config: Pick<Config, 'EPILOGUE_DATA_DIR'>): string {
  return path.join(config.EPILOGUE_DATA_DIR, 'temporal.sqlite');
}

export async function startDevServer(config: DevServerSettings): Promise<DevServer> {
  const separator = config.TEMPORAL_ADDRESS.lastIndexOf(':');
  const ip = config.TEMPORAL_ADDRESS.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(config.TEMPORAL_ADDRESS.slice(separator + 1));
  await fs.mkdir(config.EPILOGUE_DATA_DIR, { recursive: true });
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: temporalCli(),
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
  } catch (error) {
    throw new EpilogueError(
      `cannot start the Temporal dev server on ${config.TEMPORAL_ADDRESS} (${(error as Error).message.split('\n')[0]}); is another one running?`,
      'Unreachable',
      { cause: error },
    );
  }
  return {
    address: config.TEMPORAL_ADDRESS,
    uiUrl: `http://${ip.includes(':') ? `[${ip}]` : ip}:${config.TEMPORAL_UI_PORT}`,
    stop: () => env.teardown(),
  };
}
