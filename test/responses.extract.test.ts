import { describe, expect, it } from 'vitest';
import { blueprintSchema } from '../lib/domain/blueprint';
import type { TranscriptEntry } from '../lib/domain/transcript';
import { extractResponses } from '../lib/responses/extract-responses';

const blueprint = blueprintSchema.parse({
  id: 'bp',
  graph: {
    entry_node: 'intro',
    nodes: {
      intro: { type: 'statement', key: 'intro', text: 'Welcome' },
      role: {
        key: 'role',
        text: 'What is your role?',
        required: true,
        probing: { enabled: true, max_follow_ups: 2 },
      },
      tools: { key: 'tools', text: 'Which tools do you use?', required: true },
      salary: { key: 'salary', text: 'What salary do you expect?' },
      end: { type: 'end', key: 'end', text: 'Thanks' },
    },
    edges: [
      { from: 'intro', to: 'role' },
      { from: 'role', to: 'tools' },
      { from: 'tools', to: 'salary' },
      { from: 'salary', to: 'end' },
    ],
  },
});

let seq = 0;
const entry = (
  role: 'agent' | 'participant',
  content: string,
  node: string | null,
  type = 'utterance',
): TranscriptEntry => ({
  id: `run_1-e${seq}`,
  role,
  content,
  timestamp: new Date(Date.UTC(2026, 10, 27, 10, 0, seq)).toISOString(),
  offset_ms: seq++ * 1000,
  duration_ms: 900,
  session_id: null,
  node_id: node,
  question_key: null,
  entry_type: type,
  confidence: null,
});

describe('response extraction', () => {
  seq = 0;
  const entries = [
    entry('agent', 'Welcome!', 'intro'),
    entry('agent', 'What is your role?', 'role'),
    entry('participant', 'I lead the data team. We build pipelines for the whole company.', null),
    entry('agent', 'What does a typical week look like?', 'role', 'follow_up'),
    entry('participant', 'Mostly reviews and planning.', 'role'),
    entry('agent', 'Which tools do you use?', 'tools'),
    entry('participant', 'um', null),
    entry('agent', 'No problem, let us move on. What salary do you expect?', 'salary'),
    entry('participant', 'Around what I make now, maybe a bit more.', null),
  ];

  it('collects each answer with its entries, follow-ups and probing state', () => {
    const responses = extractResponses({
      runId: 'run_1',
      blueprint,
      entries,
      sessionStatus: 'completed',
    });
    expect(responses.items.map((item) => item.question_key)).toEqual(['role', 'tools', 'salary']);
    expect(responses.items[0]).toMatchObject({
      answered: true,
      follow_ups_asked: 1,
      probing_complete: true,
      answer: {
        summary: 'I lead the data team.',
        verbatim:
          'I lead the data team. We build pipelines for the whole company. Mostly reviews and planning.',
        transcript_entry_ids: ['run_1-e2', 'run_1-e4'],
      },
    });
  });

  it('reports a required question without an answer instead of inventing one', () => {
    const responses = extractResponses({
      runId: 'run_1',
      blueprint,
      entries,
      sessionStatus: 'completed',
    });
    expect(responses.items[1]).toMatchObject({
      question_key: 'tools',
      answered: false,
      answer: null,
    });
    expect(responses.required_unanswered).toEqual(['tools']);
    expect(responses.completion_rate).toBeCloseTo(2 / 3, 3);
    expect(responses.path_taken).toEqual(['intro', 'role', 'tools', 'salary']);
    expect(responses.drop_off_node_id).toBeNull();
  });

  it('gives an abandoned run its drop-off point', () => {
    const responses = extractResponses({
      runId: 'run_1',
      blueprint,
      entries: entries.slice(0, 6),
      sessionStatus: 'abandoned',
    });
    expect(responses.drop_off_node_id).toBe('tools');
    expect(responses.items[2]).toMatchObject({ answered: false });
    expect(responses.required_unanswered).toEqual(['tools']);
  });
});
