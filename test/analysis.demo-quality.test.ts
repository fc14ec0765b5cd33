import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeRun, type AnalysisInput, type AnalysisResults } from '../lib/analysis';
import type { DemoInterviewPlan } from '../lib/demo/demo-interview';
import { planDemoInterviews } from '../lib/demo/plan-demo-interviews';
import { demoAnalysisInput } from './support/analysis-demo';
import {
  measureInterview,
  summarizeQuality,
  TOP_THEMES,
  type InterviewQuality,
  type QualityFigures,
} from './support/analysis-demo-quality';

/** Ten demo plans of nine interviews: every template in every mood, with every special case. */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

interface Analyzed {
  plan: DemoInterviewPlan;
  input: AnalysisInput;
  results: AnalysisResults;
  quality: InterviewQuality;
}

/** The participant's personal data in a text: a word of their name, their email or phone number. */
function personalDataIn(text: string, plan: DemoInterviewPlan): string[] {
  const { pii } = plan.expected;
  const nameWords = new Set(pii.name.toLowerCase().split(/\s+/));
  const lower = text.toLowerCase();
  return [
    ...new Set([
      ...lower.split(/[^\p{L}\p{N}]+/u).filter((word) => nameWords.has(word)),
      ...[pii.email, pii.phone, pii.spokenEmail, pii.spokenPhone].filter((value) =>
        lower.includes(value.toLowerCase()),
      ),
    ]),
  ];
}

describe('the local analyzer on the demo interviews', () => {
  const analyzed: Analyzed[] = [];
  let figures: QualityFigures;

  beforeAll(async () => {
    for (const seed of SEEDS) {
      const plans = planDemoInterviews({
        runs: 9,
        seed,
        organizationId: 'org_q',
        runIdPrefix: 'q',
        startedAt: new Date('2026-11-27T10:00:00Z'),
      });
      for (const plan of plans) {
        const input = demoAnalysisInput(plan);
        const { results } = await analyzeRun(input, { provider: 'local' });
        const quality = measureInterview(plan, input, results);
        analyzed.push({
          plan,
          input,
          results,
          quality: { ...quality, runId: `${seed}/${plan.runId}` },
        });
      }
    }
    figures = summarizeQuality(analyzed.map((item) => item.quality));
    console.log(
      `local analyzer on ${figures.interviews} demo interviews (seeds ${SEEDS.join(', ')}): ` +
        `per-question sentiment ${figures.questionAccuracy}, overall sentiment ` +
        `${figures.overallAgreement}, theme recall ${figures.themeRecall} (top ${TOP_THEMES}; ` +
        `${figures.themePrecision} of them name a planned theme), forbidden themes ` +
        `${figures.forbiddenThemes}`,
    );
  });

  it('reads at least 85% of the answers with the sentiment they were written in', () => {
    expect(
      figures.questionAccuracy,
      analyzed
        .flatMap(({ quality }) =>
          quality.wrongQuestions.map((wrong) => `${quality.runId} ${wrong}`),
        )
        .join('\n'),
    ).toBeGreaterThanOrEqual(0.85);
  });

  it('gives at least 80% of the interviews the overall sentiment a reader would', () => {
    const disagreements = analyzed
      .filter(({ quality }) => quality.overall.expected !== quality.overall.actual)
      .map(
        ({ quality }) =>
          `${quality.runId}: ${quality.overall.expected} read as ${quality.overall.actual}`,
      );
    expect(figures.overallAgreement, disagreements.join('\n')).toBeGreaterThanOrEqual(0.8);
  });

  it('names at least 75% of the planned themes the participant raised among its top five', () => {
    const missed = analyzed
      .filter(({ quality }) => quality.found.length < quality.discoverable.length)
      .map(({ quality }) => {
        const missing = quality.discoverable.filter((theme) => !quality.found.includes(theme));
        return `${quality.runId}: ${missing.join(', ')} not in ${quality.themes.join(', ')}`;
      });
    expect(figures.themeRecall, missed.join('\n')).toBeGreaterThanOrEqual(0.75);
  });

  it('never makes a theme of a filler, a pronoun, a stop word or the participant’s personal data', () => {
    expect(
      analyzed.flatMap(({ quality }) =>
        quality.forbidden.map((reason) => `${quality.runId}: ${reason}`),
      ),
    ).toEqual([]);
  });

  it('keeps the participant’s name and contact details out of the summary, quotes and evidence', () => {
    const leaks = analyzed.flatMap(({ plan, results, quality }) =>
      [
        results.summary.content,
        ...results.quotes.map((quote) => quote.text),
        ...results.themes.items.flatMap((theme) => theme.evidence.map((item) => item.quote)),
      ].flatMap((text) =>
        personalDataIn(text, plan).map((found) => `${quality.runId}: "${found}" in "${text}"`),
      ),
    );
    expect(leaks).toEqual([]);
  });

  it('summarizes every interview with its tone, main themes and the participant’s own sentences', () => {
    for (const { input, results } of analyzed) {
      const { content } = results.summary;
      expect(content).toMatch(
        /^The participant answered \d+ of \d+ questions? in .+; the overall tone was (positive|negative|neutral|mixed)\./,
      );
      const top = results.themes.items[0]?.label;
      if (top !== undefined) expect(content).toContain(`They spoke most about ${top}`);
      const said = input.transcript.entries
        .filter((entry) => entry.role === 'participant')
        .map((entry) => entry.content);
      const points = [...content.matchAll(/“([^”]+)”/g)].map((match) => match[1]!);
      expect(points.length).toBeGreaterThanOrEqual(
        results.sentiment.by_question.length > 2 ? 3 : 0,
      );
      for (const point of points) expect(said.some((text) => text.includes(point))).toBe(true);
    }
  });
});
