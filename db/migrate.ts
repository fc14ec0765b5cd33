/**
 * Applies the numbered SQL migrations in db/migrations with node-pg-migrate: forward only, one
 * transaction each, under an advisory lock so that several workers starting at once wait for
 * each other instead of racing.
 */
import path from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Logger } from '../lib/logger';
import { projectRoot } from '../lib/project-root';
import type { Pool } from './pool';

export const migrationsDir = path.join(projectRoot, 'db', 'migrations');

export async function migrate(pool: Pool, log?: Logger): Promise<string[]> {
  const client = await pool.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: migrationsDir,
      direction: 'up',
      migrationsTable: 'schema_migrations',
      advisoryLockMode: 'wait',
      singleTransaction: false,
      checkOrder: true,
      log: (message: string) => log?.debug({ component: 'migrate' }, message),
      logger: {
        debug: () => undefined,
        info: (message: string) => log?.debug({ component: 'migrate' }, message),
        warn: (message: string) => log?.warn({ component: 'migrate' }, message),
        error: (message: string) => log?.error({ component: 'migrate' }, message),
      },
    });
    const names = applied.map((migration) => migration.name);
    if (names.length > 0) log?.info({ migrations: names }, 'applied database migrations');
    return names;
  } finally {
    client.release();
  }
}
