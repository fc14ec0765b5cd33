/**
 * How well an analyzer reads the demo interviews, measured against what each plan says it holds
 * (`expected.sentimentByQuestion`, `expected.themes`, `expected.pii`):
 * - per-question sentiment: share of answered questions whose label is the planned one;
 * - overall sentiment: share of interviews whose overall label is the one a reader would give the
 *   planned answers (see `expectedOverall`);
 * - theme recall: share of the planned themes the participant actually raised (in two sentences
 *   or more) that one of the top five themes names, by word stem;
 * - forbidden themes: labels with a filler, a pronoun or contraction, a stop word, or any part of
 *   the participant's name, email or phone number.
 */
import type { AnalysisInput, AnalysisResults, SentimentLabel } from '../../lib/analysis';
import { english } from '../../lib/analysis/english';
import type { DemoInterviewPlan } from '../../lib/demo/demo-interview';
import type { Sentiment } from '../../lib/demo/interview-template';

export const TOP_THEMES = 5;
/** A planned theme the participant raised in fewer sentences cannot be a theme of the interview. */
const MIN_SENTENCES_TO_DISCOVER = 2;

const { nlp, its } = english();

const fillers = new Set(['um', 'uh', 'umm', 'uhh', 'hmm', 'hm', 'er', 'erm', 'ah', 'mm', 'mhm']);
const pronouns = new Set(
  `i me my mine myself you your yours we us our ours he him his she her hers it its they them
   their theirs this that these those who whom someone somebody something anyone anybody
   anything everyone everybody everything nobody nothing`.split(/\s+/),
);
const minorWords = new Set(['and', 'or', 'of', 'the', 'a', 'an', 'to', 'for', 'in', 'on']);
/**
 * Abstract heads of the planned themes that say what kind of theme it is, not what it is about
 * ("on-call load", "code review culture", "onboarding friction"): alone they name nothing.
 */
const abstractHeads = new Set(['load', 'culture', 'friction']);

const wordStems = new Map<string, string>();
/** The Porter stem of a word, as wink gives it; a hyphenated word stays one ("on-call"). */
function stemOf(word: string): string {
  let stem = wordStems.get(word);
  if (stem === undefined) {
    stem = nlp.readDoc(word).tokens().out(its.stem).join('');
    wordStems.set(word, stem);
  }
  return stem;
}

/** The stems of a phrase's words, minor words left out. */
const stemsOf = (phrase: string): string[] =>
  phrase
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '' && !minorWords.has(word))
    .map(stemOf);

const topicStems = (planned: string) => stemsOf(planned).filter((stem) => !abstractHeads.has(stem));

/**
 * A theme label names a planned theme when they share the stem of a topic word: "integrations"
 * names "integrations", "price" names "pricing", "code review" names "code review culture".
 */
export const namesTheme = (label: string, planned: string): boolean => {
  const plannedStems = new Set(topicStems(planned));
  return stemsOf(label).some((stem) => plannedStems.has(stem));
};

/** What a reader concludes from the planned answers: mixed when the fewer polar side is a third. */
export function expectedOverall(byQuestion: Record<string, Sentiment>): SentimentLabel {
  const labels = Object.values(byQuestion);
  const positive = labels.filter((label) => label === 'positive').length;
  const negative = labels.filter((label) => label === 'negative').length;
  if (positive > 0 && negative > 0 && Math.min(positive, negative) / (positive + negative) >= 1 / 3)
    return 'mixed';
  return positive > negative ? 'positive' : negative > positive ? 'negative' : 'neutral';
}

/** Words no theme may contain: the participant's personal data, written and as spoken. */
function personalWords(plan: DemoInterviewPlan): Set<string> {
  const { pii } = plan.expected;
  return new Set(
    [pii.name, pii.email, pii.phone, pii.spokenName, pii.spokenEmail, pii.spokenPhone]
      .flatMap((value) => value.toLowerCase().split(/[^\p{L}\p{N}]+/u))
      .filter((word) => word !== ''),
  );
}

