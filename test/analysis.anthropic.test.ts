import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisProviderUnavailable,
  analysisBatchResults,
  analysisBatchStatus,
  analyzeRun,
  batchResultOutcome,
  submitAnalysisBatch,
  type AnalysisInput,
  type AnthropicAnalyzerOptions,
  type ModelAnalysis,
} from '../lib/analysis';
import { entryLine, estimateTokens } from '../lib/analysis/anthropic/transcript-chunks';
import { EpilogueError } from '../lib/errors';
import {
  errorReply,
  FakeAnthropicServer,
  toolUseReply,
  type MessagesRequestBody,
} from './support/fake-anthropic-server';
import { scriptedInput } from './support/analysis-input';
import { enthusiasticCustomer, unhappyCustomer } from './support/analysis-scripts';

let server: FakeAnthropicServer;
let options: AnthropicAnalyzerOptions;

beforeAll(async () => {
  server = await FakeAnthropicServer.start();
  options = { provider: 'anthropic', apiKey: 'sk-ant-test', baseURL: server.baseURL };
});
afterEach(() => server.reset());
afterAll(() => server.close());

const input = scriptedInput(unhappyCustomer);

/** What a good model answers for the unhappy customer: every quote copied from the transcript. */
const groundedAnalysis: ModelAnalysis = {
  summary: {
    content: 'The participant finds the pricing too high and the onboarding slow and confusing.',
    word_count: 0,
  },
  themes: {
    items: [
      {
        label: 'pricing',
        salience: 1,
        evidence_count: 3,
        evidence: [
          { entry_id: 'run_unhappy-e2', quote: 'The pricing is too expensive for what we get' },
          { entry_id: 'run_unhappy-e6', quote: 'The pricing is a real problem.' },
        ],
      },
      {
        label: 'onboarding',
        salience: 0.9,
        evidence_count: 2,
        evidence: [{ entry_id: 'run_unhappy-e4', quote: 'The onboarding was painful and slow.' }],
      },
    ],
  },
  sentiment: {
    overall: 'negative',
    score: -0.6,
    by_question: ['experience', 'onboarding', 'pricing', 'support'].map((key) => ({
      question_key: key,
      sentiment: 'negative' as const,
      score: -0.5,
    })),
  },
  quotes: [
    {
      entry_id: 'run_unhappy-e4',
      text: 'I hated the onboarding calls.',
      question_key: 'onboarding',
    },
    { entry_id: 'run_unhappy-e6', text: 'It feels unfair.', question_key: 'pricing' },
  ],
  specific: null,
};

const userText = (body: MessagesRequestBody) => {
  const content = body.messages[0]!.content;
  return typeof content === 'string' ? content : content.map((block) => block.text).join('');
};

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the analysis to fail');
}

