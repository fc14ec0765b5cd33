/**
 * How long erasing a participant with many runs takes: N synthetic runs of one participant
 * (default 1,000), each with its status history, turn log, transcript, responses, an analysis and
 * two audio files of its own, written straight into a scratch database and blob store (the fast
 * path: the pipeline would take hours), plus a few runs of someone else who must stay. Then
 * `erasure:<requestId>` runs end to end on a private dev server with an in-process worker: runs
 * listed, rows and files deleted in batches, Temporal searched for their workflows, the receipt
 * signed. The figure is the wall time from the request to its receipt.
 *
 *   npm run build && node dist/bench/erasure.js [--runs 1000] [--json]
 */
import { PrivacyClient } from '../client/privacy-client';
import { connectDatabase, type Pool } from '../db/pool';
import { migrate } from '../db/migrate';
import { openBlobStore } from '../lib/storage/open-blob-store';
import type { BlobStore } from '../lib/storage/blob-store';
import { connectClient } from '../lib/temporal/connect';
import { newPayloadKeyEntry } from '../lib/temporal/payload-keys';
import { startBenchEnvironment } from './bench-environment';
import { runBenchScript } from './bench-script';
import { forEachLimited } from './concurrency-limit';
import { withInProcessWorker } from './in-process-worker';

const organizationId = 'org_bench_erasure';
const participantId = 'p_bench_erased';
const bystanderId = 'p_bench_kept';
/** Runs of another participant in the same organization: the erasure must leave them. */
const BYSTANDER_RUNS = 10;
const TURNS_PER_RUN = 10;
/** Blob writes in flight at once while the runs are made. */
const WRITE_CONCURRENCY = 16;

export interface ErasureBenchResult {
  runs: number;
  /** From the request to the signed receipt. */
  seconds: number;
  rows: number;
  blobs: number;
  runsPerSecond: number;
}

/** A few hundred bytes unique to the run and track: its own content-addressed blob. */
const audioBytes = (runId: string, track: string) =>
  Buffer.from(`RIFF synthetic ${track} audio of ${runId} `.repeat(8), 'utf8');

/** Inserts `count` runs of `externalId`, every table a run has rows in, in one statement each. */
async function insertRuns(
  db: Pool,
  storage: BlobStore,
  externalId: string,
  count: number,
): Promise<void> {
  const runIds = Array.from({ length: count }, (_, index) => `run_${externalId}_${index}`);
  const participant = {
    external_id: externalId,
    name: 'Grace Hopper',
    email: 'grace.hopper@example.com',
    phone: '+1 415 555 0199',
    metadata: {},
  };
  const params = [organizationId, runIds];
  await db.query(
    `insert into runs (id, organization_id, status, session_status, blueprint,
       participant_external_id, participant, audio_layout, pipeline, source_digest, started_at,
       completed_at)
     select id, $1::text, 'completed', 'completed', '{"nodes": {}}'::jsonb, $3::text, $4::jsonb,
       'two_track', '{"transcript": true, "responses": true, "analysis": true}'::jsonb,
       md5(id), now() - interval '1 hour', now() - interval '50 minutes'
     from unnest($2::text[]) as id`,
    [...params, externalId, JSON.stringify(participant)],
  );
  await db.query(
    `insert into run_status_history (organization_id, run_id, to_status, reason)
     select $1::text, id, 'completed', 'ingested' from unnest($2::text[]) as id`,
    params,
  );
  await db.query(
    `insert into turns (organization_id, run_id, seq, role, content, occurred_at, duration_ms,
       entry_type)
     select $1::text, id, seq, case when seq % 2 = 0 then 'agent' else 'participant' end,
       case when seq % 2 = 0 then 'What do you use?' else 'My name is Grace Hopper, I use COBOL.' end,
       now() - interval '1 hour' + seq * interval '10 seconds', 4000, 'utterance'
     from unnest($2::text[]) as id, generate_series(0, $3::int - 1) as seq`,
    [...params, TURNS_PER_RUN],
  );
  await db.query(
    `insert into transcripts (run_id, organization_id, status, entries, word_count)
     select id, $1::text, 'completed',
       jsonb_build_array(jsonb_build_object('id', id || '-e1', 'role', 'participant',
         'content', 'My name is Grace Hopper, I use COBOL.')), 8
     from unnest($2::text[]) as id`,
    params,
  );
  await db.query(
    `insert into responses (run_id, organization_id, status, items)
     select id, $1::text, 'completed', '[{"answer": {"verbatim": "I use COBOL."}}]'::jsonb
     from unnest($2::text[]) as id`,
    params,
  );
  await db.query(
    `insert into analyses (organization_id, run_id, version, provider, results, request_id)
     select $1::text, id, 1, 'local', '{"summary": {"content": "Grace uses COBOL."}}'::jsonb, 'bench'
     from unnest($2::text[]) as id`,
    params,
  );
  const assets: { runId: string; track: string; key: string; sha256: string; size: number }[] = [];
  await forEachLimited(runIds, WRITE_CONCURRENCY, async (runId) => {
    for (const track of ['agent', 'participant']) {
      const blob = await storage.putBuffer(organizationId, audioBytes(runId, track), 'wav');
      assets.push({ runId, track, key: blob.key, sha256: blob.sha256, size: blob.size });
    }
  });
  await db.query(
    `insert into audio_assets (organization_id, run_id, kind, track, format, blob_key, sha256,
       byte_size)
     select $1::text, a.run_id, 'source', a.track, 'wav', a.blob_key, a.sha256, a.byte_size
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
       as a(run_id, track, blob_key, sha256, byte_size)`,
    [
      organizationId,
      assets.map((asset) => asset.runId),
      assets.map((asset) => asset.track),
      assets.map((asset) => asset.key),
      assets.map((asset) => asset.sha256),
      assets.map((asset) => asset.size),
    ],
  );
}

