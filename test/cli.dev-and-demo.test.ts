import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSearchAttributeKeys } from '../lib/ids';
import type { DemoReport } from '../client/demo/demo-report';
import { runCli, spawnCli } from './support/cli';
import { audioFormat, integratedLoudness } from './support/loudness-check';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { connectTestTemporal, type TestTemporal } from './support/test-worker';

let database: TestDatabase;
let temporal: TestTemporal;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await connectTestTemporal();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-cli-dev-'));
});

afterAll(async () => {
  await temporal?.close();
  await database?.drop();
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

describe('epilogue dev', () => {
  it('serves Temporal with its Web UI and search attributes, keeps state on disk, and stops on Ctrl-C', async () => {
    const [grpc, ui, codec] = [await freePort(), await freePort(), await freePort()];
    const child = spawnCli(['dev'], {
      DATABASE_URL: database.url,
      EPILOGUE_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: `127.0.0.1:${grpc}`,
      TEMPORAL_UI_PORT: String(ui),
      EPILOGUE_CODEC_PORT: String(codec),
      EPILOGUE_METRICS_ADDRESS: 'off',
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      await expect
        .poll(() => stderr, { timeout: 60_000 })
        .toContain(`Web UI http://127.0.0.1:${ui}`);
      expect((await fetch(`http://127.0.0.1:${ui}/`)).status).toBe(200);
      // The UI reads payloads through the codec server, which refuses callers without its token.
      expect(
        (await fetch(`http://127.0.0.1:${codec}/decode`, { method: 'POST', body: '{}' })).status,
      ).toBe(401);
      const connection = await Connection.connect({ address: `127.0.0.1:${grpc}` });
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      await connection.close();
      for (const key of allSearchAttributeKeys)
        expect(Object.keys(customAttributes ?? {})).toContain(key.name);
      await expect(fs.stat(path.join(dataDir, 'temporal.sqlite'))).resolves.toBeTruthy();
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stdout).toBe('');
    await expect(
      Connection.connect({ address: `127.0.0.1:${grpc}`, connectTimeout: '1 second' }),
    ).rejects.toThrow();
  }, 120_000);
});

describe('epilogue demo', () => {
  let report: DemoReport;
  let logs: string;

  beforeAll(async () => {
    const result = await runCli(
      ['demo', '--runs', '4', '--json'],
      {
        DATABASE_URL: database.url,
        EPILOGUE_DATA_DIR: dataDir,
        TEMPORAL_ADDRESS: temporal.address,
        EPILOGUE_TASK_QUEUE: temporal.taskQueue,
        // Every line the worker can write, for the leak scan.
        LOG_LEVEL: 'debug',
      },
      240_000,
    );
    expect(result.code).toBe(0);
    report = JSON.parse(result.stdout) as DemoReport;
    logs = result.stderr;
  }, 300_000);

  /** Each participant's personal data, as the platform handed it over (the demo never redacts). */
  async function participants(): Promise<string[]> {
    const { rows } = await database.pool.query<{
      participant: { name: string; email: string; phone: string };
    }>(`select participant from runs where organization_id = 'org_demo' and id = any($1::text[])`, [
      report.runs.map((run) => run.runId),
    ]);
    expect(rows).toHaveLength(report.runs.length);
    const values = rows.flatMap(({ participant: { name, email, phone } }) => [
      name,
      ...name.split(' '),
      email,
      phone,
      phone.replace(/\D/g, ''),
    ]);
    return values.filter((value) => value.length >= 4);
  }

  it('makes four interviews and reports what the pipeline found in each, as JSON', async () => {
    expect(report).toMatchObject({ organizationId: 'org_demo', dataDir });
    expect(report.runs.map((run) => [run.status, run.audioLayout])).toEqual([
      ['completed', 'two_track'],
      ['completed', 'two_track'],
      ['abandoned', 'two_track'],
      ['completed', 'mixed'],
    ]);
    for (const run of report.runs) {
      expect(run.participantExternalId).toMatch(/\w+/);
      expect(await audioFormat(run.audio.wav!)).toMatchObject({ sampleRate: 16000, channels: 1 });
      expect(Math.abs((await integratedLoudness(run.audio.wav!)) + 16)).toBeLessThanOrEqual(1);
      await expect(fs.stat(run.audio.mp3!)).resolves.toBeTruthy();
      expect(run.transcript).toMatchObject({ language: 'en' });
      expect(run.transcript!.entries).toBeGreaterThan(10);
      expect(run.analysis).toMatchObject({
        provider: 'local',
        sentiment: { overall: expect.any(String) as unknown },
      });
      expect(run.analysis!.sentiment.byQuestion.length).toBeGreaterThan(0);
      expect(run.analysis!.metrics).toHaveProperty('engagementScore');
    }
    const [first, second, abandoned] = report.runs;
    // Run 1 logged one turn 2.5 s early; the audio put it right.
    expect(first!.transcript!.corrections).toBeGreaterThanOrEqual(1);
    // Run 2 has one talk-over and one question left unanswered.
    expect(second!.diarization!.talkOvers).toBe(1);
    expect(second!.responses!.answered).toBe(second!.responses!.total - 1);
    expect(abandoned!.responses!.dropOffNodeId).not.toBeNull();
  });

  it("delivered each run's run.ended then run.analyzed to the local receiver, signed and verified", () => {
    const received = report.webhooks!.received!;
    expect(report.webhooks!.localReceiver).toBe(true);
    expect(received.every((delivery) => delivery.verified)).toBe(true);
    for (const run of report.runs) {
      const events = received
        .filter((delivery) => delivery.runId === run.runId)
        .map((delivery) => delivery.eventType);
      expect(events).toEqual(['run.ended', 'run.analyzed']);
    }
    expect(new Set(received.map((delivery) => delivery.webhookId)).size).toBe(received.length);
  });

  it('keeps no copy of the input bundles once they are ingested', async () => {
    const left = await fs.readdir(path.join(dataDir, 'demo'), { recursive: true });
    expect(left.filter((entry) => entry.endsWith('.json') || entry.endsWith('.jsonl'))).toEqual([]);
  });

  it('wrote no participant name, email or phone number into any log line', async () => {
    expect(logs.split('\n').filter((line) => line.startsWith('{')).length).toBeGreaterThan(20);
    for (const value of await participants()) expect(logs).not.toContain(value);
  });

  it('left no participant data in Temporal: histories read without the codec, search attributes, ids', async () => {
    const plain = new Client({
      connection: await Connection.connect({ address: temporal.address }),
    });
    const secrets = await participants();
    let workflows = 0;
    try {
      for await (const execution of plain.workflow.list({ query: `OrganizationId = 'org_demo'` })) {
        workflows += 1;
        const history = JSON.stringify(
          await plain.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory(),
        );
        const attributes =
          JSON.stringify(execution.typedSearchAttributes) +
          JSON.stringify(execution.searchAttributes);
        for (const value of secrets) {
          expect(history).not.toContain(value);
          expect(attributes).not.toContain(value);
          expect(execution.workflowId).not.toContain(value);
        }
      }
    } finally {
      await plain.connection.close();
    }
    expect(workflows).toBeGreaterThanOrEqual(4);
  });
});
