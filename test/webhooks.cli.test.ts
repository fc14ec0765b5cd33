import fs from 'node:fs/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLines, runCli } from './support/cli';
import { startWorkers, type RunningWorkers } from './support/running-workers';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { TEST_PAYLOAD_KEYS } from './support/test-payload-keys';
import {
  connectTestTemporal,
  createTestWorkers,
  testDependencies,
  type TestTemporal,
} from './support/test-worker';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

let database: TestDatabase;
let temporal: TestTemporal;
let workers: RunningWorkers;
let target: WebhookReceiver;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await connectTestTemporal();
  const deps = await testDependencies(database.pool, {
    webhooks: { allowedHosts: '127.0.0.1', retrySchedule: '0,1s' },
  });
  dataDir = deps.dataDir;
  workers = startWorkers(await createTestWorkers(temporal, deps));
  target = await startWebhookReceiver((_request, response) => {
    response.writeHead(202).end('queued');
  });
  env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    EPILOGUE_TASK_QUEUE: temporal.taskQueue,
    EPILOGUE_DATA_DIR: dataDir,
    TEMPORAL_CONNECT_TIMEOUT_S: '5',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    EPILOGUE_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
  };
});

afterAll(async () => {
  await target?.close();
  await workers?.stop();
  await temporal?.close();
  await database?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function json<T>(args: string[]): Promise<T> {
  const result = await runCli([...args, '--json'], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  description: string;
}

async function expectOneLineError(args: string[], code: number, pattern: RegExp): Promise<void> {
  const result = await runCli(args, env);
  expect(result.code).toBe(code);
  const lines = messageLines(result.stderr);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('epilogue webhooks', () => {
  it('adds, lists, tests and shows attempts as JSON, printing the secret only when made', async () => {
    const added = await json<{ endpoint: Endpoint; secret: string }>([
      'webhooks',
      'add',
      '--org',
      'org_cli',
      '--url',
      target.url,
      '--events',
      'run.ended,run.analyzed',
      '--description',
      'CRM sync',
    ]);
    expect(added.secret).toMatch(/^whsec_/);
    expect(added.endpoint).toMatchObject({
      url: target.url,
      eventTypes: ['run.ended', 'run.analyzed'],
      enabled: true,
      description: 'CRM sync',
    });

    const listing = await runCli(['webhooks', 'list', '--org', 'org_cli', '--json'], env);
    expect(listing.stdout).not.toContain(added.secret);
    expect(listing.stdout).not.toContain('whsec_');
    const { endpoints } = JSON.parse(listing.stdout) as { endpoints: Endpoint[] };
    expect(endpoints.map((endpoint) => endpoint.id)).toEqual([added.endpoint.id]);

    const test = await json<{ messageId: string; attempt: { outcome: string } }>([
      'webhooks',
      'test',
      added.endpoint.id,
      '--org',
      'org_cli',
    ]);
    expect(test.attempt).toMatchObject({ attempt: 1, outcome: 'delivered', statusCode: 202 });
    const request = target.received.at(-1)!;
    expect(
      new Webhook(added.secret).verify(request.body, request.headers as Record<string, string>),
    ).toMatchObject({ type: 'webhook.test', id: test.messageId });

    const { message, attempts } = await json<{
      message: { id: string; state: string };
      attempts: { attempt: number; outcome: string; statusCode: number; latencyMs: number }[];
    }>(['webhooks', 'attempts', test.messageId, '--org', 'org_cli']);
    expect(message).toMatchObject({ id: test.messageId, state: 'delivered' });
    expect(attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: 'delivered',
        statusCode: 202,
        responseExcerpt: 'queued',
      }),
    ]);
    const human = await runCli(['webhooks', 'attempts', test.messageId, '--org', 'org_cli'], env);
    expect(human.stdout).toMatch(/^message msg_[0-9a-f]{32} \(webhook\.test, endpoint ep_/);
    expect(human.stdout).toMatch(/#1 .* delivered {2}202 {2}\d+ ms {2}"queued"/);

    const resent = await json<{ messageId: string; attempt: { attempt: number } }>([
      'webhooks',
      'resend',
      test.messageId,
      '--org',
      'org_cli',
    ]);
    expect(resent).toMatchObject({ messageId: test.messageId, attempt: { attempt: 2 } });
    expect(target.received.at(-1)!.headers['webhook-id']).toBe(test.messageId);
  });

  it('rotates a secret, and disables and enables an endpoint', async () => {
    const { endpoint, secret } = await json<{ endpoint: Endpoint; secret: string }>([
      'webhooks',
      'add',
      '--org',
      'org_cli_rotate',
      '--url',
      target.url,
    ]);
    const rotation = await json<{ secret: string; previousSecretExpiresAt: string }>([
      'webhooks',
      'rotate-secret',
      endpoint.id,
      '--org',
      'org_cli_rotate',
      '--grace',
      '2h',
    ]);
    expect(rotation.secret).toMatch(/^whsec_/);
    expect(rotation.secret).not.toBe(secret);
    const graceMs = Date.parse(rotation.previousSecretExpiresAt) - Date.now();
    expect(graceMs).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(graceMs).toBeLessThanOrEqual(2 * 3600_000);

    const disabled = await runCli(
      ['webhooks', 'disable', endpoint.id, '--org', 'org_cli_rotate'],
      env,
    );
    expect(disabled.stdout).toContain(
      `${endpoint.id}  ${target.url}  all events  disabled (disabled by an operator)`,
    );
    await expectOneLineError(
      ['webhooks', 'test', endpoint.id, '--org', 'org_cli_rotate'],
      1,
      new RegExp(`^epilogue: webhook endpoint ${endpoint.id} is disabled; enable it first$`),
    );
    const enabled = await json<{ endpoint: Endpoint }>([
      'webhooks',
      'enable',
      endpoint.id,
      '--org',
      'org_cli_rotate',
    ]);
    expect(enabled.endpoint.enabled).toBe(true);
  });

  it('reports bad input as one line', async () => {
    await expectOneLineError(
      ['webhooks', 'add', '--org', 'org_cli', '--url', 'http://10.0.0.7/hooks'],
      1,
      /^epilogue: webhook URL refused: the host is an address in a refused range \(private\)$/,
    );
    await expectOneLineError(
      ['webhooks', 'add', '--org', 'org_cli', '--url', 'ftp://example.com/'],
      1,
      /^epilogue: webhook URL refused: only http and https URLs are allowed$/,
    );
    await expectOneLineError(
      ['webhooks', 'add', '--org', 'org_cli', '--url', target.url, '--events', 'run.deleted'],
      1,
      /^epilogue: invalid webhook endpoint: unknown event type "run.deleted" \(known: run\.ended, run\.analyzed, endpoint\.disabled[^)]*\)$/,
    );
    await expectOneLineError(
      ['webhooks', 'attempts', 'msg_missing', '--org', 'org_cli'],
      1,
      /^epilogue: webhook message msg_missing not found$/,
    );
    await expectOneLineError(
      ['webhooks', 'rotate-secret', 'ep_missing', '--org', 'org_cli'],
      1,
      /^epilogue: webhook endpoint ep_missing not found$/,
    );
    await expectOneLineError(
      ['webhooks', 'list'],
      2,
      /^error: required option '--org <organizationId>' not specified$/,
    );
    await expectOneLineError(
      ['webhooks', 'rotate-secret', 'ep_x', '--org', 'org_cli', '--grace', 'soon'],
      2,
      /^error: option '--grace <duration>' argument 'soon' is invalid\. expected a duration/,
    );
  });
});
