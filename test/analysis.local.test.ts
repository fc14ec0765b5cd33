import { describe, expect, it } from 'vitest';
import { analysisResultsSchema, analyzeRun, type AnalysisInput } from '../lib/analysis';
import type { ModelAnalysis } from '../lib/analysis';
import { verifyGrounding } from '../lib/analysis/verify-grounding';
import { scriptedInput } from './support/analysis-input';
import {
  enthusiasticCustomer,
  frustratedAdmin,
  mixedCustomer,
  unhappyCustomer,
} from './support/analysis-scripts';

const analyzeLocally = (input: AnalysisInput) => analyzeRun(input, { provider: 'local' });

/** Every quote and piece of evidence must be an exact span of the participant entry it cites. */
function expectVerbatim(input: AnalysisInput, results: ModelAnalysis) {
  const entries = new Map(input.transcript.entries.map((entry) => [entry.id, entry]));
  const cited = [
    ...results.quotes.map((quote) => ({ id: quote.entry_id, text: quote.text })),
    ...results.themes.items.flatMap((theme) =>
      theme.evidence.map((item) => ({ id: item.entry_id, text: item.quote })),
    ),
  ];
  expect(cited.length).toBeGreaterThan(0);
  for (const { id, text } of cited) {
    expect(entries.get(id)?.role).toBe('participant');
    expect(entries.get(id)?.content).toContain(text);
  }
}

