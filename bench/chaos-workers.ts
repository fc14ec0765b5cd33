/**
 * The worker of a chaos run: `epilogue worker` as a separate process, as in production, kept
 * running by a supervisor. Each process leads its own process group, so that killing it kills the
 * ffmpeg processes it started too, as the death of its container would. A worker that exits
 * without being killed is counted and replaced, as an orchestrator would replace it. Its logs go
 * to a file per process in the data directory, never to the chaos run's own output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/project-root';

export interface WorkerSupervisor {
  /** SIGKILLs the running worker and everything it started, then starts a new one. */
  killAndReplace(): Promise<void>;
  /** Processes started so far. */
  readonly started: number;
  /** Processes that exited on their own (each was replaced at once). */
  readonly crashes: number;
  /** Stops the running worker gracefully (SIGTERM), then kills what is left of its group. */
  stop(): Promise<void>;
}

const cliPath = path.join(projectRoot, 'dist', 'client', 'cli.js');
/** A graceful shutdown waits for running activities; ffmpeg work may take this long to finish. */
const STOP_GRACE_MS = 20_000;
/** A worker that keeps exiting is broken, not unlucky: the run stops instead of spinning. */
const MAX_CRASHES = 10;

interface RunningWorker {
  child: ChildProcess;
  exited: Promise<void>;
  /** Set before we kill or stop it, so its exit is not taken for a crash. */
  expected: boolean;
}

export function superviseWorker(options: {
  env: NodeJS.ProcessEnv;
  logDir: string;
  /** Tells the run's progress about a worker that exited on its own. */
  onCrash: (text: string) => void;
  /** Called when the worker exits on its own more than MAX_CRASHES times. */
  onGiveUp: (reason: string) => void;
}): WorkerSupervisor {
  let started = 0;
  let crashes = 0;
  let stopping = false;

  const spawnWorker = (): RunningWorker => {
    started += 1;
    const logFile = path.join(options.logDir, `worker-${started}.log`);
    const log = openSync(logFile, 'a');
    const child = spawn(process.execPath, [cliPath, 'worker'], {
      env: options.env,
      cwd: projectRoot,
      stdio: ['ignore', log, log],
      detached: true,
    });
    closeSync(log);
    const worker: RunningWorker = {
      child,
      exited: new Promise((resolve) => child.once('exit', () => resolve())),
      expected: false,
    };
    child.once('exit', (code, signal) => {
      if (worker.expected || stopping) return;
      crashes += 1;
      if (crashes > MAX_CRASHES) {
        options.onGiveUp(`the worker exited ${crashes} times on its own (last: ${logFile})`);
        return;
      }
      options.onCrash(
        `worker ${started} exited on its own (${signal ?? `code ${code}`}); starting another`,
      );
      current = spawnWorker();
    });
    return worker;
  };

  const killGroup = (worker: RunningWorker, signal: NodeJS.Signals) => {
    try {
      process.kill(-worker.child.pid!, signal);
    } catch (error) {
      // ESRCH: the whole group is gone already.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };

  let current = spawnWorker();
  return {
    get started() {
      return started;
    },
    get crashes() {
      return crashes;
    },
    async killAndReplace() {
      const victim = current;
      victim.expected = true;
      killGroup(victim, 'SIGKILL');
      await victim.exited;
      current = spawnWorker();
    },
    async stop() {
      stopping = true;
      const last = current;
      last.expected = true;
      killGroup(last, 'SIGTERM');
      const timer = setTimeout(() => killGroup(last, 'SIGKILL'), STOP_GRACE_MS);
      await last.exited;
      clearTimeout(timer);
      // ffmpeg processes outlive a worker that stopped while they ran.
      killGroup(last, 'SIGKILL');
    },
  };
}
