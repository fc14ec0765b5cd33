/**
 * Every stored text of a run, read and written for PII redaction: the participant record and run
 * metadata, the turn log (content and word timings), the transcript entries, the responses and
 * every analysis version. Read with row locks inside the redaction's transaction, so nothing
 * written meanwhile is overwritten with an older text.
 */
import type { Queryable } from './queryable';

export interface StoredWordTiming {
  word: string;
  start_ms: number;
  end_ms: number;
  [key: string]: unknown;
}

export interface RunTextTurn {
  seq: number;
  content: string;
  words: StoredWordTiming[] | null;
  /** Milliseconds from the run's start, as logged. */
  offsetMs: number;
  durationMs: number;
}

export interface RunTexts {
  participant: Record<string, unknown>;
  metadata: Record<string, unknown>;
  turns: RunTextTurn[];
  /** The transcript's entries as stored (objects with `id`, `content`, `offset_ms`, ...), or null. */
  transcriptEntries: Record<string, unknown>[] | null;
  responseItems: unknown[] | null;
  analyses: { id: number; results: Record<string, unknown> }[];
}

/** The run's texts (locked for update when read inside a transaction); undefined when the run is gone. */
export async function loadRunTexts(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<RunTexts | undefined> {
  const params = [organizationId, runId];
  const run = await db.query<{
    participant: Record<string, unknown>;
    metadata: Record<string, unknown>;
  }>(
    `select participant, metadata from runs
     where organization_id = $1::text and id = $2::text for update`,
    params,
  );
  if (!run.rows[0]) return undefined;
  const turns = await db.query<RunTextTurn>(
    `select t.seq, t.content, t.words,
       (extract(epoch from t.occurred_at - r.started_at) * 1000)::float8 as "offsetMs",
       t.duration_ms as "durationMs"
     from turns t join runs r on r.id = t.run_id and r.organization_id = t.organization_id
     where t.organization_id = $1::text and t.run_id = $2::text order by t.seq for update of t`,
    params,
  );
  const transcript = await db.query<{ entries: Record<string, unknown>[] }>(
    `select entries from transcripts where organization_id = $1::text and run_id = $2::text for update`,
    params,
  );
  const responses = await db.query<{ items: unknown[] }>(
    `select items from responses where organization_id = $1::text and run_id = $2::text for update`,
    params,
  );
  const analyses = await db.query<{ id: string; results: Record<string, unknown> }>(
    `select id, results from analyses
     where organization_id = $1::text and run_id = $2::text order by version for update`,
    params,
  );
  return {
    ...run.rows[0],
    turns: turns.rows,
    transcriptEntries: transcript.rows[0]?.entries ?? null,
    responseItems: responses.rows[0]?.items ?? null,
    analyses: analyses.rows.map((row) => ({ id: Number(row.id), results: row.results })),
  };
}

export interface RunTextChanges {
  participant?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  turns: { seq: number; content: string; words: StoredWordTiming[] | null }[];
  transcriptEntries?: Record<string, unknown>[];
  responseItems?: unknown[];
  analyses: { id: number; results: Record<string, unknown> }[];
}

/** Writes the changed texts; rows not listed are left as they are. */
export async function saveRunTexts(
  db: Queryable,
  organizationId: string,
  runId: string,
  changes: RunTextChanges,
): Promise<void> {
  const params = [organizationId, runId];
  if (changes.participant || changes.metadata) {
    await db.query(
      `update runs set participant = coalesce($3::jsonb, participant),
         metadata = coalesce($4::jsonb, metadata), updated_at = now()
       where organization_id = $1::text and id = $2::text`,
      [
        ...params,
        changes.participant ? JSON.stringify(changes.participant) : null,
        changes.metadata ? JSON.stringify(changes.metadata) : null,
      ],
    );
  }
  if (changes.turns.length > 0) {
    await db.query(
      `update turns set content = t.content, words = t.words
       from unnest($3::int[], $4::text[], $5::jsonb[]) as t(seq, content, words)
       where turns.organization_id = $1::text and turns.run_id = $2::text and turns.seq = t.seq`,
      [
        ...params,
        changes.turns.map((turn) => turn.seq),
        changes.turns.map((turn) => turn.content),
        changes.turns.map((turn) => (turn.words ? JSON.stringify(turn.words) : null)),
      ],
    );
  }
  if (changes.transcriptEntries) {
    await db.query(
      `update transcripts set entries = $3::jsonb, updated_at = now()
       where organization_id = $1::text and run_id = $2::text`,
      [...params, JSON.stringify(changes.transcriptEntries)],
    );
  }
  if (changes.responseItems) {
    await db.query(
      `update responses set items = $3::jsonb, updated_at = now()
       where organization_id = $1::text and run_id = $2::text`,
      [...params, JSON.stringify(changes.responseItems)],
    );
  }
  if (changes.analyses.length > 0) {
    await db.query(
      `update analyses set results = a.results
       from unnest($3::bigint[], $4::jsonb[]) as a(id, results)
       where analyses.organization_id = $1::text and analyses.run_id = $2::text and analyses.id = a.id`,
      [
        ...params,
        changes.analyses.map((analysis) => analysis.id),
        changes.analyses.map((analysis) => JSON.stringify(analysis.results)),
      ],
    );
  }
}

/**
 * The organization's hash-redaction key, created from `generate` on first use. Two workers racing
 * to create it both end up with the one stored first.
 */
export async function organizationRedactionKey(
  db: Queryable,
  organizationId: string,
  generate: () => Buffer,
): Promise<Buffer> {
  await db.query(
    `insert into redaction_keys (organization_id, key) values ($1::text, $2::bytea)
     on conflict (organization_id) do nothing`,
    [organizationId, generate()],
  );
  const { rows } = await db.query<{ key: Buffer }>(
    `select key from redaction_keys where organization_id = $1::text`,
    [organizationId],
  );
  return rows[0]!.key;
}
