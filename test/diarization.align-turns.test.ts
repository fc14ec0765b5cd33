import { describe, expect, it } from 'vitest';
import { diarize, type TurnTiming } from '../lib/diarization/align-turns';

const turn = (
  seq: number,
  role: 'agent' | 'participant',
  offset: number,
  duration: number,
): TurnTiming => ({
  seq,
  role,
  offset_ms: offset,
  duration_ms: duration,
});
const span = (start: number, end: number) => ({ start_ms: start, end_ms: end });

describe('diarization of two tracks', () => {
  const turns = [
    turn(0, 'agent', 0, 2000),
    turn(1, 'participant', 2500, 3000),
    turn(2, 'agent', 6000, 2000),
    turn(3, 'participant', 7500, 2000),
  ];
  const agent = [span(0, 2000), span(6000, 8000)];
  const participant = [span(2500, 5500), span(7400, 9500)];

  it('labels speech by track, finds the talk-over and measures response latency', () => {
    const result = diarize(turns, { layout: 'two_track', agent, participant });
    expect(result.method).toBe('vad_two_track');
    expect(result.segments.map((segment) => segment.speaker)).toEqual([
      'agent',
      'participant',
      'agent',
      'participant',
    ]);
    expect(result.overlaps).toEqual([span(7400, 8000)]);
    expect(result.latencies).toEqual([
      { agent_seq: 0, participant_seq: 1, latency_ms: 500 },
      { agent_seq: 2, participant_seq: 3, latency_ms: -600 },
    ]);
    expect(result.speech_ms).toEqual({ agent: 4000, participant: 5100 });
    expect(result.offset_ms).toBe(0);
  });

  it('moves a turn whose logged time is 2.5 s off to where its speech is', () => {
    const drifted = turns.map((t) => (t.seq === 3 ? { ...t, offset_ms: 5000 } : t));
    const result = diarize(drifted, { layout: 'two_track', agent, participant });
    expect(result.alignment.find((aligned) => aligned.seq === 3)?.start_ms).toBe(7400);
  });

  it('finds a constant shift when the recording started late', () => {
    const late = (segments: { start_ms: number; end_ms: number }[]) =>
      segments.map((s) => span(s.start_ms + 3000, s.end_ms + 3000));
    const result = diarize(turns, {
      layout: 'two_track',
      agent: late(agent),
      participant: late(participant),
    });
    expect(result.offset_ms).toBe(3000);
    expect(result.alignment.map((aligned) => aligned.start_ms)).toEqual([3000, 5500, 9000, 10400]);
  });

  it('keeps logged times when nothing was detected near them', () => {
    const result = diarize([turn(0, 'agent', 20_000, 1000)], {
      layout: 'two_track',
      agent: [],
      participant: [],
    });
    expect(result.alignment).toEqual([{ seq: 0, start_ms: 20_000, end_ms: 21_000 }]);
  });
});

describe('diarization of one mixed track', () => {
  it('gives each detected segment the speaker of the turn aligned to it', () => {
    const turns = [
      turn(0, 'agent', 0, 2000),
      turn(1, 'participant', 2600, 2400),
      turn(2, 'agent', 5600, 1500),
    ];
    const mixed = [span(100, 2050), span(2700, 5100), span(5700, 7200)];
    const result = diarize(turns, { layout: 'mixed', mixed });
    expect(result.method).toBe('aligned_mono');
    expect(result.segments.map((segment) => segment.speaker)).toEqual([
      'agent',
      'participant',
      'agent',
    ]);
    expect(result.alignment.map((aligned) => aligned.start_ms)).toEqual([100, 2700, 5700]);
    expect(result.latencies[0]).toEqual({ agent_seq: 0, participant_seq: 1, latency_ms: 600 });
  });
});

describe('runs without audio', () => {
  it('take the turn log as it is', () => {
    const result = diarize([turn(0, 'agent', 0, 1000), turn(1, 'participant', 800, 1000)], {
      layout: 'none',
    });
    expect(result.method).toBe('turn_log');
    expect(result.alignment.map((aligned) => aligned.start_ms)).toEqual([0, 800]);
    expect(result.overlaps).toEqual([span(800, 1000)]);
  });
});

describe('a turn logged early into the silence before its answer', () => {
  it('moves to the onset of the answer even when the answer covers most of the logged span', () => {
    // Logged 2.5 s before the participant really spoke; the long answer covers most of the span anyway.
    const turns = [turn(0, 'agent', 0, 3000), turn(1, 'participant', 2000, 9000)];
    const result = diarize(turns, {
      layout: 'two_track',
      agent: [span(0, 3000)],
      participant: [span(4500, 6000), span(6400, 13500)],
    });
    expect(result.alignment[1]!.start_ms).toBe(4500);
  });
});