export function forbiddenReason(label: string, personal: ReadonlySet<string>): string | null {
  for (const word of label.toLowerCase().split(/\s+/)) {
    if (fillers.has(word)) return `filler "${word}"`;
    if (pronouns.has(word) || /['’]/.test(word)) return `pronoun or contraction "${word}"`;
    if (personal.has(word)) return `personal data "${word}"`;
    const tokens = nlp.readDoc(word).tokens();
    if (tokens.length() === 1 && tokens.out(its.stopWordFlag)[0]) return `stop word "${word}"`;
  }
  return null;
}

/** The planned themes the participant raised in at least two sentences of their answers. */
function discoverableThemes(input: AnalysisInput, planned: readonly string[]): string[] {
  const sentences = input.transcript.entries
    .filter((entry) => entry.role === 'participant' && entry.question_key !== null)
    .flatMap((entry) => nlp.readDoc(entry.content).sentences().out())
    .map((sentence) => new Set(stemsOf(sentence.replace(/[^\p{L}\p{N}\s-]/gu, ' '))));
  return planned.filter((theme) => {
    const stems = topicStems(theme);
    const mentioning = sentences.filter((words) => stems.some((stem) => words.has(stem)));
    return mentioning.length >= MIN_SENTENCES_TO_DISCOVER;
  });
}

export interface InterviewQuality {
  runId: string;
  template: string;
  questions: number;
  questionsRight: number;
  wrongQuestions: string[];
  overall: { expected: SentimentLabel; actual: SentimentLabel };
  themes: string[];
  planned: string[];
  discoverable: string[];
  found: string[];
  forbidden: string[];
}

export function measureInterview(
  plan: DemoInterviewPlan,
  input: AnalysisInput,
  results: AnalysisResults,
): InterviewQuality {
  const byQuestion = new Map(
    results.sentiment.by_question.map((item) => [item.question_key, item.sentiment]),
  );
  const planned = Object.entries(plan.expected.sentimentByQuestion);
  const wrong = planned.filter(([key, label]) => byQuestion.get(key) !== label);
  const labels = results.themes.items.map((theme) => theme.label);
  const top = labels.slice(0, TOP_THEMES);
  const discoverable = discoverableThemes(input, plan.expected.themes);
  const personal = personalWords(plan);
  return {
    runId: plan.runId,
    template: plan.templateId,
    questions: planned.length,
    questionsRight: planned.length - wrong.length,
    wrongQuestions: wrong.map(
      ([key, label]) => `${key}: ${label} read as ${byQuestion.get(key) ?? 'nothing'}`,
    ),
    overall: {
      expected: expectedOverall(plan.expected.sentimentByQuestion),
      actual: results.sentiment.overall,
    },
    themes: labels,
    planned: plan.expected.themes,
    discoverable,
    found: discoverable.filter((theme) => top.some((label) => namesTheme(label, theme))),
    forbidden: labels.flatMap((label) => {
      const reason = forbiddenReason(label, personal);
      return reason ? [`"${label}": ${reason}`] : [];
    }),
  };
}

export interface QualityFigures {
  interviews: number;
  questionAccuracy: number;
  overallAgreement: number;
  themeRecall: number;
  /** Share of the top themes that name a planned theme. */
  themePrecision: number;
  forbiddenThemes: number;
}

const ratio = (part: number, whole: number) =>
  whole === 0 ? 1 : Math.round((part / whole) * 1000) / 1000;

export function summarizeQuality(interviews: readonly InterviewQuality[]): QualityFigures {
  const sum = (pick: (item: InterviewQuality) => number) =>
    interviews.reduce((total, item) => total + pick(item), 0);
  const top = interviews.flatMap((item) =>
    item.themes.slice(0, TOP_THEMES).map((label) => ({ label, item })),
  );
  return {
    interviews: interviews.length,
    questionAccuracy: ratio(
      sum((item) => item.questionsRight),
      sum((item) => item.questions),
    ),
    overallAgreement: ratio(
      interviews.filter((item) => item.overall.expected === item.overall.actual).length,
      interviews.length,
    ),
    themeRecall: ratio(
      sum((item) => item.found.length),
      sum((item) => item.discoverable.length),
    ),
    themePrecision: ratio(
      top.filter(({ label, item }) => item.planned.some((theme) => namesTheme(label, theme)))
        .length,
      top.length,
    ),
    forbiddenThemes: sum((item) => item.forbidden.length),
  };
}
