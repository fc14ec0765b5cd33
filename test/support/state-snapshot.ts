/**
 * What a refused input must leave exactly as it was: every table of the database (its row count
 * and a digest of its rows, so an update shows too) and every file under some directories (name and
 * size). Compare two snapshots with `toEqual`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from '../../db/pool';

export interface StateSnapshot {
  tables: Record<string, { rows: number; digest: string }>;
  files: Record<string, string[]>;
}

async function tableStates(db: Pool): Promise<StateSnapshot['tables']> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const { rows } = await db.query<{ name: string; rows: number; digest: string }>(
    tables
      .map(({ name }) => {
        const table = `"${name.replace(/"/g, '""')}"`;
        return `select '${name}' as name, count(*)::int as rows,
                  coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as digest
                from ${table} t`;
      })
      .join(' union all '),
  );
  return Object.fromEntries(rows.map(({ name, ...state }) => [name, state]));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const stat = await fs.lstat(file);
    files.push(`${path.relative(dir, file)} ${stat.size}`);
  }
  return files.sort();
}

export async function snapshotState(db: Pool, dirs: string[]): Promise<StateSnapshot> {
  const files: StateSnapshot['files'] = {};
  for (const dir of dirs) files[dir] = await filesUnder(dir);
  return { tables: await tableStates(db), files };
}
