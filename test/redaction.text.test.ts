import { describe, expect, it } from 'vitest';
import type { RunTexts } from '../db/redaction';
import { audioSpans, ESTIMATE_PADDING_MS, WORD_PADDING_MS } from '../lib/redaction/audio-spans';
import { participantIdentity } from '../lib/redaction/participant-identity';
import { redactJson } from '../lib/redaction/redact-json';
import { redactRunTexts } from '../lib/redaction/redact-run-texts';
import { createTextRedactor } from '../lib/redaction/text-redactor';

const grace = {
  external_id: 'p_42',
  name: 'Grace Hopper',
  email: 'grace.hopper@example.com',
  phone: '+44 7911 123456',
  metadata: { team: 'compilers', ip: '203.0.113.7' },
};
const labels = createTextRedactor(participantIdentity(grace), { mode: 'label' });

describe('createTextRedactor', () => {
  it("finds the participant's own values in any case and form, beyond the detector's", () => {
    expect(labels.redact('honestly grace is fine').redacted).toBe('honestly [PERSON_NAME] is fine');
    // A national number outside NANP, spoken: the detector alone misses it.
    expect(labels.redact('call oh seven nine one one, one two three four five six').redacted).toBe(
      'call [PHONE_NUMBER]',
    );
    expect(labels.redact('write to GRACE.HOPPER@EXAMPLE.COM').redacted).toBe('write to [EMAIL]');
    expect(labels.redact('I lead the compiler team.').redacted).toBe('I lead the compiler team.');
  });

  it('leaves a redacted text as it is: tokens are never detected again', () => {
    const once = labels.redact('Hi, I am Grace Hopper, 07911 123456, grace.hopper@example.com.');
    expect(once.redacted).toBe('Hi, I am [PERSON_NAME], [PHONE_NUMBER], [EMAIL].');
    expect(labels.redact(once.redacted)).toEqual({ redacted: once.redacted, entities: [] });
    const hashed = createTextRedactor(participantIdentity(grace), {
      mode: 'hash',
      key: Buffer.alloc(32, 7),
    }).redact(once.redacted.replace('[EMAIL]', 'grace.hopper@example.com'));
    expect(labels.redact(hashed.redacted).redacted).toBe(hashed.redacted);
  });

  it("maps the same value to the same token under one organization's key, another under another's", () => {
    const identity = participantIdentity(grace);
    const org1 = createTextRedactor(identity, { mode: 'hash', key: Buffer.alloc(32, 1) });
    const org2 = createTextRedactor(identity, { mode: 'hash', key: Buffer.alloc(32, 2) });
    const typed = org1.redact('grace.hopper@example.com').redacted;
    expect(org1.redact('say it: grace dot hopper at example dot com').redacted).toBe(
      `say it: ${typed}`,
    );
    expect(org1.token('EMAIL', 'Grace.Hopper@example.com')).toBe(typed);
    expect(typed).toMatch(/^\[EMAIL:[0-9a-f]{12}\]$/);
    expect(org2.redact('grace.hopper@example.com').redacted).not.toBe(typed);
  });
});

describe('redactJson', () => {
  it('redacts every string but identifiers and vocabularies', () => {
    const results = {
      summary: { content: 'Grace Hopper leads compilers.', word_count: 4 },
      themes: {
        items: [{ label: 'grace', evidence: [{ entry_id: 'run_grace-e3', quote: 'ask Grace' }] }],
      },
      sentiment: {
        overall: 'positive',
        by_question: [{ question_key: 'grace', sentiment: 'neutral' }],
      },
    };
    const { value, changed } = redactJson(results, labels);
    expect(changed).toBe(3);
    expect(value).toEqual({
      summary: { content: '[PERSON_NAME] leads compilers.', word_count: 4 },
      themes: {
        items: [
          {
            label: '[PERSON_NAME]',
            evidence: [{ entry_id: 'run_grace-e3', quote: 'ask [PERSON_NAME]' }],
          },
        ],
      },
      sentiment: {
        overall: 'positive',
        by_question: [{ question_key: 'grace', sentiment: 'neutral' }],
      },
    });
  });
});

describe('audioSpans', () => {
  const entry = {
    content: 'my name is Grace Hopper thanks',
    offsetMs: 10_000,
    durationMs: 3000,
  };
  const name = { start: 11, end: 23 };

  it('covers the timed words a span overlaps, with a small margin', () => {
    const words = ['my', 'name', 'is', 'Grace', 'Hopper', 'thanks'].map((word, index) => ({
      word,
      start_ms: index * 500,
      end_ms: index * 500 + 400,
    }));
    expect(audioSpans([{ text: { ...entry, words }, entities: [name] }])).toEqual([
      { startMs: 10_000 + 1500 - WORD_PADDING_MS, endMs: 10_000 + 2400 + WORD_PADDING_MS },
    ]);
  });

  it('places a span by character position when there are no word timings, with a wider margin', () => {
    const [span] = audioSpans([{ text: entry, entities: [name] }]);
    expect(span).toEqual({
      startMs: 10_000 + 1100 - ESTIMATE_PADDING_MS,
      endMs: 10_000 + 2300 + ESTIMATE_PADDING_MS,
    });
  });

  it('merges spans that touch', () => {
    expect(
      audioSpans([
        { text: entry, entities: [name, { start: 24, end: 30 }] },
        { text: { ...entry, offsetMs: 0 }, entities: [{ start: 0, end: 2 }] },
      ]),
    ).toHaveLength(2);
  });
});

