/**
 * The PostgreSQL pool. `connectDatabase` creates the database when it does not exist yet and
 * retries a refused connection until the connect timeout, then fails with one line.
 */
import pg from 'pg';
import { UnreachableError } from '../lib/errors';
import type { Logger } from '../lib/logger';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

const RETRY_INTERVAL_MS = 500;

/** The URL with its password removed, for messages and logs. */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

async function createDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    // Identifiers cannot be bound as parameters; escapeIdentifier quotes the name safely.
    await client.query(`create database ${client.escapeIdentifier(name)}`);
  } catch (error) {
    // 42P04, or 23505 when the two creates overlap: another process created it first.
    if (!['42P04', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
  } finally {
    await client.end();
  }
}

function isTransient(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', '57P03'].includes(code ?? '');
}

export interface ConnectOptions {
  url: string;
  timeoutS: number;
  log?: Logger;
  max?: number;
}

export async function connectDatabase(options: ConnectOptions): Promise<Pool> {
  const deadline = Date.now() + options.timeoutS * 1000;
  const where = describeDatabaseUrl(options.url);
  for (;;) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.max ?? 10 });
    // An idle client losing its server (restart, pg_terminate_backend) must not crash the process.
    pool.on('error', (error) =>
      options.log?.warn({ err: error.message }, 'idle database client failed'),
    );
    try {
      await pool.query('select 1');
      return pool;
    } catch (error) {
      await pool.end().catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (code === '3D000') {
        await createDatabase(options.url);
        options.log?.info({ database: where }, 'created database');
        continue;
      }
      if (isTransient(error) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
        continue;
      }
      throw new UnreachableError(
        `cannot reach PostgreSQL at ${where} (${code ?? (error as Error).message})`,
        { cause: error },
      );
    }
  }
}

/** Runs `work` in one transaction; rolls back on any error. */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
