/**
 * The transcript: the turn log's words, placed where the audio says they were spoken. Entry ids
 * are `<runId>-e<seq>`, stable across re-assembly. Pure: no I/O.
 */
import type { AlignedTurn } from '../diarization/align-turns';
import type { Blueprint } from '../domain/blueprint';
import type { TimestampCorrection, Transcript, TranscriptEntry } from '../domain/transcript';
import type { Role } from '../domain/turn';
import { detectLanguage } from './detect-language';

export interface StoredTurn {
  seq: number;
  role: Role;
  content: string;
  occurredAt: Date;
  durationMs: number;
  sessionId: string | null;
  nodeId: string | null;
  questionKey: string | null;
  entryType: string;
  confidence: number | null;
}

/** A logged time this far from the audio is a disagreement worth correcting and reporting. */
export const CORRECTION_THRESHOLD_MS = 1000;

export const entryId = (runId: string, seq: number): string => `${runId}-e${seq}`;

export const countWords = (text: string): number =>
  text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;

export function assembleTranscript(input: {
  runId: string;
  startedAt: Date;
  turns: readonly StoredTurn[];
  alignment: readonly AlignedTurn[];
  blueprint: Blueprint;
  audioDurationMs: number | null;
}): Transcript {
  const aligned = new Map(input.alignment.map((turn) => [turn.seq, turn]));
  const corrections: TimestampCorrection[] = [];
  const entries: TranscriptEntry[] = input.turns.map((turn) => {
    const id = entryId(input.runId, turn.seq);
    const logged = turn.occurredAt.getTime() - input.startedAt.getTime();
    const offset = aligned.get(turn.seq)?.start_ms ?? logged;
    if (Math.abs(offset - logged) > CORRECTION_THRESHOLD_MS) {
      corrections.push({ entry_id: id, from_offset_ms: logged, to_offset_ms: offset });
    }
    const nodeKey = turn.nodeId ? input.blueprint.graph.nodes[turn.nodeId]?.key : undefined;
    return {
      id,
      role: turn.role,
      content: turn.content,
      timestamp: new Date(input.startedAt.getTime() + offset).toISOString(),
      offset_ms: offset,
      duration_ms: turn.durationMs,
      session_id: turn.sessionId,
      node_id: turn.nodeId,
      question_key: turn.questionKey ?? nodeKey ?? null,
      entry_type: turn.entryType,
      confidence: turn.confidence,
    };
  });
  entries.sort(
    (a, b) => a.offset_ms - b.offset_ms || a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
  const lastEnd = entries.reduce(
    (end, entry) => Math.max(end, entry.offset_ms + entry.duration_ms),
    0,
  );
  const text = entries.map((entry) => entry.content).join(' ');
  return {
    run_id: input.runId,
    entries,
    word_count: countWords(text),
    duration_s: Math.round((input.audioDurationMs ?? lastEnd) / 100) / 10,
    language: detectLanguage(text, input.blueprint.settings.language),
    corrections,
  };
}
