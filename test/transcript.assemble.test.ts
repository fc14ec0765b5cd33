import { describe, expect, it } from 'vitest';
import { blueprintSchema } from '../lib/domain/blueprint';
import { assembleTranscript, type StoredTurn } from '../lib/transcript/assemble-transcript';
import { detectLanguage } from '../lib/transcript/detect-language';

const startedAt = new Date('2026-11-27T10:00:00Z');
const blueprint = blueprintSchema.parse({
  id: 'bp',
  graph: {
    entry_node: 'n1',
    nodes: { n1: { key: 'role', text: 'What is your role?' } },
    edges: [],
  },
  settings: { language: 'en-US' },
});
const turn = (
  seq: number,
  role: 'agent' | 'participant',
  offsetMs: number,
  content: string,
): StoredTurn => ({
  seq,
  role,
  content,
  occurredAt: new Date(startedAt.getTime() + offsetMs),
  durationMs: 1500,
  sessionId: 'ses_1',
  nodeId: 'n1',
  questionKey: null,
  entryType: 'utterance',
  confidence: 0.9,
});

describe('transcript assembly', () => {
  const turns = [
    turn(0, 'agent', 0, 'What is your role at the company these days?'),
    turn(1, 'participant', 2000, 'I run the platform team and I mostly review designs.'),
    turn(2, 'agent', 5000, 'Thanks, that is helpful to know.'),
  ];

  it('places entries where the audio puts them and records each correction', () => {
    const transcript = assembleTranscript({
      runId: 'run_1',
      startedAt,
      turns,
      alignment: [
        { seq: 0, start_ms: 200, end_ms: 1700 },
        { seq: 1, start_ms: 4500, end_ms: 6000 },
        { seq: 2, start_ms: 6500, end_ms: 8000 },
      ],
      blueprint,
      audioDurationMs: 9000,
    });
    expect(transcript.entries.map((entry) => entry.id)).toEqual([
      'run_1-e0',
      'run_1-e1',
      'run_1-e2',
    ]);
    expect(transcript.entries[1]).toMatchObject({
      role: 'participant',
      offset_ms: 4500,
      timestamp: '2026-11-27T10:00:04.500Z',
      question_key: 'role',
      session_id: 'ses_1',
      confidence: 0.9,
    });
    expect(transcript.corrections).toEqual([
      { entry_id: 'run_1-e1', from_offset_ms: 2000, to_offset_ms: 4500 },
      { entry_id: 'run_1-e2', from_offset_ms: 5000, to_offset_ms: 6500 },
    ]);
    expect(transcript.word_count).toBe(25);
    expect(transcript.duration_s).toBe(9);
    expect(transcript.language).toBe('en');
  });

  it('keeps entries in spoken order when the audio reorders them', () => {
    const transcript = assembleTranscript({
      runId: 'run_2',
      startedAt,
      turns,
      alignment: [
        { seq: 0, start_ms: 0, end_ms: 1500 },
        { seq: 1, start_ms: 7000, end_ms: 8500 },
        { seq: 2, start_ms: 5000, end_ms: 6500 },
      ],
      blueprint,
      audioDurationMs: null,
    });
    expect(transcript.entries.map((entry) => entry.id)).toEqual([
      'run_2-e0',
      'run_2-e2',
      'run_2-e1',
    ]);
    expect(transcript.duration_s).toBe(8.5);
  });
});

describe('language detection', () => {
  it.each([
    [
      'Thanks for joining today. Could you tell me about your current role and the team around you?',
      'en',
    ],
    [
      'Gracias por venir hoy. ¿Puede contarme sobre su trabajo actual y su equipo de desarrollo?',
      'es',
    ],
    [
      'Merci d’être venu aujourd’hui. Pouvez-vous me parler de votre rôle actuel dans l’entreprise ?',
      'fr',
    ],
    [
      'Danke, dass Sie heute gekommen sind. Erzählen Sie mir bitte von Ihrer aktuellen Rolle im Unternehmen und wie eine typische Woche für Sie aussieht, welche Aufgaben Ihnen wichtig sind.',
      'de',
    ],
  ])('tells %j is %s', (text, code) => {
    expect(detectLanguage(text)).toBe(code);
  });

  it('falls back to the blueprint language on text too short to tell', () => {
    expect(detectLanguage('Yes.', 'pt-BR')).toBe('pt');
    expect(detectLanguage('Yes.')).toBeNull();
  });
});
