/**
 * `npm run chaos -- [--json] [--runs N] [--seed S] [--keep]`: the demo workload under faults. In a private
 * environment (database, data directory, Temporal dev server), with a verifying webhook receiver
 * registered for the organization, it synthesizes N demo interviews, runs a worker as a separate
 * process, ingests and enqueues the runs, and while they are processed kills the worker (SIGKILL),
 * restarts the dev server on the same state, terminates the database's backends and takes the
 * receiver down, at seeded random moments, until every pipeline has closed. Once the webhooks have
 * settled it checks that every run completed exactly once, with no duplicate rows, stray files or
 * webhook ids, and prints the counts (one JSON object with --json). Exit code 0 only if every
 * check holds. Progress goes to stderr; a failed run keeps its data directory and database.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { EpilogueClient } from '../client/epilogue-client';
import { WebhooksClient } from '../client/webhooks-client';
import { SeededRandom } from '../lib/demo/seeded-random';
import { createLogger } from '../lib/logger';
import { newPayloadKeyEntry } from '../lib/temporal/payload-keys';
import { generateWebhookSecret } from '../lib/webhooks/secrets';
import { startBenchEnvironment } from './bench-environment';
import { type FaultCounts, injectFaults } from './chaos-faults';
import { parseChaosOptions } from './chaos-options';
import { checkPipelines } from './chaos-pipeline-checks';
import { watchPipelines } from './chaos-pipeline-watch';
import { progressLine } from './chaos-progress';
import { startChaosReceiver } from './chaos-receiver';
import { type ChaosMeasurements, chaosResult, formatChaosTable } from './chaos-report';
import { checkStorage } from './chaos-storage-checks';
import { checkWebhooks, failedWebhookAttempts, waitForWebhooks } from './chaos-webhook-checks';
import { superviseWorker } from './chaos-workers';
import { submitRuns, synthesizeBundles } from './chaos-workload';

const ORGANIZATION_ID = 'org_chaos';
/**
 * The product's schedule waits 5 min before its third attempt; this one spans 68 s, so an outage
 * of the receiver resolves within the run while still taking several attempts.
 */
const WEBHOOK_RETRY_SCHEDULE = '0,1s,2s,5s,10s,20s,30s';
/**
 * Pipelines take minutes. Each kill costs the activities it held one heartbeat timeout (30 s for
 * ffmpeg, 1 min for the text stages and the analysis) or a 30-s database timeout; a pipeline still
 * open after this long is stuck, not slow.
 */
const PIPELINES_TIMEOUT_MS = 25 * 60_000;
/** The retry schedule, plus an attempt lost with a worker (its 1-minute timeout), plus margin. */
const WEBHOOKS_TIMEOUT_MS = 3 * 60_000;

const shortFaultNames: Record<keyof FaultCounts, string> = {
  workerKills: 'kill',
  serverRestarts: 'restart',
  backendTerminations: 'pg',
  receiverOutages: 'receiver',
};