describe('redactRunTexts', () => {
  const texts: RunTexts = {
    participant: grace,
    metadata: { device: 'Chrome', ip_address: '203.0.113.7' },
    turns: [
      {
        seq: 0,
        content: 'Hello, this is Grace Hopper speaking.',
        words: [
          { word: 'Hello,', start_ms: 0, end_ms: 300 },
          { word: 'this', start_ms: 350, end_ms: 500 },
          { word: 'is', start_ms: 520, end_ms: 600 },
          { word: 'Grace', start_ms: 650, end_ms: 900 },
          { word: 'Hopper', start_ms: 950, end_ms: 1300 },
          { word: 'speaking.', start_ms: 1350, end_ms: 1800 },
        ],
        offsetMs: 1000,
        durationMs: 1800,
      },
      { seq: 1, content: 'Thanks for joining.', words: null, offsetMs: 4000, durationMs: 1000 },
    ],
    transcriptEntries: [
      {
        id: 'run_1-e0',
        content: 'Hello, this is Grace Hopper speaking.',
        offset_ms: 1200,
        duration_ms: 1800,
      },
      { id: 'run_1-e1', content: 'Thanks for joining.', offset_ms: 4100, duration_ms: 1000 },
    ],
    responseItems: [
      { node_id: 'n1', answer: { summary: 'Grace Hopper', verbatim: 'this is Grace' } },
    ],
    analyses: [{ id: 7, results: { summary: { content: 'Grace spoke.' } } }],
  };

  it('redacts every place, keeps the external id, and times speech from the aligned transcript', () => {
    const redaction = redactRunTexts(texts, labels);
    expect(redaction.changes.participant).toEqual({
      external_id: 'p_42',
      name: '[PERSON_NAME]',
      email: '[EMAIL]',
      phone: '[PHONE_NUMBER]',
      metadata: { team: 'compilers', ip: '[IP_ADDRESS]' },
    });
    expect(redaction.changes.metadata).toEqual({ device: 'Chrome', ip_address: '[IP_ADDRESS]' });
    expect(redaction.changes.turns).toEqual([
      {
        seq: 0,
        content: 'Hello, this is [PERSON_NAME] speaking.',
        words: [
          { word: 'Hello,', start_ms: 0, end_ms: 300 },
          { word: 'this', start_ms: 350, end_ms: 500 },
          { word: 'is', start_ms: 520, end_ms: 600 },
          { word: '[PERSON_NAME]', start_ms: 650, end_ms: 900 },
          { word: '[PERSON_NAME]', start_ms: 950, end_ms: 1300 },
          { word: 'speaking.', start_ms: 1350, end_ms: 1800 },
        ],
      },
    ]);
    expect(redaction.changes.transcriptEntries?.[0]?.['content']).toBe(
      'Hello, this is [PERSON_NAME] speaking.',
    );
    expect(redaction.changes.responseItems).toEqual([
      { node_id: 'n1', answer: { summary: '[PERSON_NAME]', verbatim: 'this is [PERSON_NAME]' } },
    ]);
    expect(redaction.changes.analyses).toEqual([
      { id: 7, results: { summary: { content: '[PERSON_NAME] spoke.' } } },
    ]);
    // Word times are relative to the entry, which the transcript placed at 1200 ms.
    expect(redaction.spokenSpans).toEqual([
      { startMs: 1200 + 650 - WORD_PADDING_MS, endMs: 1200 + 1300 + WORD_PADDING_MS },
    ]);
    expect(redaction.counts).toEqual({
      participant_fields: 4,
      metadata_fields: 1,
      turns: 1,
      transcript_entries: 1,
      response_fields: 2,
      analysis_fields: 1,
    });
  });

  it('changes nothing the second time', () => {
    const first = redactRunTexts(texts, labels).changes;
    const redacted: RunTexts = {
      ...texts,
      participant: first.participant!,
      metadata: first.metadata!,
      turns: texts.turns.map((turn) => {
        const changed = first.turns.find((item) => item.seq === turn.seq);
        return changed ? { ...turn, ...changed } : turn;
      }),
      transcriptEntries: first.transcriptEntries!,
      responseItems: first.responseItems!,
      analyses: first.analyses,
    };
    const second = redactRunTexts(redacted, labels);
    expect(second.changes).toEqual({ turns: [], analyses: [] });
    expect(second.spokenSpans).toEqual([]);
  });

  it("falls back to the turn log's own times when the transcript is gone", () => {
    const redaction = redactRunTexts({ ...texts, transcriptEntries: null }, labels);
    expect(redaction.located).toBe(true);
    expect(redaction.spokenSpans[0]?.startMs).toBe(1000 + 650 - WORD_PADDING_MS);
  });
});
