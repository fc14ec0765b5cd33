/**
 * `epilogue demo`: makes N realistic interviews on the spot (espeak-ng speech, two voices, pauses,
 * a talk-over, an unanswered question, an abandoned run, personal data said aloud), ingests them
 * as run bundles and runs their pipelines on a real Temporal server with an in-process worker.
 * It reuses a Temporal server already listening (e.g. `epilogue dev`) or starts the dev server on
 * the same state, so the runs stay inspectable in the Web UI afterwards.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import cliProgress from 'cli-progress';
import type { Config } from '../../lib/config';
import { planDemoInterviews } from '../../lib/demo/plan-demo-interviews';
import { createSpeechSynthesizer } from '../../lib/demo/speech-synthesizer';
import { writeDemoBundle } from '../../lib/demo/write-demo-bundle';
import { pipelineWorkflowId } from '../../lib/ids';
import type { Logger } from '../../lib/logger';
import { startDevServer, type DevServer } from '../../lib/temporal/dev-server';
import { progressQuery, type PipelineProgress } from '../../workflows/interview-pipeline';
import { installRuntime } from '../../worker/runtime';
import { runWorker } from '../../worker/run-worker';
import { generateWebhookSecret } from '../../lib/webhooks/secrets';
import { startDemoReceiver } from '../demo-receiver';
import { EpilogueClient } from '../epilogue-client';
import { RetentionClient } from '../retention-client';
import { WebhooksClient } from '../webhooks-client';
import { demoDeliveries, type DemoWebhookTarget, registerDemoEndpoint } from './demo-webhooks';
import { type DemoReport, reportRun } from './demo-report';

export const DEMO_ORGANIZATION_ID = 'org_demo';
/** The longest gap the demo planner leaves between two runs, plus a run's own length. */
const MAX_MINUTES_BETWEEN_RUNS = 100;

export interface DemoOptions {
  runs: number;
  seed: number;
  /** Progress bars go to stderr; off for non-terminals. */
  showProgress: boolean;
  /** The user's own endpoint; without it the demo runs a local receiver that verifies signatures. */
  webhook?: { url: string; secret?: string | undefined };
  /** Redact the demo runs' personal data this soon after they end (`10s`), and wait for it. */
  redactAfter?: string | undefined;
}

async function reachable(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '2 seconds' });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

