/**
 * Webhook delivery on loopback: the time from emitting an event (starting the `webhookEvent`
 * workflow, which runs `emitWebhookEvent` as the pipeline does) to the first delivery attempt
 * reaching the receiver, p50/p99, one event at a time and under load; and the events per second
 * one worker delivers. Starts its own Temporal dev server, a scratch database on the server of
 * DATABASE_URL (dropped afterwards), one worker, and a receiver answering 204.
 *
 *   node dist/bench/webhooks.js [--samples 100] [--events 1000] [--json]
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pg from 'pg';
import type { WebhookEventInput } from '../activities/webhooks';
import { WebhooksClient } from '../client/webhooks-client';
import { migrate } from '../db/migrate';
import { connectDatabase, type Pool } from '../db/pool';
import { analysisSettingsFrom } from '../lib/analysis/analysis-settings';
import { defaultAudioLimits } from '../lib/audio/probe-audio';
import { loadConfig } from '../lib/config';
import { allSearchAttributeKeys, webhookEventWorkflowId, workflowTypes } from '../lib/ids';
import { createLogger } from '../lib/logger';
import { LocalBlobStore } from '../lib/storage/local-blob-store';
import { temporalCli } from '../lib/temporal/binaries';
import { webhookMessageId } from '../lib/webhooks/message-id';
import type { webhookEvent } from '../workflows/webhook-event';
import { createWorkers, runWorkers } from '../worker/create-workers';

const organizationId = 'org_bench';
const taskQueue = 'bench-webhooks';
/** Events started at once while measuring throughput, as many pipelines finishing together would. */
const startConcurrency = 50;

interface Percentiles {
  p50: number;
  p99: number;
}

export interface WebhookBenchResult {
  /** One event at a time: emit to first attempt, milliseconds. */
  idle: Percentiles & { samples: number };
  /** One event at a time: message row created to its first attempt starting (database times). */
  createdToAttempt: Percentiles;
  /** The same while `events` events are emitted as fast as the client can start them. */
  loaded: Percentiles;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  activityConcurrency: number;
}

/** Resolves when the first request carrying a message id arrives; records when. */
class Arrivals {
  private readonly waiting = new Map<string, (at: number) => void>();
  private readonly seen = new Map<string, number>();

  record(messageId: string): void {
    if (this.seen.has(messageId)) return;
    const at = performance.now();
    this.seen.set(messageId, at);
    this.waiting.get(messageId)?.(at);
  }

  arrival(messageId: string): Promise<number> {
    const at = this.seen.get(messageId);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve) => this.waiting.set(messageId, resolve));
  }
}

async function startReceiver(arrivals: Arrivals): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivals.record(String(request.headers['webhook-id']));
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
  return { p50: Math.round(at(0.5)), p99: Math.round(at(0.99)) };
}

function runEndedEvent(runId: string): WebhookEventInput {
  return {
    organizationId,
    eventType: 'run.ended',
    eventKey: `run.ended:${runId}`,
    runId,
    data: { runId, status: 'completed' },
  };
}

interface Emitted {
  messageId: string;
  startedAt: number;
}

/** Starts the emitting workflow for one event; the message id is known in advance (derived). */
async function emit(client: Client, endpointId: string, runId: string): Promise<Emitted> {
  const event = runEndedEvent(runId);
  const messageId = webhookMessageId({ organizationId, eventKey: event.eventKey, endpointId });
  const startedAt = performance.now();
  await client.workflow.start<typeof webhookEvent>(workflowTypes.webhookEvent, {
    workflowId: webhookEventWorkflowId(organizationId, event.eventKey),
    taskQueue,
    args: [event],
  });
  return { messageId, startedAt };
}

async function firstAttemptMs(arrivals: Arrivals, emitted: Emitted): Promise<number> {
  return (await arrivals.arrival(emitted.messageId)) - emitted.startedAt;
}

