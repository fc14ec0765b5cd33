import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionReport } from '../client/sessions-client';
import type { SessionState } from '../lib/sessions/session-state';
import { messageLines, runCli } from './support/cli';
import { startWorkers, type RunningWorkers } from './support/running-workers';
import { newSessionId } from './support/session-environment';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import {
  connectTestTemporal,
  createTestWorkers,
  testDependencies,
  type TestTemporal,
} from './support/test-worker';

let database: TestDatabase;
let temporal: TestTemporal;
let workers: RunningWorkers;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await connectTestTemporal();
  const deps = await testDependencies(database.pool);
  dataDir = deps.dataDir;
  workers = startWorkers(await createTestWorkers(temporal, deps));
  env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    EPILOGUE_TASK_QUEUE: temporal.taskQueue,
    EPILOGUE_DATA_DIR: dataDir,
    TEMPORAL_CONNECT_TIMEOUT_S: '5',
  };
});

afterAll(async () => {
  await workers?.stop();
  await temporal?.close();
  await database?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function json<T>(args: string[]): Promise<T> {
  const result = await runCli(['session', ...args, '--json'], env);
  expect(messageLines(result.stderr)).toEqual([]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

describe('epilogue session', () => {
  it('starts a session, pauses it up to the limit, shows its timers and ends it', async () => {
    const sessionId = newSessionId();
    const org = ['--org', 'org_cli_sessions'];
    expect(await json(['start', sessionId, ...org, '--run', 'run_cli'])).toEqual({
      sessionId,
      workflowId: `session:${sessionId}`,
    });
    for (let count = 1; count <= 3; count++) {
      const paused = await json<SessionState>([
        'pause',
        sessionId,
        ...org,
        '--reason',
        'technical_issue',
      ]);
      expect(paused).toMatchObject({ status: 'paused', pausesUsed: count });
      expect(paused.timers.map((timer) => timer.rule)).toContain('pause_limit');
      await json(['resume', sessionId, ...org]);
    }
    const refused = await runCli(
      ['session', 'pause', sessionId, ...org, '--reason', 'technical_issue'],
      env,
    );
    expect(refused.code).toBe(1);
    expect(messageLines(refused.stderr)).toEqual(['epilogue: the session has used its 3 pauses']);

    const report = await json<SessionReport>(['state', sessionId, ...org]);
    expect(report).toMatchObject({
      workflowStatus: 'RUNNING',
      state: { status: 'active', pausesUsed: 3, pausesAllowed: 3, runId: 'run_cli' },
      stored: { status: 'active', pausesUsed: 3 },
    });
    expect(report.state!.timers.map((timer) => timer.rule)).toEqual([
      'heartbeat',
      'max_duration',
      'inactivity_prompt',
    ]);

    await json(['end', sessionId, ...org, '--reason', 'test_session']);
    const human = await runCli(['session', 'state', sessionId, ...org], env);
    expect(human.stdout).toContain(
      `session ${sessionId} (run run_cli, organization org_cli_sessions)`,
    );
    expect(human.stdout).toMatch(/admin_ended — admin_end:test_session/);
  });

  it('says why an event is refused, in one line', async () => {
    const missing = await runCli(
      ['session', 'resume', 'ses_missing', '--org', 'org_cli_sessions'],
      env,
    );
    expect(missing.code).toBe(1);
    expect(messageLines(missing.stderr)).toEqual(['epilogue: session ses_missing not found']);
    const freeText = await runCli(
      ['session', 'end', 'ses_missing', '--org', 'org_cli_sessions', '--reason', 'Ana was rude'],
      env,
    );
    expect(freeText.code).toBe(1);
    expect(messageLines(freeText.stderr)[0]).toMatch(/reason must be a code/);
  });
});
