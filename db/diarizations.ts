/** Diarization results: one row per run, replaced when the stage runs again. */
import type { Diarization } from '../lib/diarization/align-turns';
import type { Queryable } from './queryable';

export async function saveDiarization(
  db: Queryable,
  organizationId: string,
  runId: string,
  result: Diarization,
): Promise<void> {
  await db.query(
    `insert into diarizations (run_id, organization_id, method, segments, overlap_spans, latencies, offset_ms, speech_ms, alignment)
     values ($1::text, $2::text, $3::text, $4::jsonb, $5::jsonb, $6::jsonb, $7::int, $8::jsonb, $9::jsonb)
     on conflict (run_id) do update set method = excluded.method, segments = excluded.segments,
       overlap_spans = excluded.overlap_spans, latencies = excluded.latencies, offset_ms = excluded.offset_ms,
       speech_ms = excluded.speech_ms, alignment = excluded.alignment, updated_at = now()
     where diarizations.organization_id = excluded.organization_id`,
    [
      runId,
      organizationId,
      result.method,
      JSON.stringify(result.segments),
      JSON.stringify(result.overlaps),
      JSON.stringify(result.latencies),
      result.offset_ms,
      JSON.stringify(result.speech_ms),
      JSON.stringify(result.alignment),
    ],
  );
}

export async function getDiarization(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<Diarization | undefined> {
  const { rows } = await db.query<Diarization>(
    `select method, segments, overlap_spans as overlaps, latencies, offset_ms, speech_ms, alignment
     from diarizations where organization_id = $1::text and run_id = $2::text`,
    [organizationId, runId],
  );
  return rows[0];
}
