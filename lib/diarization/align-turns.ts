/**
 * Diarization and alignment: who spoke when, and where each turn of the platform's log really is in
 * the recording. Two-track runs get speakers from each track's voice activity; one-track runs get
 * them by aligning the turn log against the detected speech. Pure: no I/O.
 *
 * Alignment first finds one constant shift between the turn log's clock and the recording (a late
 * recorder start), then snaps each turn to the nearest speech onset of its speaker within a window,
 * keeping turns of a speaker in order. A turn whose logged time is off (a platform clock hiccup)
 * is thereby moved to where its speech is, and the move is reported.
 */
import type { Role } from '../domain/turn';
import { coveredMs, intersections, type Interval, totalMs } from './intervals';

export interface TurnTiming {
  seq: number;
  role: Role;
  /** Logged start relative to the recording start (`started_at`). */
  offset_ms: number;
  duration_ms: number;
}

export type SpeechInput =
  | { layout: 'two_track'; agent: Interval[]; participant: Interval[] }
  | { layout: 'mixed'; mixed: Interval[] }
  | { layout: 'none' };

export interface SpeakerSegment extends Interval {
  speaker: Role | 'unknown';
}

export interface AlignedTurn {
  seq: number;
  start_ms: number;
  end_ms: number;
}

export interface Diarization {
  method: 'vad_two_track' | 'aligned_mono' | 'turn_log';
  segments: SpeakerSegment[];
  overlaps: Interval[];
  latencies: { agent_seq: number; participant_seq: number; latency_ms: number }[];
  offset_ms: number;
  speech_ms: { agent: number; participant: number };
  alignment: AlignedTurn[];
}

export const alignmentSettings = {
  /** How far the recording may be shifted against the turn log. */
  maxShiftMs: 15_000,
  shiftStepMs: 100,
  /** How far one turn may be moved to reach its speech. */
  snapWindowMs: 4_000,
  /** An onset this close to the logged time is the same moment seen by two clocks. */
  onsetToleranceMs: 1_000,
  /** Talk-over shorter than this is breath noise, not two people talking. */
  minOverlapMs: 150,
};

function speechOf(speech: SpeechInput, role: Role): Interval[] {
  if (speech.layout === 'two_track') return speech[role];
  if (speech.layout === 'mixed') return speech.mixed;
  return [];
}

const shifted = (turn: TurnTiming, shift: number): Interval => ({
  start_ms: turn.offset_ms + shift,
  end_ms: turn.offset_ms + shift + Math.max(turn.duration_ms, 1),
});

/** The shift maximizing how much logged speech lands on detected speech of the same speaker. */
function estimateShift(turns: readonly TurnTiming[], speech: SpeechInput): number {
  const score = (shift: number) =>
    turns.reduce(
      (sum, turn) => sum + coveredMs(shifted(turn, shift), speechOf(speech, turn.role)),
      0,
    );
  const atZero = score(0);
  let best = { shift: 0, score: atZero };
  for (
    let shift = -alignmentSettings.maxShiftMs;
    shift <= alignmentSettings.maxShiftMs;
    shift += alignmentSettings.shiftStepMs
  ) {
    const value = score(shift);
    if (value > best.score || (value === best.score && Math.abs(shift) < Math.abs(best.shift)))
      best = { shift, score: value };
  }
  // A shift must earn its keep: small gains are noise in the detection, not a clock offset.
  const loggedMs = turns.reduce((sum, turn) => sum + turn.duration_ms, 0);
  return best.score - atZero > 0.05 * loggedMs ? best.shift : 0;
}

/**
 * Where one turn starts in the recording. In order of preference: a speech onset of its speaker
 * close to the logged time (ordinary clock jitter); the logged time itself when it falls inside
 * speech that covers most of the turn (the speaker went on without a pause); the nearest onset
 * within the snap window (the logged time is off); the logged time when nothing is near.
 */
function snap(
  expected: number,
  durationMs: number,
  segments: readonly Interval[],
  notBefore: number,
): number {
  const onsets = segments.map((segment) => segment.start_ms).filter((onset) => onset >= notBefore);
  const nearest = onsets.reduce<number | undefined>(
    (best, onset) =>
      best === undefined || Math.abs(onset - expected) < Math.abs(best - expected) ? onset : best,
    undefined,
  );
  const distance = nearest === undefined ? Infinity : Math.abs(nearest - expected);
  if (distance <= alignmentSettings.onsetToleranceMs) return nearest!;
  const span = { start_ms: expected, end_ms: expected + Math.max(durationMs, 1) };
  const insideSpeech = segments.some(
    (segment) => segment.start_ms <= expected && expected < segment.end_ms,
  );
  const mostlySpoken = coveredMs(span, segments) >= 0.5 * (span.end_ms - span.start_ms);
  if (expected >= notBefore && insideSpeech && mostlySpoken) return expected;
  if (distance <= alignmentSettings.snapWindowMs) return nearest!;
  return Math.max(expected, notBefore);
}

