/** Audio files of runs: source uploads and the pipeline's outputs, each a blob key. */
import type { Queryable } from './queryable';

export type AudioKind = 'source' | 'normalized' | 'playback';
export type AudioTrackName = 'agent' | 'participant' | 'mixed';

export interface AudioAssetRow {
  kind: AudioKind;
  track: AudioTrackName;
  format: string;
  blobKey: string;
  sha256: string;
  byteSize: number;
  durationMs: number | null;
  sampleRate: number | null;
  channels: number | null;
  codec: string | null;
  loudnessLufs: number | null;
  noiseFloorDb: number | null;
}

export interface AudioAssetInput extends Omit<AudioAssetRow, 'byteSize'> {
  byteSize: number;
}

/** Which of these blob keys some audio row of the organization still uses. */
export async function referencedBlobKeys(
  db: Queryable,
  organizationId: string,
  keys: string[],
): Promise<Set<string>> {
  const { rows } = await db.query<{ blobKey: string }>(
    `select distinct blob_key as "blobKey" from audio_assets
     where organization_id = $1::text and blob_key = any($2::text[])`,
    [organizationId, keys],
  );
  return new Set(rows.map((row) => row.blobKey));
}

export async function listAudioAssets(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<AudioAssetRow[]> {
  const { rows } = await db.query<AudioAssetRow>(
    `select kind, track, format, blob_key as "blobKey", sha256, byte_size::float8 as "byteSize",
       duration_ms as "durationMs", sample_rate as "sampleRate", channels, codec,
       loudness_lufs as "loudnessLufs", noise_floor_db as "noiseFloorDb"
     from audio_assets where organization_id = $1::text and run_id = $2::text
     order by kind, track, format`,
    [organizationId, runId],
  );
  return rows;
}

/**
 * Records an output (or a source's probe) under its natural key (run, kind, track, format). A
 * retried stage writes the same row; returns the blob key the row held before, if it changed.
 */
export async function upsertAudioAsset(
  db: Queryable,
  organizationId: string,
  runId: string,
  asset: AudioAssetInput,
): Promise<string | undefined> {
  const { rows } = await db.query<{ previous: string | null }>(
    `with previous as (
       select blob_key from audio_assets
       where organization_id = $1::text and run_id = $2::text and kind = $3::text and track = $4::text and format = $5::text
     )
     insert into audio_assets (organization_id, run_id, kind, track, format, blob_key, sha256, byte_size,
       duration_ms, sample_rate, channels, codec, loudness_lufs, noise_floor_db)
     values ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::bigint, $9::int,
       $10::int, $11::int, $12::text, $13::real, $14::real)
     on conflict (run_id, kind, track, format) do update set
       blob_key = excluded.blob_key, sha256 = excluded.sha256, byte_size = excluded.byte_size,
       duration_ms = excluded.duration_ms, sample_rate = excluded.sample_rate,
       channels = excluded.channels, codec = excluded.codec, loudness_lufs = excluded.loudness_lufs,
       noise_floor_db = excluded.noise_floor_db
     returning (select blob_key from previous) as previous`,
    [
      organizationId,
      runId,
      asset.kind,
      asset.track,
      asset.format,
      asset.blobKey,
      asset.sha256,
      asset.byteSize,
      asset.durationMs,
      asset.sampleRate,
      asset.channels,
      asset.codec,
      asset.loudnessLufs,
      asset.noiseFloorDb,
    ],
  );
  const previous = rows[0]?.previous;
  return previous && previous !== asset.blobKey ? previous : undefined;
}
