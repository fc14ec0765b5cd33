/**
 * How long the local analyzer takes on a 30-minute interview: a synthetic, deterministic
 * transcript of 12 questions with follow-ups at 150 spoken words a minute (about 4,500 words),
 * analyzed once cold (the wink-nlp model loads on first use) and then several times warm.
 *
 *   node dist/bench/analysis-local.js [--runs 10] [--json]
 */
import { analyzeRun } from '../lib/analysis';
import type { AnalysisInput } from '../lib/analysis';
import { blueprintSchema } from '../lib/domain/blueprint';
import type { ResponseItem } from '../lib/domain/responses';
import type { TranscriptEntry } from '../lib/domain/transcript';

const INTERVIEW_MS = 30 * 60 * 1000;
const WORDS_PER_MINUTE = 150;
const QUESTIONS = 12;

const topics = [
  'pricing',
  'onboarding',
  'reporting dashboard',
  'customer support',
  'mobile app',
  'integrations',
  'data export',
  'permissions',
  'performance',
  'billing',
  'documentation',
  'roadmap',
];
const opinions = [
  'I really like how the {t} works for our team, it saves us a lot of effort every week.',
  'Honestly the {t} has been frustrating, we lost time because it kept failing on us.',
  'The {t} is fine for now, although we only use a small part of it.',
  'When we first tried the {t} it was confusing, but after a few days it made sense.',
  'Our managers ask about the {t} all the time because the numbers feed our monthly review.',
  'I would pay more if the {t} were faster and easier to explain to new colleagues.',
  'We compared the {t} with two other vendors and this one was clearly the best fit.',
  'The worst part of the {t} is waiting for answers when something breaks late at night.',
  'My colleague in finance loves the {t}, she says it replaced three spreadsheets.',
  'If I could change one thing about the {t}, I would make the setup less painful.',
];

/** A fixed pseudo-random sequence, so that every run of the bench reads the same interview. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

function syntheticInterview(): AnalysisInput {
  const runId = 'run_bench';
  const next = sequence(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const nodes = Object.fromEntries(
    topics.map((topic, index) => [
      `n_q${index + 1}`,
      { key: `q${index + 1}`, text: `Tell me about the ${topic}.`, objective: `Views on ${topic}` },
    ]),
  );
  const blueprint = blueprintSchema.parse({
    id: 'bp_bench',
    interview_type: 'research',
    graph: {
      entry_node: 'n_q1',
      nodes,
      edges: topics
        .slice(1)
        .map((_, index) => ({ from: `n_q${index + 1}`, to: `n_q${index + 2}` })),
    },
  });

  const entries: TranscriptEntry[] = [];
  let offset = 0;
  const say = (role: TranscriptEntry['role'], content: string, question: number) => {
    const duration = Math.round((wordCount(content) / WORDS_PER_MINUTE) * 60_000);
    offset += 800 + Math.floor(next() * 1200);
    entries.push({
      id: `${runId}-e${entries.length + 1}`,
      role,
      content,
      timestamp: new Date(Date.UTC(2026, 2, 2, 10) + offset).toISOString(),
      offset_ms: offset,
      duration_ms: duration,
      session_id: 'ses_bench',
      node_id: `n_q${question + 1}`,
      question_key: `q${question + 1}`,
      entry_type: 'utterance',
      confidence: 0.93,
    });
    offset += duration;
  };
  const perQuestionMs = INTERVIEW_MS / QUESTIONS;
  topics.forEach((topic, question) => {
    say('agent', `Tell me about the ${topic}.`, question);
    const end = (question + 1) * perQuestionMs;
    while (offset < end - 20_000) {
      const sentences = Array.from({ length: 3 + Math.floor(next() * 3) }, () =>
        pick(opinions).replace('{t}', next() < 0.7 ? topic : pick(topics)),
      );
      say('participant', sentences.join(' '), question);
      if (offset < end - 20_000) say('agent', `Could you say more about that ${topic}?`, question);
    }
  });

  const items: ResponseItem[] = topics.map((topic, question) => {
    const answers = entries.filter(
      (entry) => entry.role === 'participant' && entry.question_key === `q${question + 1}`,
    );
    const verbatim = answers.map((entry) => entry.content).join(' ');
    return {
      node_id: `n_q${question + 1}`,
      question_key: `q${question + 1}`,
      question_text: `Tell me about the ${topic}.`,
      node_type: 'question',
      required: false,
      answered: answers.length > 0,
      answer: {
        summary: verbatim.slice(0, 120),
        verbatim,
        transcript_entry_ids: answers.map((entry) => entry.id),
      },
      follow_ups_asked: 0,
      probing_complete: true,
    };
  });
  return {
    runId,
    interviewType: 'research',
    blueprint,
    transcript: {
      run_id: runId,
      entries,
      word_count: entries.reduce((sum, entry) => sum + wordCount(entry.content), 0),
      duration_s: Math.round(offset / 1000),
      language: 'en',
      corrections: [],
    },
    responses: {
      run_id: runId,
      items,
      path_taken: Object.keys(nodes),
      completion_rate: 1,
      required_unanswered: [],
      drop_off_node_id: null,
    },
    audio: null,
    sessionStatus: 'completed',
  };
}

async function timed(input: AnalysisInput): Promise<number> {
  const started = performance.now();
  await analyzeRun(input, { provider: 'local' });
  return performance.now() - started;
}

async function main(argv: readonly string[]): Promise<void> {
  const runsIndex = argv.indexOf('--runs');
  const runs = runsIndex === -1 ? 10 : Math.max(1, Number(argv[runsIndex + 1]));
  const input = syntheticInterview();
  const coldMs = await timed(input);
  const warm: number[] = [];
  for (let run = 0; run < runs; run += 1) warm.push(await timed(input));
  warm.sort((a, b) => a - b);
  const report = {
    interview: {
      duration_s: input.transcript.duration_s,
      entries: input.transcript.entries.length,
      words: input.transcript.word_count,
    },
    cold_ms: Math.round(coldMs),
    warm_median_ms: Math.round(warm[Math.floor((warm.length - 1) / 2)]!),
    warm_max_ms: Math.round(warm.at(-1)!),
    runs,
  };
  if (argv.includes('--json')) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(
    `local analyzer, synthetic ${Math.round(report.interview.duration_s / 60)}-minute interview ` +
      `(${report.interview.entries} entries, ${report.interview.words} words): ` +
      `${report.warm_median_ms} ms median over ${runs} warm runs (max ${report.warm_max_ms} ms); ` +
      `first run ${report.cold_ms} ms including the wink-nlp model load`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
