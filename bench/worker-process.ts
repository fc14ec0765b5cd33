/**
 * `epilogue worker` in a process of its own, as in production, so that a benchmark measures its
 * memory alone. Resolves once it polls, with the settings it logged (cache size, slots).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../lib/project-root';
import type { WorkerSettings } from '../worker/create-workers';

export interface WorkerProcess {
  pid: number;
  /** The main and media workers' settings, from the worker's start log. */
  settings: WorkerSettings[];
  /** SIGTERM (a graceful shutdown), then waits for the process to exit. */
  stop(): Promise<void>;
}

const READY_LINE = 'worker polling';

export async function startWorkerProcess(
  variables: Record<string, string>,
): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'dist', 'client', 'cli.js'), 'worker'],
    {
      env: { ...process.env, ...variables, LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const settings = await new Promise<WorkerSettings[]>((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // Complete lines only: the last piece may be the start of one.
      const lines = output.split('\n').slice(0, -1);
      const line = lines.find((candidate) => candidate.includes(READY_LINE));
      if (!line) return;
      // Ready: its logs are not needed any more, but must still be read to keep it running.
      child.stderr.off('data', read);
      child.stderr.resume();
      resolve((JSON.parse(line) as { workers: WorkerSettings[] }).workers);
    };
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}): ${output}`)));
  });
  return {
    pid: child.pid!,
    settings,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