function bar(label: string, total: number, show: boolean) {
  const progress = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(12)} {bar} {percentage}% | {status}`,
      stream: process.stderr,
      noTTYOutput: false,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  if (show) progress.start(total, 0, { status: '' });
  return {
    update: (value: number, status: string) => show && progress.update(value, { status }),
    stop: () => show && progress.stop(),
  };
}

export async function runDemo(
  givenConfig: Config,
  log: Logger,
  options: DemoOptions,
): Promise<DemoReport> {
  installRuntime({ EPILOGUE_METRICS_ADDRESS: 'off' }, log);
  const target: DemoWebhookTarget = options.webhook
    ? { kind: 'own', ...options.webhook }
    : await localTarget();
  // The local receiver listens on loopback, which the SSRF guard refuses unless allowlisted.
  const config: Config =
    target.kind === 'local'
      ? {
          ...givenConfig,
          WEBHOOK_ALLOWED_HOSTS: [givenConfig.WEBHOOK_ALLOWED_HOSTS, '127.0.0.1']
            .filter(Boolean)
            .join(','),
        }
      : givenConfig;
  let server: DevServer | undefined;
  let temporalUi: string | null = null;
  if (!(await reachable(config.TEMPORAL_ADDRESS))) {
    server = await startDevServer(config);
    temporalUi = `${server.uiUrl}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`;
  }
  let finished!: () => void;
  const demoDone = new Promise<void>((resolve) => (finished = resolve));
  let workerReady!: () => void;
  const ready = new Promise<void>((resolve) => (workerReady = resolve));
  const worker = runWorker(config, log, { until: demoDone, onReady: workerReady });
  try {
    await Promise.race([ready, worker]);
    const client = await EpilogueClient.connect(config, log);
    const webhooks = new WebhooksClient(client.db, config);
    try {
      const endpoint = await registerDemoEndpoint(webhooks, DEMO_ORGANIZATION_ID, target);
      const retention = new RetentionClient({
        db: client.db,
        temporal: () => client.temporal(),
        taskQueue: config.EPILOGUE_TASK_QUEUE,
      });
      // Without the flag the demo organization goes back to never redacting, so an earlier
      // `--redact-after` does not carry over to this demo.
      await retention.setPolicy(
        DEMO_ORGANIZATION_ID,
        { pii: { redact_after: options.redactAfter ?? 'never' } },
        'demo',
      );
      const runIds = await processInterviews(client, config, options);
      const pending = options.redactAfter
        ? await retention.waitForAction(runIds, 'redact_pii', {
            organizationId: DEMO_ORGANIZATION_ID,
            timeoutMs: 180_000,
          })
        : [];
      // Read back after any redaction: redacted audio replaces the masters under new keys.
      const runs = [];
      for (const runId of runIds) {
        const run = await reportRun(client, DEMO_ORGANIZATION_ID, runId);
        if (options.redactAfter) run.redacted = !pending.includes(runId);
        runs.push(run);
      }
      const report: DemoReport = {
        organizationId: DEMO_ORGANIZATION_ID,
        dataDir: config.EPILOGUE_DATA_DIR,
        temporalUi,
        runs,
        webhooks: null,
      };
      report.webhooks = await demoDeliveries(endpoint, target, 2 * report.runs.length);
      // The local receiver stops with the demo: later runs must not be sent to it.
      if (target.kind === 'local')
        await webhooks.disableEndpoint(DEMO_ORGANIZATION_ID, endpoint.id);
      return report;
    } finally {
      await webhooks.close();
      await client.close();
    }
  } finally {
    finished();
    await worker;
    await server?.stop();
    if (target.kind === 'local') await target.receiver.stop();
  }
}

async function localTarget(): Promise<DemoWebhookTarget> {
  const secret = generateWebhookSecret();
  return { kind: 'local', receiver: await startDemoReceiver({ secret }), secret };
}

/** Synthesizes, ingests and processes the interviews; returns their run ids once every pipeline is done. */
async function processInterviews(
  client: EpilogueClient,
  config: Config,
  options: DemoOptions,
): Promise<string[]> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '_');
  const plans = planDemoInterviews({
    runs: options.runs,
    seed: options.seed,
    organizationId: DEMO_ORGANIZATION_ID,
    runIdPrefix: `demo_${stamp}`,
    // The planner spaces runs 20-90 minutes apart; starting early enough puts every run in the
    // past, as finished runs are (retention deadlines count from their end).
    startedAt: new Date(Date.now() - options.runs * MAX_MINUTES_BETWEEN_RUNS * 60_000),
  });
  const bundlesDir = path.join(config.EPILOGUE_DATA_DIR, 'demo', stamp);
  await fs.mkdir(bundlesDir, { recursive: true });

  const synthesis = bar('synthesizing', plans.length, options.showProgress);
  const synthesizer = createSpeechSynthesizer();
  let written = 0;
  const bundles = await Promise.all(
    plans.map(async (plan) => {
      const bundle = await writeDemoBundle(plan, path.join(bundlesDir, plan.runId), {
        synthesizer,
      });
      synthesis.update((written += 1), plan.runId);
      return bundle;
    }),
  );
  synthesis.stop();

  for (const bundle of bundles) {
    await client.ingestRunBundle(bundle.dir);
    await client.enqueueCompletedRun(bundle.runId, { organizationId: DEMO_ORGANIZATION_ID });
  }
  // Ingested, the bundles are copies of what PostgreSQL and the blob store now hold, personal data
  // included: kept, they would outlive an erasure or a redaction of their participants.
  await fs.rm(bundlesDir, { recursive: true, force: true });
  const temporal = await client.temporal();
  const processing = bar('processing', 100 * bundles.length, options.showProgress);
  const progress = new Map<string, PipelineProgress['stage']>();
  const percents = new Map<string, number>();
  await Promise.all(
    bundles.map(async (bundle) => {
      const handle = temporal.workflow.getHandle(pipelineWorkflowId(bundle.runId));
      const poll = setInterval(() => {
        void handle
          .query(progressQuery)
          .then((state) => {
            progress.set(bundle.runId, state.stage);
            percents.set(bundle.runId, state.percent);
            processing.update(
              [...percents.values()].reduce((sum, value) => sum + value, 0),
              [...progress.entries()]
                .map(([runId, stage]) => `${runId.split('_').pop()}:${stage}`)
                .join(' '),
            );
          })
          .catch(() => undefined);
      }, 500);
      try {
        await handle.result().catch(() => undefined);
        percents.set(bundle.runId, 100);
      } finally {
        clearInterval(poll);
      }
    }),
  );
  processing.update(100 * bundles.length, 'done');
  processing.stop();

  return bundles.map((bundle) => bundle.runId);
}
