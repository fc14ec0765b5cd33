/**
 * db/schema.sql: the schema the migrations produce, committed so that reviews show schema changes.
 * `npm run db:schema` rewrites it from a scratch database; a test checks it is current.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { connectDatabase } from '../db/pool';
import { migrate } from '../db/migrate';
import { loadConfig } from '../lib/config';
import { projectRoot } from '../lib/project-root';

const run = promisify(execFile);

/** Drops what varies between pg_dump runs and versions (comments, settings), keeping the DDL. */
export function normalizeSchemaDump(dump: string): string {
  const kept = dump
    .split('\n')
    .filter(
      (line) =>
        !line.startsWith('--') &&
        !line.startsWith('SET ') &&
        !line.startsWith('SELECT pg_catalog.set_config') &&
        !line.startsWith('\\'),
    )
    .join('\n');
  return `${kept.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** The normalized schema-only dump of a database. */
export async function dumpSchema(url: string): Promise<string> {
  const target = new URL(url);
  const { stdout } = await run('pg_dump', [
    '--schema-only',
    '--no-owner',
    '--no-privileges',
    '--exclude-table=schema_migrations',
    '-h',
    target.hostname,
    '-p',
    target.port || '5432',
    '-U',
    decodeURIComponent(target.username || 'postgres'),
    decodeURIComponent(target.pathname.slice(1)),
  ]);
  return normalizeSchemaDump(stdout);
}

async function main(): Promise<void> {
  const base = new URL(loadConfig().DATABASE_URL);
  const name = `epilogue_schema_${process.pid}`;
  const target = new URL(base);
  target.pathname = `/${name}`;
  const pool = await connectDatabase({ url: target.toString(), timeoutS: 10 });
  try {
    await migrate(pool);
    await fs.writeFile(
      path.join(projectRoot, 'db', 'schema.sql'),
      await dumpSchema(target.toString()),
    );
  } finally {
    await pool.end();
    const admin = new pg.Client({
      connectionString: Object.assign(new URL(base), { pathname: '/postgres' }).toString(),
    });
    await admin.connect();
    await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
    await admin.end();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