describe('anthropic provider', () => {
  it('sends a cached system prefix and the transcript in the user turn, and validates the forced tool call', async () => {
    server.reply(toolUseReply({ ...groundedAnalysis, metrics: { duration_s: 9999 } }));
    const before = server.requests.length;
    const outcome = await analyzeRun(input, options);

    const [request] = server.requests.slice(before);
    expect(request!.path).toBe('/v1/messages');
    expect(request!.headers.authorization).toBe('Bearer sk-ant-test');
    const body = request!.body!;
    expect(body.model).toBe('claude-sonnet-5-5');
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'record_analysis' });
    expect(body.tools!.map((tool) => tool.name)).toEqual(['record_analysis']);
    const schema = body.tools![0]!.input_schema as { type: string; required: string[] };
    expect(schema.type).toBe('object');
    expect(schema.required.sort()).toEqual([
      'quotes',
      'sentiment',
      'specific',
      'summary',
      'themes',
    ]);
    // Prompt caching: the breakpoint is on the last system block, and only there.
    expect(body.system!.map((block) => block.cache_control ?? null)).toEqual([
      null,
      { type: 'ephemeral' },
    ]);
    const system = body.system!.map((block) => block.text).join('\n');
    expect(system).toContain('"question_key":"pricing"');
    for (const entry of input.transcript.entries.filter((e) => e.role === 'participant')) {
      expect(system).not.toContain(entry.content.slice(0, 30));
      expect(userText(body)).toContain(JSON.stringify(entry.content));
      expect(userText(body)).toContain(entry.id);
    }

    expect(outcome).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      version: 'anthropic-1',
      droppedQuotes: 0,
    });
    expect(outcome.results.themes).toEqual(groundedAnalysis.themes);
    expect(outcome.results.quotes).toEqual(groundedAnalysis.quotes);
    expect(outcome.results.summary.word_count).toBe(13);
    expect(outcome.results.provenance).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      version: 'anthropic-1',
      dropped_quotes: 0,
      chunks: 1,
      skipped: [],
    });
    // The numbers come from code: the same as the local analyzer's, whatever the model wrote.
    const local = await analyzeRun(input, { provider: 'local' });
    expect(outcome.results.metrics).toEqual(local.results.metrics);
  });

  it('records usage and cost, and the second call of a run reads its prefix from the prompt cache', async () => {
    // A blueprint no other test uses, so that the first call writes the cache.
    const run = scriptedInput({
      ...enthusiasticCustomer,
      runId: 'run_cache',
      questions: enthusiasticCustomer.questions.map((question) => ({
        ...question,
        objective: 'Hear how the product is used',
      })),
    });
    server.replyToAll(() =>
      toolUseReply({ ...groundedAnalysis, themes: { items: [] }, quotes: [] }),
    );
    const first = await analyzeRun(run, options);
    const second = await analyzeRun(run, { ...options, model: 'claude-haiku-5-5' });

    expect(first.usage).toMatchObject({ requests: 1, cache_read_input_tokens: 0 });
    expect(first.usage!.cache_creation_input_tokens).toBeGreaterThan(500);
    // A different model is a different cache.
    expect(second.usage!.cache_read_input_tokens).toBe(0);
    expect(second.model).toBe('claude-haiku-5-5');

    const again = await analyzeRun(run, options);
    const usage = again.usage!;
    expect(usage.cache_creation_input_tokens).toBe(0);
    expect(usage.cache_read_input_tokens).toBe(first.usage!.cache_creation_input_tokens);
    const share =
      usage.cache_read_input_tokens /
      (usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens);
    expect(share).toBeGreaterThan(0.5);

    // The same measure on a 30-minute interview, where the transcript outweighs the prefix.
    const long = scriptedInput({
      ...unhappyCustomer,
      runId: 'run_cache_long',
      turns: Array.from({ length: 30 }, () => unhappyCustomer.turns).flat(),
    });
    expect(long.transcript.duration_s).toBeGreaterThan(30 * 60);
    await analyzeRun(long, options);
    const longUsage = (await analyzeRun(long, options)).usage!;
    const longShare =
      longUsage.cache_read_input_tokens /
      (longUsage.input_tokens +
        longUsage.cache_creation_input_tokens +
        longUsage.cache_read_input_tokens);
    console.info(
      `prompt-cache share of input tokens on a second call: ${share.toFixed(3)} (1-minute ` +
        `interview), ${longShare.toFixed(3)} (30-minute interview)`,
    );
    expect(longShare).toBeGreaterThan(0);

    // Sonnet: $3 input, $15 output per million; cache writes 1.25x, reads 0.1x the input price.
    const price = (u: typeof usage, input: number, output: number) =>
      (u.input_tokens * input +
        u.cache_creation_input_tokens * input * 1.25 +
        u.cache_read_input_tokens * input * 0.1 +
        u.output_tokens * output) /
      1_000_000;
    expect(first.costUsd).toBeCloseTo(price(first.usage!, 3, 15), 5);
    expect(again.costUsd).toBeCloseTo(price(usage, 3, 15), 5);
    expect(again.costUsd!).toBeLessThan(first.costUsd!);
    expect(second.costUsd).toBeCloseTo(price(second.usage!, 1, 5), 5);

    const unpriced = await analyzeRun(run, { ...options, model: 'claude-future-9' });
    expect(unpriced.costUsd).toBeNull();
    const priced = await analyzeRun(run, {
      ...options,
      model: 'claude-future-9',
      prices: { 'claude-future-9': { inputPerMillion: 2, outputPerMillion: 8 } },
    });
    expect(priced.costUsd).toBeCloseTo(price(priced.usage!, 2, 8), 5);
  });

  it('drops fabricated quotes and evidence, counts them, and keeps the grounded ones', async () => {
    server.reply(
      toolUseReply({
        ...groundedAnalysis,
        themes: {
          items: [
            {
              ...groundedAnalysis.themes.items[0]!,
              evidence: [
                ...groundedAnalysis.themes.items[0]!.evidence,
                { entry_id: 'run_unhappy-e6', quote: 'The pricing is outrageous.' },
              ],
            },
            {
              label: 'cancellation',
              salience: 0.4,
              evidence_count: 1,
              evidence: [{ entry_id: 'run_unhappy-e8', quote: 'We are going to cancel.' }],
            },
          ],
        },
        quotes: [
          ...groundedAnalysis.quotes,
          {
            entry_id: 'run_unhappy-e2',
            text: 'Honestly the worst product we ever bought.',
            question_key: null,
          },
          {
            entry_id: 'run_unhappy-e8',
            text: 'Tickets sit for weeks without a reply.',
            question_key: 'support',
          },
        ],
      }),
    );
    const outcome = await analyzeRun(input, options);
    expect(outcome.droppedQuotes).toBe(4);
    expect(outcome.results.provenance.dropped_quotes).toBe(4);
    expect(outcome.results.quotes).toEqual(groundedAnalysis.quotes);
    expect(outcome.results.themes.items.map((theme) => theme.label)).toEqual(['pricing']);
    expect(outcome.results.themes.items[0]!.evidence).toEqual(
      groundedAnalysis.themes.items[0]!.evidence,
    );
  });

  it.each([
    [
      'a value outside the schema',
      toolUseReply({
        ...groundedAnalysis,
        sentiment: { ...groundedAnalysis.sentiment, overall: 'ecstatic' },
      }),
      /sentiment\.overall/,
    ],
    ['a missing field', toolUseReply({ themes: groundedAnalysis.themes }), /summary/],
    [
      'text instead of the tool call',
      {
        body: {
          content: [{ type: 'text', text: '{"summary": "..."}', citations: null }],
          stop_reason: 'end_turn',
        },
      },
      /no record_analysis tool call/,
    ],
    ['output cut off at max_tokens', toolUseReply({}, { stopReason: 'max_tokens' }), /max_tokens/],
  ])('fails with AnalysisOutputInvalid on %s', async (_, reply, message) => {
    server.reply(reply);
    const error = await failureOf(analyzeRun(input, options));
    expect(error).toBeInstanceOf(EpilogueError);
    expect(error).toMatchObject({ type: 'AnalysisOutputInvalid', message });
    // Schema paths only: no transcript text in the message.
    expect((error as Error).message).not.toMatch(/pricing is/);
  });

  it('turns a 429 into a retryable failure carrying retry-after, without retrying in the SDK', async () => {
    server.reply(errorReply(429, 'rate_limit_error', { 'retry-after': '7' }));
    const before = server.requestsTo('/v1/messages').length;
    const error = await failureOf(analyzeRun(input, options));
    expect(server.requestsTo('/v1/messages').length - before).toBe(1);
    expect(error).toBeInstanceOf(AnalysisProviderUnavailable);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7000 });
    expect(error).not.toBeInstanceOf(EpilogueError);
  });

  it('reads retry-after given as an HTTP date', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    server.reply(errorReply(429, 'rate_limit_error', { 'retry-after': at }));
    const error = (await failureOf(analyzeRun(input, options))) as AnalysisProviderUnavailable;
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it.each([
    [500, 'api_error'],
    [529, 'overloaded_error'],
  ])('turns a %i into a retryable failure, tried once', async (status, type) => {
    server.reply(errorReply(status, type));
    const before = server.requestsTo('/v1/messages').length;
    const error = await failureOf(analyzeRun(input, options));
    expect(server.requestsTo('/v1/messages').length - before).toBe(1);
    expect(error).toBeInstanceOf(AnalysisProviderUnavailable);
    expect(error).toMatchObject({ status, retryAfterMs: null });
  });

  it.each([
    [401, 'authentication_error', 'AnalysisAuthFailed'],
    [403, 'permission_error', 'AnalysisAuthFailed'],
    [400, 'invalid_request_error', 'AnalysisRequestInvalid'],
  ])('turns a %i into the non-retryable %s… %s', async (status, type, failure) => {
    server.reply(errorReply(status, type));
    const error = await failureOf(analyzeRun(input, options));
    expect(error).toBeInstanceOf(EpilogueError);
    expect(error).toMatchObject({ type: failure });
    expect((error as Error).message).toContain(`HTTP ${status}`);
  });

  it('turns a reply slower than the timeout into a retryable failure', async () => {
    server.reply({ ...toolUseReply(groundedAnalysis), delayMs: 2000 });
    const started = Date.now();
    const error = await failureOf(analyzeRun(input, { ...options, timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(AnalysisProviderUnavailable);
    expect(error).toMatchObject({ status: null, message: /timed out/ });
  });

  it('turns a refused connection into a retryable failure', async () => {
    const closed = await FakeAnthropicServer.start();
    await closed.close();
    const error = await failureOf(analyzeRun(input, { ...options, baseURL: closed.baseURL }));
    expect(error).toBeInstanceOf(AnalysisProviderUnavailable);
    expect(error).toMatchObject({ status: null, message: /could not be reached/ });
  });

  it('analyzes a transcript over the token budget part by part, then merges the parts', async () => {
    const isMerge = (body: MessagesRequestBody) => userText(body).includes('<partial_analyses>');
    const transcriptLines = (body: MessagesRequestBody) =>
      userText(body)
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => ({
          line,
          entry: JSON.parse(line) as { id: string; role: string; text: string },
        }));
    // Each part quotes its first answer; the merge returns the analysis of the whole.
    server.replyToAll((body) => {
      if (isMerge(body)) return toolUseReply(groundedAnalysis);
      const answer = transcriptLines(body).find(({ entry }) => entry.role === 'participant');
      return toolUseReply({
        ...groundedAnalysis,
        themes: { items: [] },
        quotes: answer
          ? [{ entry_id: answer.entry.id, text: answer.entry.text, question_key: null }]
          : [],
      });
    });
    const budget = 120;
    const before = server.requests.length;
    const outcome = await analyzeRun(input, { ...options, maxInputTokensPerChunk: budget });

    const calls = server.requests.slice(before).map((request) => request.body!);
    const parts = calls.slice(0, -1);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.some(isMerge)).toBe(false);
    expect(isMerge(calls.at(-1)!)).toBe(true);
    // Every entry once, in order, and no part over the budget unless it is a single entry.
    expect(parts.flatMap((body) => transcriptLines(body).map(({ entry }) => entry.id))).toEqual(
      input.transcript.entries.map((entry) => entry.id),
    );
    for (const body of parts) {
      const lines = transcriptLines(body);
      const tokens = lines.reduce(
        (sum, { line }) => sum + Math.ceil(Buffer.byteLength(line) / 3) + 1,
        0,
      );
      expect(lines.length === 1 || tokens <= budget).toBe(true);
    }
    // The merge sees what the parts found.
    expect(userText(calls.at(-1)!)).toContain('I hated the onboarding calls.');

    expect(outcome.results.provenance.chunks).toBe(parts.length);
    expect(outcome.usage!.requests).toBe(parts.length + 1);
    expect(outcome.results.quotes).toEqual(groundedAnalysis.quotes);
    // One prefix for all calls of the run: written once at most, then read by every other call.
    expect(outcome.usage!.cache_read_input_tokens).toBeGreaterThanOrEqual(
      parts.length * outcome.usage!.cache_creation_input_tokens,
    );
  });

  it('gives a hiring scorecard only entry ids that exist', async () => {
    const hiring = scriptedInput({
      runId: 'run_hire',
      interviewType: 'hiring',
      questions: [
        { key: 'project', text: 'Tell me about a project.', objective: 'Delivers projects' },
      ],
      turns: [
        { role: 'agent', text: 'Tell me about a project.', asks: 'project' },
        { role: 'participant', text: 'I shipped a payments service used by two million people.' },
      ],
    });
    server.reply(
      toolUseReply({
        ...groundedAnalysis,
        themes: { items: [] },
        quotes: [],
        specific: {
          interview_type: 'hiring',
          scorecard: [
            {
              objective: 'Delivers projects',
              node_id: 'n_project',
              evidence_entry_ids: ['run_hire-e2', 'run_hire-e7'],
              rating: 4,
              rationale: 'Shipped a large service.',
            },
          ],
        },
      }),
    );
    const { results } = await analyzeRun(hiring, options);
    const request = server.requests.at(-1)!.body!;
    expect(request.system!.at(-1)!.text).toContain('Scorecard objectives');
    expect(results.specific!.scorecard[0]).toMatchObject({
      evidence_entry_ids: ['run_hire-e2'],
      rating: 4,
    });
  });
});

