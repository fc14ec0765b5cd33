/** Runs the built `epilogue` CLI (dist/, made by scripts/setup.sh) as a user would. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../lib/project-root';
import { TEST_PAYLOAD_KEYS } from './test-payload-keys';

export const cliPath = path.join(projectRoot, 'dist', 'client', 'cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      {
        env: {
          ...process.env,
          LOG_FORMAT: 'json',
          EPILOGUE_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
          ...env,
        },
        timeout: timeoutMs,
        cwd: projectRoot,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, LOG_FORMAT: 'json', EPILOGUE_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS, ...env },
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** stderr lines that are not JSON log records: what the user reads. */
export function messageLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
}
