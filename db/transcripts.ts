/** Assembled transcripts: one row per run, replaced when the stage runs again. */
import type { Transcript } from '../lib/domain/transcript';
import type { Queryable } from './queryable';

export async function saveTranscript(
  db: Queryable,
  organizationId: string,
  transcript: Transcript,
): Promise<void> {
  await db.query(
    `insert into transcripts (run_id, organization_id, status, entries, word_count, duration_s, language, corrections)
     values ($1::text, $2::text, 'completed', $3::jsonb, $4::int, $5::real, $6::text, $7::jsonb)
     on conflict (run_id) do update set status = 'completed', entries = excluded.entries,
       word_count = excluded.word_count, duration_s = excluded.duration_s,
       language = excluded.language, corrections = excluded.corrections, updated_at = now()
     where transcripts.organization_id = excluded.organization_id`,
    [
      transcript.run_id,
      organizationId,
      JSON.stringify(transcript.entries),
      transcript.word_count,
      transcript.duration_s,
      transcript.language,
      JSON.stringify(transcript.corrections),
    ],
  );
}

export async function getTranscript(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<Transcript | undefined> {
  const { rows } = await db.query<Transcript>(
    `select run_id, entries, word_count, duration_s, language, corrections
     from transcripts where organization_id = $1::text and run_id = $2::text`,
    [organizationId, runId],
  );
  return rows[0];
}
