import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLines, runCli, spawnCli } from './support/cli';
import { writeBundle } from './support/bundle-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { connectTestTemporal, type TestTemporal } from './support/test-worker';

let database: TestDatabase;
let temporal: TestTemporal;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await connectTestTemporal();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-cli-'));
  env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    EPILOGUE_TASK_QUEUE: temporal.taskQueue,
    EPILOGUE_DATA_DIR: dataDir,
    TEMPORAL_CONNECT_TIMEOUT_S: '2',
  };
});

afterAll(async () => {
  await temporal.close();
  await database.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = messageLines(stderr);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('epilogue CLI', () => {
  it('stops with one line and exit code 2 on a bad configuration value', async () => {
    const result = await runCli(['migrate'], { ...env, LOG_LEVEL: 'chatty' });
    expect(result.code).toBe(2);
    expectOneLine(result.stderr, /^epilogue: invalid configuration: LOG_LEVEL /);
  });

  it('stops with one line when PostgreSQL cannot be reached', async () => {
    const port = await freePort();
    const result = await runCli(['migrate'], {
      ...env,
      DATABASE_URL: `postgres://postgres:pw@127.0.0.1:${port}/epilogue`,
    });
    expect(result.code).toBe(1);
    expectOneLine(
      result.stderr,
      new RegExp(
        `^epilogue: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}/epilogue \\(ECONNREFUSED\\)$`,
      ),
    );
    expect(result.stderr).not.toContain(':pw@');
  });

  it('stops with one line when Temporal cannot be reached', async () => {
    const port = await freePort();
    const bundle = await writeBundle({ organizationId: 'org_cli' });
    const result = await runCli(['ingest', bundle.dir], {
      ...env,
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    expectOneLine(
      result.stderr,
      new RegExp(`^epilogue: cannot reach Temporal at 127\\.0\\.0\\.1:${port} `),
    );
  });

  it('rejects an invalid bundle with one line naming the field', async () => {
    const bundle = await writeBundle({ edit: (f) => void (f.manifest.participant.email = 'nope') });
    const result = await runCli(['ingest', bundle.dir], env);
    expect(result.code).toBe(1);
    expectOneLine(
      result.stderr,
      /^epilogue: run\.json: participant\.email: must be an email address$/,
    );
  });

  it('rejects unknown commands and options with exit code 2', async () => {
    expect((await runCli(['frobnicate'], env)).code).toBe(2);
    expect((await runCli(['status'], env)).code).toBe(2);
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/ingest .*<bundle\.\.\.>/);
  });

  it('ingests a bundle twice into one run and one pipeline, and reports both as JSON', async () => {
    const bundle = await writeBundle({ organizationId: 'org_cli' });
    const first = await runCli(['ingest', bundle.dir, '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      runs: [
        {
          runId: bundle.runId,
          organizationId: 'org_cli',
          outcome: 'created',
          workflowId: `pipeline:${bundle.runId}`,
          started: true,
        },
      ],
    });
    const second = await runCli(['ingest', bundle.dir, '--json'], env);
    expect(JSON.parse(second.stdout)).toMatchObject({
      runs: [{ outcome: 'unchanged', started: false }],
    });

    const status = await runCli(['status', bundle.runId, '--json'], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      runId: bundle.runId,
      organizationId: 'org_cli',
      workflow: { workflowId: `pipeline:${bundle.runId}` },
    });
    const human = await runCli(['status', bundle.runId], env);
    expect(human.stdout).toMatch(new RegExp(`^run ${bundle.runId} \\(organization org_cli\\)`));
  });

  it('reports a missing run as one line', async () => {
    const result = await runCli(['status', 'run_missing'], env);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, /^epilogue: run run_missing not found$/);
  });

  it('migrate reports what it applied as JSON', async () => {
    const result = await runCli(['migrate', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      database: expect.stringContaining('/epilogue_test_') as unknown,
      applied: [],
    });
  });

  it('runs a worker that exposes Prometheus metrics, processes runs, and stops cleanly on SIGTERM', async () => {
    const metricsPort = await freePort();
    const worker = spawnCli(['worker'], {
      ...env,
      EPILOGUE_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
      LOG_LEVEL: 'info',
    });
    let stderr = '';
    worker.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      worker.on('exit', (code) => resolve(code)),
    );
    try {
      await expect.poll(() => stderr, { timeout: 30_000 }).toContain('worker polling');
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((response) =>
        response.text(),
      );
      expect(metrics).toMatch(/temporal_/);

      const bundle = await writeBundle({ organizationId: 'org_cli' });
      await runCli(['ingest', bundle.dir], env);
      await expect
        .poll(
          async () =>
            JSON.parse((await runCli(['status', bundle.runId, '--json'], env)).stdout) as {
              status: string;
            },
          {
            timeout: 30_000,
            interval: 500,
          },
        )
        .toMatchObject({ status: 'completed', workflow: { status: 'COMPLETED' } });
      const lines = stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const activityLine = lines.find(
        (line) =>
          line['msg'] === 'run status changed' && line['workflowId'] === `pipeline:${bundle.runId}`,
      );
      expect(activityLine).toMatchObject({
        activityType: 'setRunStatus',
        taskQueue: temporal.taskQueue,
      });
    } finally {
      worker.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('worker stopped');
  });
});