describe('local analyzer', () => {
  it('reads an enthusiastic interview as positive, question by question', async () => {
    const { results, provider, model, version, usage, costUsd } = await analyzeLocally(
      scriptedInput(enthusiasticCustomer),
    );
    expect({ provider, model, version, usage, costUsd }).toEqual({
      provider: 'local',
      model: null,
      version: 'local-2',
      usage: null,
      costUsd: null,
    });
    expect(results.sentiment.overall).toBe('positive');
    expect(results.sentiment.score).toBeGreaterThan(0.3);
    expect(results.sentiment.by_question.map((question) => question.sentiment)).toEqual([
      'positive',
      'positive',
      'positive',
      'positive',
    ]);
  });

  it('reads complaints about pricing and onboarding as negative, with those two as the top themes', async () => {
    const input = scriptedInput(unhappyCustomer);
    const { results } = await analyzeLocally(input);
    expect(results.sentiment.overall).toBe('negative');
    expect(results.sentiment.score).toBeLessThan(-0.3);
    expect(
      results.sentiment.by_question.every((question) => question.sentiment === 'negative'),
    ).toBe(true);
    const labels = results.themes.items.map((theme) => theme.label);
    expect(labels.slice(0, 2).sort()).toEqual(['onboarding', 'pricing']);
    expect(results.themes.items[0]!.salience).toBe(1);
    for (const theme of results.themes.items) {
      expect(theme.evidence_count).toBeGreaterThanOrEqual(theme.evidence.length);
      for (const item of theme.evidence) expect(item.quote.toLowerCase()).toContain(theme.label);
    }
    const pricing = results.themes.items.find((theme) => theme.label === 'pricing')!;
    expect(pricing.evidence.map((item) => item.entry_id)).toEqual(
      expect.arrayContaining(['run_unhappy-e2', 'run_unhappy-e6', 'run_unhappy-e8']),
    );
  });

  it('calls an interview mixed when one answer is glowing and another bitter', async () => {
    const { results } = await analyzeLocally(scriptedInput(mixedCustomer));
    expect(results.sentiment.overall).toBe('mixed');
    expect(results.sentiment.by_question).toEqual([
      expect.objectContaining({ question_key: 'experience', sentiment: 'positive' }),
      expect.objectContaining({ question_key: 'onboarding', sentiment: 'negative' }),
    ]);
  });

  it('reads complaints about speed, price and defects, and a bare "No" to "Would you recommend it?", as negative', async () => {
    const { results } = await analyzeLocally(scriptedInput(frustratedAdmin));
    expect(
      Object.fromEntries(
        results.sentiment.by_question.map((question) => [
          question.question_key,
          question.sentiment,
        ]),
      ),
    ).toEqual({
      mobile: 'negative',
      cost: 'negative',
      reliability: 'negative',
      setup: 'positive',
      recommend: 'negative',
    });
    expect(results.sentiment.overall).toBe('negative');
  });

  it('keeps the participant’s name, their contact details and the people they name out of themes, quotes and summary', async () => {
    const input = { ...scriptedInput(frustratedAdmin), participantNames: ['Grace Hopper'] };
    const { results } = await analyzeLocally(input);
    expect(results.themes.items.map((theme) => theme.label)).toEqual(['export']);
    const shown = [
      results.summary.content,
      ...results.quotes.map((quote) => quote.text),
      ...results.themes.items.flatMap((theme) => theme.evidence.map((item) => item.quote)),
    ].join('\n');
    expect(shown).not.toMatch(/grace|hopper|example dot com/i);
    expect(results.summary.content).toContain('They spoke most about export.');
  });

  it('quotes, cites evidence and summarizes with the participant’s own sentences', async () => {
    const input = scriptedInput(unhappyCustomer);
    const outcome = await analyzeLocally(input);
    expectVerbatim(input, outcome.results);
    expect(outcome.droppedQuotes).toBe(0);
    expect(outcome.results.provenance.dropped_quotes).toBe(0);
    expect(outcome.results.quotes.length).toBeGreaterThanOrEqual(3);
    expect(new Set(outcome.results.quotes.map((quote) => quote.question_key)).size).toBe(
      outcome.results.quotes.length,
    );
    const { summary } = outcome.results;
    expect(summary.content).toMatch(
      /^The participant answered 4 of 4 questions in 1 minute; the overall tone was negative\./,
    );
    expect(summary.content).toContain('The pricing is too expensive for what we get');
    expect(summary.word_count).toBe(summary.content.split(/\s+/).length);
  });

  it('is deterministic and satisfies the analysis schema', async () => {
    const first = await analyzeLocally(scriptedInput(unhappyCustomer));
    const second = await analyzeLocally(scriptedInput(unhappyCustomer));
    expect(second).toEqual(first);
    expect(analysisResultsSchema.parse(first.results)).toEqual(first.results);
  });

  it('computes the session metrics of a small handmade interview exactly', async () => {
    const input = scriptedInput({
      runId: 'run_metrics',
      questions: [
        { key: 'role', text: 'What is your role?' },
        { key: 'tools', text: 'Which tools do you use?' },
        { key: 'wish', text: 'What would you change?' },
      ],
      sessionStatus: 'abandoned',
      turns: [
        { role: 'agent', text: 'What is your role?', asks: 'role', gapMs: 0, durationMs: 2000 },
        // Starts 1.5 s after the question ended.
        { role: 'participant', text: 'I lead the data team.', gapMs: 1500, durationMs: 3000 },
        { role: 'participant', text: 'Five people report to me.', gapMs: 200, durationMs: 2000 },
        {
          role: 'agent',
          text: 'Which tools do you use?',
          asks: 'tools',
          gapMs: 500,
          durationMs: 2000,
        },
        // Starts 0.5 s before the question ended: talked over the agent.
        {
          role: 'participant',
          text: 'Mostly spreadsheets and a warehouse.',
          gapMs: -500,
          durationMs: 4000,
        },
        {
          role: 'agent',
          text: 'What would you change?',
          asks: 'wish',
          gapMs: 800,
          durationMs: 1500,
        },
      ],
    });
    const { results } = await analyzeLocally(input);
    expect(results.metrics).toEqual({
      duration_s: input.transcript.duration_s,
      word_count: 4 + 5 + 5 + 5 + 5 + 4,
      turn_count: 5,
      participant_word_count: 15,
      // Two of the three questions answered; the third was asked when the session was abandoned.
      response_rate: 0.667,
      average_answer_words: 7.5,
      // Latencies 1500 and -500 → 0; nearest rank.
      response_latency_ms: { median: 0, p90: 1500 },
      talk_ratio: Math.round((9000 / (9000 + 5500)) * 1000) / 1000,
      talk_over_count: 1,
      // 0.4 × 2/3 + 0.3 × 7.5/40 + 0.2 × min(1, 0.621/0.6) + 0.1 × share of non-neutral answers
      engagement_score: Math.round(
        100 *
          (0.4 * (2 / 3) +
            0.3 * (7.5 / 40) +
            0.2 +
            0.1 *
              (results.sentiment.by_question.filter((question) => question.sentiment !== 'neutral')
                .length /
                2)),
      ),
      drop_off: { node_id: 'n_wish', question_key: 'wish' },
    });
  });

  it('prefers the audio stage’s measurements to the turn log’s timing', async () => {
    const input = scriptedInput({
      ...enthusiasticCustomer,
      audio: {
        talkOverCount: 3,
        responseLatenciesMs: [900, 400, 1200, 700, 2500],
        speechMs: { agent: 30_000, participant: 90_000 },
      },
    });
    const { metrics } = (await analyzeLocally(input)).results;
    expect(metrics.talk_over_count).toBe(3);
    expect(metrics.response_latency_ms).toEqual({ median: 900, p90: 2500 });
    expect(metrics.talk_ratio).toBe(0.75);
    expect(metrics.drop_off).toBeNull();
  });

  it('gives a hiring interview a scorecard row per objective, citing the answers but not rating them', async () => {
    const input = scriptedInput({
      runId: 'run_hiring',
      interviewType: 'hiring',
      questions: [
        {
          key: 'experience',
          text: 'Tell me about your last project.',
          objective: 'Delivers complex projects',
        },
        {
          key: 'conflict',
          text: 'How do you handle disagreement?',
          objective: 'Resolves conflict constructively',
        },
      ],
      turns: [
        { role: 'agent', text: 'Tell me about your last project.', asks: 'experience' },
        {
          role: 'participant',
          text: 'I led the migration of our billing system to a new platform over six months.',
        },
        { role: 'agent', text: 'How do you handle disagreement?', asks: 'conflict' },
      ],
      sessionStatus: 'abandoned',
    });
    const { results } = await analyzeLocally(input);
    expect(results.specific).toEqual({
      interview_type: 'hiring',
      scorecard: [
        {
          objective: 'Delivers complex projects',
          node_id: 'n_experience',
          evidence_entry_ids: ['run_hiring-e2'],
          rating: null,
          rationale: 'Answered in 1 entry (15 words); not rated by the local analyzer.',
        },
        {
          objective: 'Resolves conflict constructively',
          node_id: 'n_conflict',
          evidence_entry_ids: [],
          rating: null,
          rationale: 'Not answered.',
        },
      ],
    });
  });

  it('still analyzes an interview abandoned before any answer', async () => {
    const input = scriptedInput({
      runId: 'run_silent',
      questions: [{ key: 'first', text: 'Shall we start?' }],
      sessionStatus: 'abandoned',
      turns: [{ role: 'agent', text: 'Shall we start?', asks: 'first' }],
    });
    const { results } = await analyzeLocally(input);
    expect(results.summary.content).toBe(
      'The participant answered 0 of 1 question in under a minute; the overall tone was neutral.',
    );
    expect(results.themes.items).toEqual([]);
    expect(results.quotes).toEqual([]);
    expect(results.sentiment).toEqual({ overall: 'neutral', score: 0, by_question: [] });
    expect(results.metrics).toMatchObject({
      participant_word_count: 0,
      response_rate: 0,
      response_latency_ms: null,
      talk_ratio: 0,
      engagement_score: 0,
      drop_off: { node_id: 'n_first', question_key: 'first' },
    });
  });

  it('leaves sentiment and themes out of a transcript in a language it cannot read, and says so', async () => {
    const input = scriptedInput({ ...unhappyCustomer, language: 'de' });
    const { results } = await analyzeLocally(input);
    expect(results.provenance.skipped).toEqual(['sentiment', 'themes']);
    expect(results.themes.items).toEqual([]);
    expect(results.sentiment).toEqual({ overall: 'neutral', score: 0, by_question: [] });
    expect(results.summary.content).not.toContain('tone');
  });
});

