/**
 * The chaos run's verdict over synthetic states (`npm run chaos` itself takes minutes): its command
 * line, the storage checks against a real database and blob directory with planted duplicates and
 * stray files, the webhook checks against a receiver's log, and the verdict those feed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DemoDelivery } from '../client/demo-receiver';
import { ingestRunBundle } from '../client/ingest-run-bundle';
import { parseChaosOptions } from '../bench/chaos-options';
import { chaosResult, formatChaosTable, type ChaosMeasurements } from '../bench/chaos-report';
import { checkStorage } from '../bench/chaos-storage-checks';
import { checkWebhooks } from '../bench/chaos-webhook-checks';
import { writeBundle } from './support/bundle-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { testDependencies } from './support/test-worker';

let database: TestDatabase;
let deps: Awaited<ReturnType<typeof testDependencies>>;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = await testDependencies(database.pool);
});
afterAll(async () => {
  await database.drop();
  await fs.rm(deps.dataDir, { recursive: true, force: true });
});

describe('chaos command line', () => {
  it('reads --json, --runs, --seed and --keep, with 6 runs and seed 7 by default', () => {
    expect(parseChaosOptions(['node', 'chaos'])).toEqual({
      json: false,
      runs: 6,
      seed: 7,
      keep: false,
    });
    expect(
      parseChaosOptions(['node', 'chaos', '--json', '--runs', '12', '--seed', '3', '--keep']),
    ).toEqual({ json: true, runs: 12, seed: 3, keep: true });
  });

  it.each([['--runs', '0'], ['--runs', '51'], ['--runs', 'many'], ['--seed', '-1'], ['--bogus']])(
    'exits with code 2 on %s %s',
    (...args) => {
      const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
        throw new Error(`exit ${code}`);
      });
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        expect(() => parseChaosOptions(['node', 'chaos', ...args])).toThrow('exit 2');
      } finally {
        exit.mockRestore();
        stderr.mockRestore();
      }
    },
  );
});

describe('chaos storage checks', () => {
  it('count duplicate rows by natural key, files no row references, and leftovers of kills', async () => {
    const bundle = await writeBundle({ organizationId: 'org_chaos' });
    await ingestRunBundle(deps, bundle.dir);
    const blobs = path.join(deps.dataDir, 'blobs');
    const workerTmp = path.join(deps.dataDir, 'tmp');
    await fs.mkdir(workerTmp);
    expect(await checkStorage(database.pool, { blobs, workerTmp })).toEqual({
      duplicateRows: 0,
      duplicatesByTable: {},
      orphanFiles: 0,
      missingFiles: 0,
      leftoverTempFiles: 0,
      leftoverWorkDirs: 0,
    });

    // A status move recorded twice, as a retried activity without its guard would.
    await database.pool.query(
      `insert into run_status_history (organization_id, run_id, from_status, to_status)
       select organization_id, run_id, from_status, to_status from run_status_history
       where run_id = $1::text`,
      [bundle.runId],
    );
    const { rows } = await database.pool.query<{ key: string }>(
      `select blob_key as key from audio_assets where run_id = $1::text order by track limit 1`,
      [bundle.runId],
    );
    await fs.rm(path.join(blobs, rows[0]!.key));
    await fs.writeFile(path.join(blobs, 'org_chaos', 'stray.wav'), 'x');
    await fs.mkdir(path.join(blobs, '.tmp'), { recursive: true });
    await fs.writeFile(path.join(blobs, '.tmp', 'partial'), 'x');
    await fs.mkdir(path.join(workerTmp, 'epilogue-work-killed'));

    expect(await checkStorage(database.pool, { blobs, workerTmp })).toEqual({
      duplicateRows: 1,
      duplicatesByTable: { run_status_history: 1 },
      orphanFiles: 1,
      missingFiles: 1,
      leftoverTempFiles: 1,
      leftoverWorkDirs: 1,
    });
  });
});

describe('chaos webhook checks', () => {
  const delivery = (
    webhookId: string,
    eventType: string,
    runId: string,
    verified = true,
  ): DemoDelivery => ({
    webhookId,
    eventType,
    runId,
    verified,
    duplicate: false,
    receivedAt: new Date(),
  });

  it('count missing events, second ids, redeliveries, bad signatures and inverted pairs', async () => {
    const deliveries = [
      delivery('msg_1', 'run.ended', 'run_a'),
      delivery('msg_2', 'run.analyzed', 'run_a'),
      // A retry whose answer was lost: the same id again, allowed.
      delivery('msg_2', 'run.analyzed', 'run_a'),
      // run_b: analyzed before ended, and ended under two ids.
      delivery('msg_3', 'run.analyzed', 'run_b'),
      delivery('msg_4', 'run.ended', 'run_b'),
      delivery('msg_5', 'run.ended', 'run_b'),
      delivery('msg_6', 'run.ended', 'run_c', false),
    ];
    expect(
      await checkWebhooks(database.pool, 'org_webhooks', ['run_a', 'run_b', 'run_c'], deliveries),
    ).toEqual({
      expectedEvents: 6,
      deliveredEvents: 4,
      unverified: 1,
      idConflicts: 1,
      redeliveries: 1,
      outOfOrder: 1,
      undeliveredMessages: 0,
      failedAttempts: 0,
    });
  });
});

describe('chaos verdict', () => {
  const clean: ChaosMeasurements = {
    runs: 2,
    seed: 7,
    wallS: 60,
    faults: { workerKills: 1, serverRestarts: 1, backendTerminations: 1, receiverOutages: 2 },
    terminatedBackends: 4,
    workerProcesses: 2,
    workerCrashes: 0,
    slowestPipelineS: 40,
    pipelines: { completedOnce: 2, lostRuns: 0, duplicatedRuns: 0, problems: [] },
    storage: {
      duplicateRows: 0,
      duplicatesByTable: {},
      orphanFiles: 0,
      missingFiles: 0,
      leftoverTempFiles: 1,
      leftoverWorkDirs: 1,
    },
    webhooks: {
      expectedEvents: 4,
      deliveredEvents: 4,
      unverified: 0,
      idConflicts: 0,
      redeliveries: 1,
      outOfOrder: 0,
      undeliveredMessages: 0,
      failedAttempts: 3,
    },
  };

  it('holds when every run completed once and every event arrived, whatever was left to sweep', () => {
    expect(chaosResult(clean)).toMatchObject({ ok: true, completedOnce: 2, lostRuns: 0 });
    expect(formatChaosTable(clean)).toMatch(/result: OK\n$/);
  });

  it.each<[string, (m: ChaosMeasurements) => void]>([
    ['a lost run', (m) => void (m.pipelines = { ...m.pipelines, completedOnce: 1, lostRuns: 1 })],
    ['a duplicate row', (m) => void (m.storage = { ...m.storage, duplicateRows: 1 })],
    ['an orphan file', (m) => void (m.storage = { ...m.storage, orphanFiles: 1 })],
    ['an event under two ids', (m) => void (m.webhooks = { ...m.webhooks, idConflicts: 1 })],
    ['a worker that died of a fault', (m) => void (m.workerCrashes = 1)],
    ['outages no delivery met', (m) => void (m.webhooks = { ...m.webhooks, failedAttempts: 0 })],
  ])('fails on %s', (_name, spoil) => {
    const spoiled = structuredClone(clean);
    spoil(spoiled);
    expect(chaosResult(spoiled).ok).toBe(false);
    expect(formatChaosTable(spoiled)).toMatch(/FAILED[^\n]*\n(.*\n)*result: FAILED\n$/);
  });
});
