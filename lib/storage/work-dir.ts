import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'epilogue-work-';

/** A private temporary directory for one piece of work, removed afterwards whatever happens. */
export async function withWorkDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), PREFIX));
  try {
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Removes work directories a killed worker left behind, once they are older than `olderThanMs`. */
export async function sweepStaleWorkDirs(olderThanMs: number): Promise<number> {
  const names = (await fs.readdir(os.tmpdir())).filter((name) => name.startsWith(PREFIX));
  let removed = 0;
  for (const name of names) {
    const dir = path.join(os.tmpdir(), name);
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > olderThanMs) {
      await fs.rm(dir, { recursive: true, force: true });
      removed += 1;
    }
  }
  return removed;
}