const transcriptTokens = (run: AnalysisInput) =>
  run.transcript.entries.reduce((sum, entry) => sum + estimateTokens(entryLine(entry)) + 1, 0);

describe('anthropic batch mode', () => {
  const happy = scriptedInput({ ...enthusiasticCustomer, runId: 'run_batch_a' });
  const unhappy = scriptedInput({ ...unhappyCustomer, runId: 'run_unhappy' });

  it('submits many runs as one batch, polls it to the end, and turns each result into an outcome', async () => {
    server.reply(toolUseReply({ ...groundedAnalysis, themes: { items: [] }, quotes: [] }));
    server.reply(errorReply(400, 'invalid_request_error'));
    const long = scriptedInput({
      ...unhappyCustomer,
      runId: 'run_long',
      turns: [...unhappyCustomer.turns, ...unhappyCustomer.turns],
    });
    const submission = await submitAnalysisBatch([happy, unhappy, long], {
      ...options,
      // Enough for either short run in one call, not for the long one.
      maxInputTokensPerChunk: Math.max(transcriptTokens(happy), transcriptTokens(unhappy)),
    });
    expect(submission).toMatchObject({
      runIds: ['run_batch_a', 'run_unhappy'],
      notBatched: ['run_long'],
    });
    const [created] = server.requestsTo('/v1/messages/batches').slice(-1);
    const entries = created!.body!.requests!;
    expect(entries.map((entry) => entry.custom_id)).toEqual(submission.runIds);
    for (const entry of entries) {
      expect(entry.params.tool_choice).toEqual({ type: 'tool', name: 'record_analysis' });
      expect(entry.params.system!.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
    }

    expect(await analysisBatchStatus(submission.batchId!, options)).toMatchObject({ ended: false });
    expect(await analysisBatchStatus(submission.batchId!, options)).toMatchObject({ ended: true });
    const results = await analysisBatchResults(submission.batchId!, options);
    expect([...results.keys()]).toEqual(['run_batch_a', 'run_unhappy']);

    const outcome = batchResultOutcome(results.get('run_batch_a')!, happy, {});
    expect(outcome).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      droppedQuotes: 0,
    });
    const u = outcome.usage!;
    // Batches cost half.
    expect(outcome.costUsd).toBeCloseTo(
      ((u.input_tokens + u.cache_creation_input_tokens * 1.25 + u.cache_read_input_tokens * 0.1) *
        3 +
        u.output_tokens * 15) /
        2 /
        1_000_000,
      5,
    );
    expect(() => batchResultOutcome(results.get('run_unhappy')!, unhappy, {})).toThrow(
      expect.objectContaining({ type: 'AnalysisRequestInvalid' }),
    );
  });

  it('leaves out runs that need more than one call, and treats expired entries as retryable', async () => {
    const submission = await submitAnalysisBatch([unhappy], {
      ...options,
      maxInputTokensPerChunk: 100,
    });
    expect(submission).toEqual({ batchId: null, runIds: [], notBatched: ['run_unhappy'] });

    expect(() =>
      batchResultOutcome({ custom_id: 'run_unhappy', result: { type: 'expired' } }, unhappy, {}),
    ).toThrow(AnalysisProviderUnavailable);
  });
});