export async function benchErasure(options: { runs: number }): Promise<ErasureBenchResult> {
  const bench = await startBenchEnvironment(
    'erasure',
    // The worker signs the receipt with a key sealed under the payload key.
    { EPILOGUE_PAYLOAD_KEYS: newPayloadKeyEntry('bench-1') },
    { inMemory: true },
  );
  const db = await connectDatabase({ url: bench.config.DATABASE_URL, timeoutS: 10 });
  try {
    await migrate(db);
    await db.query(`insert into organizations (id) values ($1::text)`, [organizationId]);
    const storage = openBlobStore(bench.config);
    await insertRuns(db, storage, participantId, options.runs);
    await insertRuns(db, storage, bystanderId, BYSTANDER_RUNS);

    const outcome = await withInProcessWorker(bench.config, async () => {
      const temporal = await connectClient(bench.config);
      try {
        const privacy = new PrivacyClient({
          db,
          temporal: async () => temporal,
          taskQueue: bench.config.EPILOGUE_TASK_QUEUE,
        });
        const started = performance.now();
        const erased = await privacy.requestErasure({
          organizationId,
          participantExternalId: participantId,
          confirm: true,
        });
        return { erased, seconds: (performance.now() - started) / 1000 };
      } finally {
        await temporal.connection.close();
      }
    });

    const { counts } = outcome.erased.receipt;
    const { rows } = await db.query<{ left: number; kept: number }>(
      `select count(*) filter (where participant_external_id = $2::text)::int as left,
         count(*) filter (where participant_external_id = $3::text)::int as kept
       from runs where organization_id = $1::text`,
      [organizationId, participantId, bystanderId],
    );
    if (counts.runs !== options.runs || rows[0]!.left !== 0 || rows[0]!.kept !== BYSTANDER_RUNS) {
      throw new Error(
        `the erasure removed ${counts.runs} of ${options.runs} runs and left ${rows[0]!.kept} of the other participant's ${BYSTANDER_RUNS}`,
      );
    }
    return {
      runs: counts.runs,
      seconds: Math.round(outcome.seconds * 100) / 100,
      rows: Object.values(counts.rows).reduce((sum, count) => sum + count, 0),
      blobs: counts.blobs,
      runsPerSecond: Math.round(counts.runs / outcome.seconds),
    };
  } finally {
    await db.end();
    await bench.stop();
  }
}

function table(result: ErasureBenchResult): string {
  return [
    `erasure of one participant (in-memory dev server, in-process worker)`,
    `  runs erased     ${result.runs} (${result.runsPerSecond} runs/s)`,
    `  rows deleted    ${result.rows}`,
    `  files deleted   ${result.blobs}`,
    `  request → receipt  ${result.seconds} s`,
  ].join('\n');
}

if (require.main === module) {
  runBenchScript({
    name: 'erasure',
    defaults: { runs: '1000' },
    run: (values) => benchErasure({ runs: Number(values.runs) }),
    table,
  });
}
