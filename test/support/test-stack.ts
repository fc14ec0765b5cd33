/**
 * Everything a workflow test file usually needs, started once in `beforeAll` and stopped in
 * `afterAll`: a fresh database, the suite's Temporal server on a queue of the file's own, workers
 * over test dependencies, and a connected EpilogueClient.
 */
import fs from 'node:fs/promises';
import type { ActivityDependencies } from '../../activities/dependencies';
import { EpilogueClient } from '../../client/epilogue-client';
import { startWorkers, type RunningWorkers } from './running-workers';
import { createTestDatabase, type TestDatabase } from './test-database';
import {
  connectTestTemporal,
  createTestWorkers,
  testConfig,
  testDependencies,
  type TestTemporal,
} from './test-worker';

export interface TestStack {
  database: TestDatabase;
  temporal: TestTemporal;
  deps: ActivityDependencies & { dataDir: string };
  workers: RunningWorkers;
  client: EpilogueClient;
  stop(): Promise<void>;
}

export async function startTestStack(
  overrides: Partial<ActivityDependencies> = {},
): Promise<TestStack> {
  const database = await createTestDatabase();
  const temporal = await connectTestTemporal();
  const deps = await testDependencies(database.pool, overrides);
  const workers = startWorkers(await createTestWorkers(temporal, deps));
  const client = await EpilogueClient.connect(testConfig(temporal, database.url, deps.dataDir));
  return {
    database,
    temporal,
    deps,
    workers,
    client,
    async stop() {
      await client.close();
      await workers.stop();
      await temporal.close();
      await database.drop();
      await fs.rm(deps.dataDir, { recursive: true, force: true });
    },
  };
}