function align(turns: readonly TurnTiming[], speech: SpeechInput, shift: number): AlignedTurn[] {
  const lastStart: Partial<Record<Role | 'any', number>> = {};
  return turns.map((turn) => {
    // One track cannot tell speakers apart, so order is kept across all turns; two tracks per speaker.
    const orderKey = speech.layout === 'mixed' ? 'any' : turn.role;
    const expected = turn.offset_ms + shift;
    const start =
      speech.layout === 'none'
        ? turn.offset_ms
        : snap(
            expected,
            turn.duration_ms,
            speechOf(speech, turn.role),
            lastStart[orderKey] ?? -Infinity,
          );
    lastStart[orderKey] = start + 1;
    return { seq: turn.seq, start_ms: start, end_ms: start + turn.duration_ms };
  });
}

function labelMixedSegments(
  segments: readonly Interval[],
  turns: readonly TurnTiming[],
  alignment: readonly AlignedTurn[],
): SpeakerSegment[] {
  return segments.map((segment) => {
    let speaker: SpeakerSegment['speaker'] = 'unknown';
    let most = 0;
    alignment.forEach((aligned, index) => {
      const covered = coveredMs(segment, [aligned]);
      if (covered > most) {
        most = covered;
        speaker = turns[index]!.role;
      }
    });
    return { ...segment, speaker };
  });
}

function latencies(
  turns: readonly TurnTiming[],
  alignment: readonly AlignedTurn[],
): Diarization['latencies'] {
  const result: Diarization['latencies'] = [];
  for (let index = 1; index < turns.length; index += 1) {
    if (turns[index - 1]!.role === 'agent' && turns[index]!.role === 'participant') {
      result.push({
        agent_seq: turns[index - 1]!.seq,
        participant_seq: turns[index]!.seq,
        latency_ms: alignment[index]!.start_ms - alignment[index - 1]!.end_ms,
      });
    }
  }
  return result;
}

export function diarize(turns: readonly TurnTiming[], speech: SpeechInput): Diarization {
  const shift = speech.layout === 'none' ? 0 : estimateShift(turns, speech);
  const alignment = align(turns, speech, shift);
  const byRole = (role: Role) =>
    alignment
      .filter((_, index) => turns[index]!.role === role)
      .sort((a, b) => a.start_ms - b.start_ms);

  if (speech.layout === 'two_track') {
    const segments: SpeakerSegment[] = [
      ...speech.agent.map((segment) => ({ ...segment, speaker: 'agent' as const })),
      ...speech.participant.map((segment) => ({ ...segment, speaker: 'participant' as const })),
    ].sort((a, b) => a.start_ms - b.start_ms);
    return {
      method: 'vad_two_track',
      segments,
      overlaps: intersections(speech.agent, speech.participant, alignmentSettings.minOverlapMs),
      latencies: latencies(turns, alignment),
      offset_ms: shift,
      speech_ms: { agent: totalMs(speech.agent), participant: totalMs(speech.participant) },
      alignment,
    };
  }
  const agentTurns = byRole('agent');
  const participantTurns = byRole('participant');
  const segments =
    speech.layout === 'mixed'
      ? labelMixedSegments(speech.mixed, turns, alignment)
      : alignment.map((aligned, index) => ({
          start_ms: aligned.start_ms,
          end_ms: aligned.end_ms,
          speaker: turns[index]!.role,
        }));
  const spoken = (role: Role) => totalMs(segments.filter((segment) => segment.speaker === role));
  return {
    method: speech.layout === 'mixed' ? 'aligned_mono' : 'turn_log',
    segments,
    // One track cannot show two voices at once; the aligned turns can.
    overlaps: intersections(agentTurns, participantTurns, alignmentSettings.minOverlapMs),
    latencies: latencies(turns, alignment),
    offset_ms: shift,
    speech_ms: { agent: spoken('agent'), participant: spoken('participant') },
    alignment,
  };
}