async function main(): Promise<boolean> {
  const options = parseChaosOptions(process.argv);
  const start = process.hrtime.bigint();
  const progress = progressLine();
  // Interruption, a worker that cannot stay up or a fault that cannot be applied ends the run.
  const stopRun = new AbortController();
  const stopped = () => stopRun.signal.aborted;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => stopRun.abort(`interrupted (${signal})`));

  progress.status('starting a private database, data directory and Temporal dev server');
  const environment = await startBenchEnvironment('chaos', {
    // One key set for every process: a worker must read what the client and other workers sealed.
    EPILOGUE_PAYLOAD_KEYS: newPayloadKeyEntry('chaos-1'),
    // The receiver listens on loopback, which the SSRF guard refuses unless allowlisted.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_RETRY_SCHEDULE,
    // The local analyzer: no cost, no network, and the same result for the same interview.
    EPILOGUE_ANALYSIS_PROVIDER: 'local',
  });
  const { config, dataDir } = environment;
  const teardown: (() => Promise<unknown>)[] = [];
  let ok = false;
  try {
    const secret = generateWebhookSecret();
    const receiver = await startChaosReceiver(secret);
    teardown.push(() => receiver.takeDown());
    const client = await EpilogueClient.connect(config, createLogger({ level: 'error' }));
    teardown.push(() => client.close());
    const webhooks = new WebhooksClient(client.db, config);
    teardown.push(() => webhooks.close());
    await webhooks.addEndpoint({
      organizationId: ORGANIZATION_ID,
      url: receiver.url,
      description: 'chaos receiver',
      eventTypes: ['run.ended', 'run.analyzed'],
      secret,
    });

    const bundles = await synthesizeBundles({
      runs: options.runs,
      seed: options.seed,
      organizationId: ORGANIZATION_ID,
      dir: path.join(dataDir, 'bundles'),
      onBundle: (written) => progress.status(`synthesizing interviews ${written}/${options.runs}`),
    });
    progress.event(`${options.runs} interviews synthesized`);

    const logDir = path.join(dataDir, 'logs');
    // The workers' own temporary directory, so that what a killed worker leaves is seen and removed.
    const workerTmp = path.join(dataDir, 'tmp');
    await Promise.all([fs.mkdir(logDir), fs.mkdir(workerTmp)]);
    const workers = superviseWorker({
      env: {
        ...process.env,
        ...environment.variables,
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        TMPDIR: workerTmp,
      },
      logDir,
      onCrash: (text) => progress.event(text),
      onGiveUp: (reason) => stopRun.abort(reason),
    });
    teardown.push(() => workers.stop());
    const admin = new pg.Client({ connectionString: config.DATABASE_URL });
    // Excluded from the terminations; losing it anyway means PostgreSQL itself went away.
    admin.on('error', (error) => stopRun.abort(`PostgreSQL connection lost: ${error.message}`));
    await admin.connect();
    teardown.push(() => admin.end());

    // The opening outage: the first deliveries meet a closed port (injectFaults brings it back).
    const receiverDownSince = Date.now();
    await receiver.takeDown();
    const runIds = await submitRuns(client, bundles);
    progress.event(`${runIds.length} runs ingested and enqueued; faults start`);
    let pipelinesClosed = false;
    let faultsSoFar: FaultCounts | undefined;
    const faulting = injectFaults(
      { environment, workers, receiver, admin },
      {
        random: new SeededRandom(options.seed).fork('faults'),
        done: () => pipelinesClosed,
        aborted: stopped,
        receiverDownSince,
        failedAttempts: () => failedWebhookAttempts(admin, ORGANIZATION_ID),
        onFault: (description, counts) => {
          faultsSoFar = counts;
          progress.event(description);
        },
      },
    ).catch((error: unknown) => {
      stopRun.abort(`a fault could not be applied: ${(error as Error).message}`);
      throw error;
    });
    const watching = watchPipelines(await client.temporal(), runIds, {
      timeoutMs: PIPELINES_TIMEOUT_MS,
      aborted: stopped,
      onPoll: (stages, closed) => {
        const byStage = new Map<string, number>();
        for (const stage of stages.values()) byStage.set(stage, (byStage.get(stage) ?? 0) + 1);
        const faults = faultsSoFar
          ? Object.entries(faultsSoFar)
              .map(([kind, count]) => `${shortFaultNames[kind as keyof FaultCounts]} ${count}`)
              .join(', ')
          : 'none yet';
        progress.status(
          `pipelines ${closed}/${runIds.length} closed | ` +
            `${[...byStage].map(([stage, count]) => `${stage} ${count}`).join(', ')} | faults: ${faults}`,
        );
      },
      onClosed: (runId, status) => progress.event(`pipeline:${runId} ${status.toLowerCase()}`),
    }).finally(() => (pipelinesClosed = true));
    const [watched, faulted] = await Promise.allSettled([watching, faulting]);
    if (stopped()) throw new Error(String(stopRun.signal.reason));
    if (watched.status === 'rejected') throw watched.reason;
    if (faulted.status === 'rejected') throw faulted.reason;
    if (watched.value.timedOut) {
      progress.event(`pipelines still open after ${PIPELINES_TIMEOUT_MS / 60_000} min`);
    }

    progress.status('faults over; waiting for webhook deliveries to settle');
    await waitForWebhooks(
      client.db,
      ORGANIZATION_ID,
      runIds,
      receiver.deliveries,
      WEBHOOKS_TIMEOUT_MS,
    );
    progress.status('checking');
    const measurements: ChaosMeasurements = {
      runs: runIds.length,
      seed: options.seed,
      wallS: 0,
      faults: faulted.value.counts,
      terminatedBackends: faulted.value.terminatedBackends,
      workerProcesses: workers.started,
      workerCrashes: workers.crashes,
      slowestPipelineS: Math.round(watched.value.slowestMs / 100) / 10,
      pipelines: await checkPipelines(await client.temporal(), client.db, ORGANIZATION_ID, runIds),
      storage: await checkStorage(client.db, {
        blobs: path.join(dataDir, 'blobs'),
        workerTmp,
      }),
      webhooks: await checkWebhooks(client.db, ORGANIZATION_ID, runIds, receiver.deliveries),
    };
    measurements.wallS = Math.round(Number(process.hrtime.bigint() - start) / 1e8) / 10;
    const result = chaosResult(measurements);
    ok = result.ok;
    progress.end();
    process.stdout.write(
      options.json ? `${JSON.stringify(result)}\n` : formatChaosTable(measurements),
    );
  } finally {
    progress.end();
    for (const step of teardown.reverse()) {
      await step().catch((error: unknown) =>
        process.stderr.write(`chaos: teardown: ${(error as Error).message}\n`),
      );
    }
    await environment.stop({ keep: !ok || options.keep });
    if (!ok || options.keep) {
      process.stderr.write(
        `chaos: kept for inspection: ${dataDir} (logs/, blobs/, temporal/) and database ${environment.databaseName}\n`,
      );
    }
  }
  return ok;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    process.stderr.write(`chaos: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
