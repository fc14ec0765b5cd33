/**
 * Where a subject could still be after an erasure: every row of every table in the database (as
 * JSON text, so every text and jsonb column is read), every file of the blob store (names and
 * bytes), and every workflow execution Temporal keeps for a task queue (ids, search attributes and
 * the raw history, payloads as stored). Each scan returns the needles it found, and where.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Queryable } from '../../db/queryable';

export interface Trace {
  where: string;
  needle: string;
}

const found = (where: string, text: string, needles: readonly string[]): Trace[] =>
  needles.filter((needle) => text.includes(needle)).map((needle) => ({ where, needle }));

/**
 * Every row of every table, as `table: json` lines, except the rows of `exceptOrganization`
 * (a second tenant that legitimately holds the same values).
 */
export async function databaseText(db: Queryable, exceptOrganization?: string): Promise<string[]> {
  const { rows: tables } = await db.query<{ table: string; hasOrganization: boolean }>(
    `select t.table_name as table,
       exists (select 1 from information_schema.columns c where c.table_schema = 'public'
               and c.table_name = t.table_name and c.column_name = 'organization_id') as "hasOrganization"
     from information_schema.tables t
     where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
       and t.table_name <> 'schema_migrations'
     order by t.table_name`,
  );
  const lines: string[] = [];
  for (const { table, hasOrganization } of tables) {
    const column = hasOrganization ? 'organization_id' : table === 'organizations' ? 'id' : null;
    const filter =
      column && exceptOrganization !== undefined ? `where ${column} is distinct from $1::text` : '';
    // Table names come from the catalog; quoted as identifiers.
    const { rows } = await db.query<{ row: string }>(
      `select row_to_json(t)::text as row from ${JSON.stringify(table)} t ${filter}`,
      filter ? [exceptOrganization] : [],
    );
    lines.push(...rows.map((row) => `${table}: ${row.row}`));
  }
  return lines;
}

export function scanLines(lines: readonly string[], needles: readonly string[]): Trace[] {
  return lines.flatMap((line) => found(line.slice(0, line.indexOf(':')), line, needles));
}

/** Every file under `root`, relative path and bytes. */
export async function blobFiles(root: string): Promise<{ file: string; bytes: Buffer }[]> {
  const names = await fs.readdir(root, { recursive: true }).catch(() => [] as string[]);
  const files: { file: string; bytes: Buffer }[] = [];
  for (const name of names.sort()) {
    const full = path.join(root, name);
    if ((await fs.stat(full)).isFile()) files.push({ file: name, bytes: await fs.readFile(full) });
  }
  return files;
}

export async function scanBlobs(root: string, needles: readonly string[]): Promise<Trace[]> {
  return (await blobFiles(root)).flatMap(({ file, bytes }) => [
    ...found(`blob name ${file}`, file, needles),
    ...needles
      .filter((needle) => bytes.includes(Buffer.from(needle, 'utf8')))
      .map((needle) => ({ where: `blob ${file}`, needle })),
  ]);
}

/** Payload bytes as text, so that a value stored in clear is found (a Buffer arrives as its toJSON). */
function bytesAsText(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  const serialized = value as { type?: unknown; data?: unknown } | null;
  if (serialized?.type === 'Buffer' && Array.isArray(serialized.data)) {
    return Buffer.from(serialized.data as number[]).toString('latin1');
  }
  return value;
}

export interface TemporalExecution {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
}

/** Every execution Temporal lists for the task queue (open and closed). */
export async function listExecutions(
  client: Client,
  taskQueue: string,
): Promise<TemporalExecution[]> {
  const executions: TemporalExecution[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    executions.push({
      workflowId: execution.workflowId,
      runId: execution.runId,
      type: execution.type,
      status: execution.status.name,
    });
  }
  return executions;
}

/**
 * The task queue's executions as Temporal keeps them: id, search attributes and the whole raw
 * history (payloads as stored, so encrypted ones stay encrypted), searched for the needles.
 */
export async function scanTemporal(
  client: Client,
  taskQueue: string,
  needles: readonly string[],
): Promise<Trace[]> {
  const traces: Trace[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    const where = `workflow ${execution.workflowId}`;
    const history = await client.workflow
      .getHandle(execution.workflowId, execution.runId)
      .fetchHistory();
    const text = [
      execution.workflowId,
      JSON.stringify(execution.searchAttributes),
      JSON.stringify(history, (_key, value: unknown) => bytesAsText(value)),
    ].join('\n');
    traces.push(...found(where, text, needles));
  }
  return traces;
}
