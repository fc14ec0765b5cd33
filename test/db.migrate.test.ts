import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Pool } from '../db/pool';
import { migrate, migrationsDir } from '../db/migrate';
import { projectRoot } from '../lib/project-root';
import { adminUrl, databaseUrl } from './support/database-names';
import { dumpSchema } from '../scripts/schema-dump';
import pg from 'pg';

const name = `epilogue_test_${process.pid}_migrate_${Date.now()}`;
let pools: Pool[] = [];

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`drop database if exists ${admin.escapeIdentifier(name)}`);
  await admin.end();
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
  await admin.end();
});

describe('migrations', () => {
  it('create a missing database, then apply on several connections at once without racing', async () => {
    pools = await Promise.all(
      [1, 2, 3, 4].map(() => connectDatabase({ url: databaseUrl(name), timeoutS: 10 })),
    );
    const applied = await Promise.all(pools.map((pool) => migrate(pool)));
    const files = (await fs.readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort();
    expect(applied.flat().sort()).toEqual(files.map((file) => file.replace(/\.sql$/, '')));
    const { rows } = await pools[0]!.query<{ count: string }>(
      'select count(*) from schema_migrations',
    );
    expect(Number(rows[0]!.count)).toBe(files.length);
  });

  it('apply nothing the second time', async () => {
    expect(await migrate(pools[0]!)).toEqual([]);
  });

  it('produce exactly the committed db/schema.sql', async () => {
    const committed = await fs.readFile(path.join(projectRoot, 'db', 'schema.sql'), 'utf8');
    expect(await dumpSchema(databaseUrl(name))).toBe(committed);
  });
});
