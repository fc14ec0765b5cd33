/**
 * The assembled transcript (Debriefer `transcript`, seeds/003): the turn log aligned to the audio.
 * Offsets are milliseconds from the start of the recording, which is the run's `started_at`.
 */
import type { Role } from './turn';

export interface TranscriptEntry {
  /** `<runId>-e<seq>`: stable across re-assembly, so responses and analysis can cite it. */
  id: string;
  role: Role;
  content: string;
  /** ISO 8601, corrected from the audio when the turn log disagreed with it. */
  timestamp: string;
  offset_ms: number;
  duration_ms: number;
  session_id: string | null;
  node_id: string | null;
  question_key: string | null;
  entry_type: string;
  confidence: number | null;
}

/** A turn-log timestamp moved to where the audio says the speech is. */
export interface TimestampCorrection {
  entry_id: string;
  from_offset_ms: number;
  to_offset_ms: number;
}

export interface Transcript {
  run_id: string;
  entries: TranscriptEntry[];
  word_count: number;
  duration_s: number;
  /** ISO 639-1, or null when the text is too short to tell. */
  language: string | null;
  corrections: TimestampCorrection[];
}