export async function benchWebhooks(options: {
  samples: number;
  events: number;
}): Promise<WebhookBenchResult> {
  const config = loadConfig();
  const databaseUrl = new URL(config.DATABASE_URL);
  databaseUrl.pathname = `/epilogue_bench_webhooks_${process.pid}`;
  const db = await connectDatabase({ url: databaseUrl.toString(), timeoutS: 10 });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-bench-'));
  const arrivals = new Arrivals();
  const receiver = await startReceiver(arrivals);
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: temporalCli(),
      ip: '127.0.0.1',
      searchAttributes: allSearchAttributeKeys,
      log: { format: 'json', level: 'error' },
    },
  });
  try {
    await migrate(db);
    const webhooks = new WebhooksClient(db, {
      ...config,
      TEMPORAL_ADDRESS: env.address,
      EPILOGUE_TASK_QUEUE: taskQueue,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    });
    const { endpoint } = await webhooks.addEndpoint({ organizationId, url: receiver.url });
    const workers = await createWorkers({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: {
        db,
        storage: new LocalBlobStore(path.join(dataDir, 'blobs')),
        log: createLogger({ level: 'error', format: 'json' }),
        clock: { now: () => new Date() },
        audioLimits: defaultAudioLimits,
        analysis: analysisSettingsFrom(config),
        webhooks: { allowedHosts: '127.0.0.1', retrySchedule: config.WEBHOOK_RETRY_SCHEDULE },
      },
      mediaConcurrency: 1,
      activityConcurrency: config.EPILOGUE_ACTIVITY_CONCURRENCY,
    });
    let release!: () => void;
    const running = runWorkers(workers, new Promise<void>((resolve) => (release = resolve)));
    try {
      const client = env.client;
      // Warm-up: the first workflow tasks load the bundle and open database connections.
      for (let index = 0; index < 5; index++) {
        await firstAttemptMs(arrivals, await emit(client, endpoint.id, `run_warm_${index}`));
      }
      const idle: number[] = [];
      for (let index = 0; index < options.samples; index++) {
        const emitted = await emit(client, endpoint.id, `run_idle_${index}`);
        idle.push(await firstAttemptMs(arrivals, emitted));
      }
      const createdToAttempt = await createdToFirstAttemptMs(db, 'run.ended:run_idle_%');

      const emitted: Emitted[] = [];
      for (let index = 0; index < options.events; index += startConcurrency) {
        const size = Math.min(startConcurrency, options.events - index);
        emitted.push(
          ...(await Promise.all(
            Array.from({ length: size }, (_, offset) =>
              emit(client, endpoint.id, `run_load_${index + offset}`),
            ),
          )),
        );
      }
      const loadedTimes = await Promise.all(emitted.map((one) => firstAttemptMs(arrivals, one)));
      const lastArrival = Math.max(
        ...(await Promise.all(emitted.map((one) => arrivals.arrival(one.messageId)))),
      );
      const seconds = (lastArrival - emitted[0]!.startedAt) / 1000;
      return {
        idle: { ...percentiles(idle), samples: idle.length },
        createdToAttempt: percentiles(createdToAttempt),
        loaded: percentiles(loadedTimes),
        events: options.events,
        seconds: Math.round(seconds * 100) / 100,
        eventsPerSecond: Math.round(options.events / seconds),
        activityConcurrency: config.EPILOGUE_ACTIVITY_CONCURRENCY,
      };
    } finally {
      release();
      await running;
    }
  } finally {
    await env.teardown();
    await receiver.close();
    await db.end();
    await dropDatabase(databaseUrl);
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

/** Per message: from its row's creation to the start of its first attempt. */
async function createdToFirstAttemptMs(db: Pool, eventKeys: string): Promise<number[]> {
  const { rows } = await db.query<{ ms: number }>(
    `select extract(epoch from a.at - m.created_at)::float8 * 1000 as ms
     from webhook_messages m
     join webhook_attempts a on a.organization_id = m.organization_id and a.message_id = m.id
     where m.organization_id = $1::text and m.event_key like $2::text and a.attempt = 1`,
    [organizationId, eventKeys],
  );
  return rows.map((row) => row.ms);
}

async function dropDatabase(url: URL): Promise<void> {
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString(),
  });
  await admin.connect();
  try {
    const name = decodeURIComponent(url.pathname.slice(1));
    await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
  } finally {
    await admin.end();
  }
}

function table(result: WebhookBenchResult): string {
  const rows: [string, string][] = [
    [
      `emit → first attempt, one at a time (p50 / p99)`,
      `${result.idle.p50} / ${result.idle.p99} ms`,
    ],
    [
      'message created → first attempt starts (p50 / p99)',
      `${result.createdToAttempt.p50} / ${result.createdToAttempt.p99} ms`,
    ],
    [
      `emit → first attempt, under load (p50 / p99)`,
      `${result.loaded.p50} / ${result.loaded.p99} ms`,
    ],
    ['delivered by one worker', `${result.eventsPerSecond} events/s`],
    ['events under load', `${result.events} in ${result.seconds} s`],
    ['worker activity slots', String(result.activityConcurrency)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    'webhook delivery on loopback (Temporal dev server, PostgreSQL, one worker)',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      samples: { type: 'string', default: '100' },
      events: { type: 'string', default: '1000' },
      json: { type: 'boolean', default: false },
    },
  });
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const result = await benchWebhooks({
    samples: Number(values.samples),
    events: Number(values.events),
  });
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${table(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
