/**
 * Once per test run: one Temporal dev server (search attributes registered), one migrated template
 * database that each test file clones, and the workflow bundle built once for every test worker.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { bundleWorkflowCode } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { allSearchAttributeKeys } from '../../lib/ids';
import { projectRoot } from '../../lib/project-root';
import { temporalCli } from '../../lib/temporal/binaries';
import { adminUrl, databaseUrl, TEST_DATABASE_PREFIX } from './database-names';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    templateDatabase: string;
    workflowBundlePath: string;
  }
}

async function dropTestDatabases(prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1::text`,
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists ${admin.escapeIdentifier(datname)} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runPrefix = `${TEST_DATABASE_PREFIX}${process.pid}_`;
  const templateDatabase = `${runPrefix}template`;
  const pool = await connectDatabase({ url: databaseUrl(templateDatabase), timeoutS: 20 });
  await migrate(pool);
  await pool.end();

  const bundleDir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-test-bundle-'));
  const workflowBundlePath = path.join(bundleDir, 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(projectRoot, 'workflows', 'index.ts'),
    logger: {
      log() {},
      trace() {},
      debug() {},
      info() {},
      warn: console.warn,
      error: console.error,
    },
  });
  await fs.writeFile(workflowBundlePath, code);

  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: temporalCli(),
      ip: '127.0.0.1',
      searchAttributes: allSearchAttributeKeys,
      log: { format: 'json', level: 'error' },
    },
  });

  project.provide('temporalAddress', env.address);
  project.provide('templateDatabase', templateDatabase);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await env.teardown();
    await dropTestDatabases(runPrefix);
    await fs.rm(bundleDir, { recursive: true, force: true });
  };
}
