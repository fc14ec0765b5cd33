/**
 * Memory and CPU time of the processes a benchmark runs (Linux /proc): the resident set of a
 * worker or of the dev server, their CPU seconds, and finding the dev server among this process's
 * children.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';

/** Resident memory of a process now, in MB. */
export async function rssMb(pid: number): Promise<number> {
  return statusMb(pid, 'VmRSS');
}

/** The highest resident memory the process has had since it started, in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  return statusMb(pid, 'VmHWM');
}

async function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

let ticks: number | undefined;
/** Clock ticks per second of /proc's CPU times (100 on Linux almost everywhere). */
const ticksPerSecond = () =>
  (ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()));

/** CPU time the process has used so far (user and system), in seconds. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces) start at the state, field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/** The dev server this process started: a child whose command line is `temporal server start-dev`. */
export async function devServerPid(): Promise<number> {
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
