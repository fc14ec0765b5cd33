import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { EpilogueClient } from '../client/epilogue-client';
import { ExportClient } from '../client/export-client';
import { getExportRequest } from '../db/participant-exports';
import { EpilogueError } from '../lib/errors';
import { loadConfig } from '../lib/config';
import { exportWorkflowId } from '../lib/ids';
import { subjectHash } from '../lib/privacy/subject-hash';
import { createWorkers } from '../worker/create-workers';
import type { participantExport } from '../workflows/participant-export';
import { writeExportBundle } from './support/export-runs';
import { startWorkers, type RunningWorkers } from './support/running-workers';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { testDependencies } from './support/test-worker';
import { serverClock } from './support/webhook-server-clock';
import { startTimeSkippingEnvironment } from './support/webhook-time-skipping';

const ORG = 'org_expiry';
const PARTICIPANT = 'p_expiry';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let deps: Awaited<ReturnType<typeof testDependencies>>;
let workers: RunningWorkers;
let epilogue: EpilogueClient;
let taskQueue: string;

/** Exports through a client whose configuration keeps exports for `ttl`. */
const exportsFor = (ttl: string) =>
  new ExportClient({
    db: database.pool,
    storage: deps.storage,
    temporal: async () => env.client,
    taskQueue,
    ttl,
  });

async function expiredRow(requestId: string) {
  for (let tries = 0; tries < 200; tries += 1) {
    const row = await getExportRequest(database.pool, ORG, requestId);
    if (row?.status === 'expired') return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`export ${requestId} did not expire`);
}

beforeAll(async () => {
  env = await startTimeSkippingEnvironment();
  database = await createTestDatabase();
  // Activities read the server's clock, so the export's times are in the time the server skips.
  deps = await testDependencies(database.pool, { clock: serverClock });
  taskQueue = `export-expiry-${randomUUID()}`;
  workers = startWorkers(
    await createWorkers({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps,
      mediaConcurrency: 1,
      activityConcurrency: 10,
      workflowBundlePath: inject('workflowBundlePath'),
    }),
  );
  epilogue = await EpilogueClient.connect(
    loadConfig(
      {},
      {
        DATABASE_URL: database.url,
        EPILOGUE_DATA_DIR: deps.dataDir,
        EPILOGUE_TASK_QUEUE: taskQueue,
        LOG_LEVEL: 'warn',
      },
    ),
  );
  // An ingested run is enough: its uploads are the recordings the participant gets.
  const bundle = await writeExportBundle({
    organizationId: ORG,
    externalId: PARTICIPANT,
    name: 'Expiring Person',
    marker: 'EXPIRY-MARKER',
  });
  await epilogue.ingestRunBundle(bundle.dir);
  await fs.rm(bundle.dir, { recursive: true, force: true });
}, 120_000);

afterAll(async () => {
  await epilogue?.close();
  await workers?.stop();
  await env?.teardown();
  await database?.drop();
  if (deps) await fs.rm(deps.dataDir, { recursive: true, force: true });
});

describe('access export expiry (time-skipping)', () => {
  it('keeps the ZIP until its TTL ends, then deletes it, marks the export expired and audits it', async () => {
    const requested = await exportsFor('7d').requestExport({
      organizationId: ORG,
      participantExternalId: PARTICIPANT,
      requestId: 'req_expiring',
    });
    const createdAt = Date.parse(requested.createdAt);
    expect(Date.parse(requested.expiresAt) - createdAt).toBe(7 * DAY_MS);
    expect(requested.counts).toMatchObject({ runs: 1, audio_files: 2 });
    expect(await deps.storage.exists(requested.blobKey)).toBe(true);

    await env.sleep(createdAt + 7 * DAY_MS - HOUR_MS - (await env.currentTimeMs()));
    expect(await deps.storage.exists(requested.blobKey)).toBe(true);
    expect(await getExportRequest(database.pool, ORG, 'req_expiring')).toMatchObject({
      status: 'ready',
      participantExternalId: PARTICIPANT,
    });

    await env.sleep(2 * HOUR_MS);
    const row = await expiredRow('req_expiring');
    expect(row.expiredAt!.getTime()).toBeGreaterThanOrEqual(createdAt + 7 * DAY_MS);
    expect(row.expiredAt!.getTime()).toBeLessThan(createdAt + 7 * DAY_MS + HOUR_MS);
    // The record stays, without the participant: their keyed hash and what the file was.
    expect(row).toMatchObject({
      participantExternalId: null,
      blobKey: requested.blobKey,
      sha256: requested.sha256,
    });
    expect(await deps.storage.exists(requested.blobKey)).toBe(false);
    const handle = env.client.workflow.getHandle<typeof participantExport>(
      exportWorkflowId('req_expiring'),
    );
    expect(await handle.result()).toEqual({ requestId: 'req_expiring', status: 'expired' });

    const { rows } = await database.pool.query<{ action: string; subjectHash: string }>(
      `select action, subject_hash as "subjectHash" from audit_log
       where organization_id = $1::text and details->>'request_id' = 'req_expiring' order by seq`,
      [ORG],
    );
    const hash = await subjectHash(database.pool, ORG, { participantExternalId: PARTICIPANT });
    expect(rows).toEqual([
      { action: 'privacy.export_created', subjectHash: hash },
      { action: 'privacy.export_expired', subjectHash: hash },
    ]);

    // The request is over: asked again, it says so and builds nothing.
    const again = await exportsFor('7d')
      .requestExport({
        organizationId: ORG,
        participantExternalId: PARTICIPANT,
        requestId: 'req_expiring',
      })
      .catch((error: unknown) => error);
    expect(again).toBeInstanceOf(EpilogueError);
    expect((again as EpilogueError).type).toBe('ExportExpired');
    const zips = [];
    for await (const key of deps.storage.list(ORG)) if (key.endsWith('.zip')) zips.push(key);
    expect(zips).toEqual([]);
  });

  it('takes its TTL from the configuration of the client that asked', async () => {
    const requested = await exportsFor('12h').requestExport({
      organizationId: ORG,
      participantExternalId: PARTICIPANT,
      requestId: 'req_short',
    });
    expect(Date.parse(requested.expiresAt) - Date.parse(requested.createdAt)).toBe(12 * HOUR_MS);
    await env.sleep(13 * HOUR_MS);
    await expiredRow('req_short');
    expect(await deps.storage.exists(requested.blobKey)).toBe(false);
  });
});
