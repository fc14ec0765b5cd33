import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRunBundle } from '../client/ingest-run-bundle';
import { getRun, getStatusHistory } from '../db/runs';
import { LocalBlobStore } from '../lib/storage/local-blob-store';
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

async function counts(runId: string) {
  const { rows } = await database.pool.query<{
    runs: number;
    turns: number;
    audio: number;
    history: number;
  }>(
    `select (select count(*)::int from runs where id = $1) as runs,
            (select count(*)::int from turns where run_id = $1) as turns,
            (select count(*)::int from audio_assets where run_id = $1) as audio,
            (select count(*)::int from run_status_history where run_id = $1) as history`,
    [runId],
  );
  return rows[0]!;
}

async function blobFiles(): Promise<string[]> {
  const root = path.join(deps.dataDir, 'blobs');
  const entries = await fs.readdir(root, { recursive: true }).catch(() => []);
  const files = [];
  for (const entry of entries)
    if ((await fs.stat(path.join(root, entry))).isFile()) files.push(entry);
  return files.sort();
}

describe('ingesting run bundles', () => {
  it('stores the run, its turns and its source audio once, however often it is ingested', async () => {
    const bundle = await writeBundle({ organizationId: 'org_ingest' });
    const first = await ingestRunBundle(deps, bundle.dir);
    expect(first).toEqual({
      runId: bundle.runId,
      organizationId: 'org_ingest',
      outcome: 'created',
    });
    const filesAfterFirst = await blobFiles();
    expect(filesAfterFirst).toHaveLength(2);

    const second = await ingestRunBundle(deps, bundle.dir);
    expect(second.outcome).toBe('unchanged');
    expect(await counts(bundle.runId)).toEqual({ runs: 1, turns: 4, audio: 2, history: 1 });
    expect(await blobFiles()).toEqual(filesAfterFirst);

    const run = await getRun(database.pool, 'org_ingest', bundle.runId);
    expect(run).toMatchObject({
      status: 'completed',
      sessionStatus: 'completed',
      audioLayout: 'two_track',
    });
    expect(await getStatusHistory(database.pool, 'org_ingest', bundle.runId)).toMatchObject([
      { fromStatus: null, toStatus: 'completed', reason: 'ingested' },
    ]);
  });

  it('refuses the same run id with different content and changes nothing', async () => {
    const original = await writeBundle({ organizationId: 'org_ingest' });
    await ingestRunBundle(deps, original.dir);
    const before = await blobFiles();
    const changed = await writeBundle({
      runId: original.runId,
      organizationId: 'org_ingest',
      edit: async (f) => {
        f.turns[1]!.content = 'A different answer.';
        // New audio too, so that a leftover blob would show.
        await fs.writeFile(
          path.join(f.dir, 'agent.wav'),
          Buffer.concat([await fs.readFile(path.join(f.dir, 'agent.wav')), Buffer.from('x')]),
        );
      },
    });
    await expect(ingestRunBundle(deps, changed.dir)).rejects.toMatchObject({ type: 'RunConflict' });
    expect(await counts(original.runId)).toEqual({ runs: 1, turns: 4, audio: 2, history: 1 });
    expect(await blobFiles()).toEqual(before);
    const { rows } = await database.pool.query(
      `select content from turns where run_id = $1 and seq = 1`,
      [original.runId],
    );
    expect(rows[0]).toEqual({ content: 'I lead the compiler team.' });
  });

  it("refuses another organization's run id without revealing or touching it", async () => {
    const mine = await writeBundle({ organizationId: 'org_owner' });
    await ingestRunBundle(deps, mine.dir);
    const theirs = await writeBundle({ runId: mine.runId, organizationId: 'org_intruder' });
    await expect(ingestRunBundle(deps, theirs.dir)).rejects.toMatchObject({ type: 'RunConflict' });
    expect((await getRun(database.pool, 'org_owner', mine.runId))?.organizationId).toBe(
      'org_owner',
    );
    expect(await getRun(database.pool, 'org_intruder', mine.runId)).toBeUndefined();
    const { rows } = await database.pool.query(
      `select id from organizations where id = 'org_intruder'`,
    );
    expect(rows).toEqual([]);
  });

  it('stores nothing at all for an invalid bundle', async () => {
    const bundle = await writeBundle({
      organizationId: 'org_invalid',
      edit: (f) => void (f.turns[3]!.node_id = 'missing'),
    });
    const before = await blobFiles();
    await expect(ingestRunBundle(deps, bundle.dir)).rejects.toMatchObject({
      type: 'InvalidBundle',
    });
    expect(await counts(bundle.runId)).toEqual({ runs: 0, turns: 0, audio: 0, history: 0 });
    expect(await blobFiles()).toEqual(before);
    const { rows } = await database.pool.query(
      `select id from organizations where id = 'org_invalid'`,
    );
    expect(rows).toEqual([]);
  });

  it('stores turns with their text exactly, including SQL metacharacters and non-Latin scripts', async () => {
    const tricky = "Robert'); drop table runs;-- 你好 🎉 naïve \\x00";
    const bundle = await writeBundle({
      organizationId: 'org_ingest',
      edit: (f) => void (f.turns[1]!.content = tricky),
    });
    await ingestRunBundle(deps, bundle.dir);
    const { rows } = await database.pool.query(
      `select content from turns where run_id = $1 and seq = 1`,
      [bundle.runId],
    );
    expect(rows[0]).toEqual({ content: tricky });
  });

  it('keeps blobs of different organizations apart', async () => {
    const a = await writeBundle({ organizationId: 'org_a' });
    await ingestRunBundle(deps, a.dir);
    const store = new LocalBlobStore(path.join(deps.dataDir, 'blobs'));
    const keys = [];
    for await (const key of store.list('org_a')) keys.push(key);
    expect(keys).toHaveLength(2);
    expect(keys.every((key) => key.startsWith('org_a/'))).toBe(true);
  });
});
