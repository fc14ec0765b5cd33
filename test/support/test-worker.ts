/**
 * Connects a test file to the suite's Temporal dev server and runs workers on a task queue of its
 * own, so files never pick up each other's workflows.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { ActivityDependencies } from '../../activities/dependencies';
import type { Pool } from '../../db/pool';
import type { Config } from '../../lib/config';
import { loadConfig } from '../../lib/config';
import { defaultAudioLimits } from '../../lib/audio/probe-audio';
import { createLogger } from '../../lib/logger';
import { LocalBlobStore } from '../../lib/storage/local-blob-store';
import { AesGcmPayloadCodec } from '../../lib/temporal/payload-codec';
import { parsePayloadKeys } from '../../lib/temporal/payload-keys';
import { createWorkers } from '../../worker/create-workers';
import { TEST_PAYLOAD_KEYS } from './test-payload-keys';

/** Tests encrypt payloads like production does, with a fixed key. */
export const testDataConverter = {
  payloadCodecs: [new AesGcmPayloadCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS))],
};

export interface TestTemporal {
  address: string;
  taskQueue: string;
  client: Client;
  nativeConnection: NativeConnection;
  close(): Promise<void>;
}

export async function connectTestTemporal(): Promise<TestTemporal> {
  const address = inject('temporalAddress');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    address,
    taskQueue: `test-${randomUUID()}`,
    client: new Client({ connection, dataConverter: testDataConverter }),
    nativeConnection,
    async close() {
      await connection.close();
      await nativeConnection.close();
    },
  };
}

/** Activity dependencies over a test database and a temporary blob directory. */
export async function testDependencies(
  db: Pool,
  overrides: Partial<ActivityDependencies> = {},
): Promise<ActivityDependencies & { dataDir: string }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-test-data-'));
  return {
    db,
    storage: new LocalBlobStore(path.join(dataDir, 'blobs')),
    log: createLogger({ level: 'warn', format: 'json' }),
    clock: { now: () => new Date() },
    audioLimits: defaultAudioLimits,
    analysis: { defaultProvider: 'local', anthropic: null },
    sealingKeys: parsePayloadKeys(TEST_PAYLOAD_KEYS),
    dataDir,
    ...overrides,
  };
}

export async function createTestWorkers(
  temporal: TestTemporal,
  deps: ActivityDependencies,
): Promise<Worker[]> {
  return createWorkers({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue: temporal.taskQueue,
    deps,
    mediaConcurrency: 2,
    activityConcurrency: 20,
    workflowBundlePath: inject('workflowBundlePath'),
    dataConverter: testDataConverter,
  });
}

/** The configuration a test process would get, pointed at the test server, database and data dir. */
export function testConfig(temporal: TestTemporal, databaseUrl: string, dataDir: string): Config {
  return loadConfig(
    {},
    {
      DATABASE_URL: databaseUrl,
      EPILOGUE_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: temporal.address,
      EPILOGUE_TASK_QUEUE: temporal.taskQueue,
      TEMPORAL_CONNECT_TIMEOUT_S: '5',
      EPILOGUE_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      LOG_LEVEL: 'warn',
    },
  );
}
