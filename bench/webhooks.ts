/**
 * Webhook delivery on loopback: the time from emitting an event (starting the `webhookEvent`
 * workflow, which runs `emitWebhookEvent` as the pipeline does) to the first delivery attempt
 * reaching the receiver, p50/p99, one event at a time and under load; and the events per second
 * one worker delivers. Starts its own Temporal dev server, a scratch database on the server of
 * DATABASE_URL (dropped afterwards), the production worker, and a receiver answering 204.
 *
 *   node dist/bench/webhooks.js [--samples 100] [--events 1000] [--json]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { WebhookEventInput } from '../activities/webhooks';
import { WebhooksClient } from '../client/webhooks-client';
import { connectDatabase, type Pool } from '../db/pool';
import { webhookEventWorkflowId, workflowTypes } from '../lib/ids';
import { connectClient } from '../lib/temporal/connect';
import { webhookMessageId } from '../lib/webhooks/message-id';
import type { webhookEvent } from '../workflows/webhook-event';
import type { WorkerSettings } from '../worker/create-workers';
import { startBenchEnvironment } from './bench-environment';
import { type BenchProgress, lineProgress } from './bench-progress';
import { withInProcessWorker } from './in-process-worker';
import { type Percentiles, percentiles } from './percentiles';
import { runBenchScript } from './bench-script';

const organizationId = 'org_bench';
/** Events started at once while measuring throughput, as many pipelines finishing together would. */
const startConcurrency = 50;

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
  workers: WorkerSettings[];
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

/** Where events go: the worker's queue, and the receiver's endpoint. */
interface Target {
  client: Client;
  taskQueue: string;
  endpointId: string;
}

/** Starts the emitting workflow for one event; the message id is known in advance (derived). */
async function emit({ client, taskQueue, endpointId }: Target, runId: string): Promise<Emitted> {
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

export async function benchWebhooks(
  options: { samples: number; events: number },
  progress: BenchProgress = lineProgress(),
): Promise<WebhookBenchResult> {
  const arrivals = new Arrivals();
  const receiver = await startReceiver(arrivals);
  // The receiver listens on loopback, which the SSRF guard refuses unless allowlisted.
  const env = await startBenchEnvironment('webhooks', { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  try {
    return await withInProcessWorker(env.config, async (workers) => {
      const db = await connectDatabase({ url: env.config.DATABASE_URL, timeoutS: 10 });
      const webhooks = new WebhooksClient(db, env.config);
      const client = await connectClient(env.config);
      try {
        const { endpoint } = await webhooks.addEndpoint({ organizationId, url: receiver.url });
        const target = {
          client,
          taskQueue: env.config.EPILOGUE_TASK_QUEUE,
          endpointId: endpoint.id,
        };
        // Warm-up: the first workflow tasks load the bundle and open database connections.
        for (let index = 0; index < 5; index++) {
          await firstAttemptMs(arrivals, await emit(target, `run_warm_${index}`));
        }
        progress.step('emitting events one at a time', options.samples);
        const idle: number[] = [];
        for (let index = 0; index < options.samples; index++) {
          const emitted = await emit(target, `run_idle_${index}`);
          idle.push(await firstAttemptMs(arrivals, emitted));
          progress.update(idle.length);
        }
        const createdToAttempt = await createdToFirstAttemptMs(db, 'run.ended:run_idle_%');

        progress.step('emitting events under load', options.events);
        let arrived = 0;
        const emitted: Emitted[] = [];
        for (let index = 0; index < options.events; index += startConcurrency) {
          const size = Math.min(startConcurrency, options.events - index);
          emitted.push(
            ...(await Promise.all(
              Array.from({ length: size }, (_, offset) =>
                emit(target, `run_load_${index + offset}`),
              ),
            )),
          );
        }
        const loadedTimes = await Promise.all(
          emitted.map((one) =>
            firstAttemptMs(arrivals, one).finally(() => progress.update(++arrived)),
          ),
        );
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
          workers,
        };
      } finally {
        await client.connection.close();
        await webhooks.close();
        await db.end();
      }
    });
  } finally {
    await env.stop();
    await receiver.close();
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
    [
      'worker activity slots',
      String(result.workers.find((worker) => !worker.taskQueue.endsWith('.media'))?.activitySlots),
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    'webhook delivery on loopback (Temporal dev server, PostgreSQL, one worker)',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ].join('\n');
}

if (require.main === module) {
  runBenchScript({
    name: 'webhooks',
    defaults: { samples: '100', events: '1000' },
    run: (values) =>
      benchWebhooks({ samples: Number(values.samples), events: Number(values.events) }),
    table,
  });
}