describe('grounding check', () => {
  const input = scriptedInput(unhappyCustomer);
  const analysis: ModelAnalysis = {
    summary: { content: 'Unhappy with pricing.', word_count: 3 },
    themes: {
      items: [
        {
          label: 'pricing',
          salience: 1,
          evidence_count: 4,
          evidence: [
            { entry_id: 'run_unhappy-e6', quote: 'The pricing is a real problem.' },
            { entry_id: 'run_unhappy-e6', quote: 'The pricing is a huge problem.' },
          ],
        },
        {
          label: 'invented',
          salience: 0.5,
          evidence_count: 1,
          evidence: [{ entry_id: 'run_unhappy-e4', quote: 'We will cancel next month.' }],
        },
      ],
    },
    sentiment: { overall: 'negative', score: -0.5, by_question: [] },
    quotes: [
      // Whitespace differs from the transcript only: kept.
      {
        entry_id: 'run_unhappy-e4',
        text: 'The onboarding   was\npainful and slow.',
        question_key: null,
      },
      // Right words, wrong entry.
      {
        entry_id: 'run_unhappy-e2',
        text: 'The onboarding was painful and slow.',
        question_key: 'pricing',
      },
      // The agent's words, not the participant's.
      {
        entry_id: 'run_unhappy-e3',
        text: 'Tell me about getting started with it.',
        question_key: null,
      },
      { entry_id: 'run_unhappy-e99', text: 'Poor.', question_key: 'support' },
    ],
    specific: null,
  };

  it('drops and counts quotes and evidence that are not verbatim in the cited participant entry', () => {
    const { analysis: grounded, droppedQuotes } = verifyGrounding(analysis, input);
    expect(droppedQuotes).toBe(5);
    expect(grounded.quotes).toEqual([
      {
        entry_id: 'run_unhappy-e4',
        text: 'The onboarding   was\npainful and slow.',
        question_key: 'onboarding',
      },
    ]);
    expect(grounded.themes.items).toEqual([
      {
        label: 'pricing',
        salience: 1,
        evidence_count: 3,
        evidence: [{ entry_id: 'run_unhappy-e6', quote: 'The pricing is a real problem.' }],
      },
    ]);
  });
});
