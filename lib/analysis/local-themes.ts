/**
 * Themes of the local analyzer: the nouns and noun compounds the participant kept coming back to.
 * Candidates are wink-nlp nouns (and gerunds used as nouns: "the onboarding was slow") by lemma,
 * plus compounds of two or three of them ("pricing page"). A candidate's score is how often it
 * was said (distinct sentences) times how widely (share of answers mentioning it); salience is
 * the score over the top theme's. Every theme cites the sentences it came from.
 */
import type { ParsedAnswer, SentenceRef } from './parsed-answers';
import type { Token } from './parse-text';
import type { Theme } from './schema';

const MAX_THEMES = 8;
const MAX_EVIDENCE = 5;
const MIN_MENTIONS = 2;
const MAX_COMPOUND = 3;

/**
 * Nouns that carry no topic in an interview answer. wink's stop words cover function words only;
 * these are the vague nouns of speech ("a lot of things, most of the time").
 */
const vagueNouns = new Set([
  'thing',
  'stuff',
  'lot',
  'way',
  'bit',
  'kind',
  'sort',
  'time',
  'day',
  'week',
  'month',
  'year',
  'people',
  'guy',
  'question',
  'answer',
  'example',
  'yeah',
]);

/** Words before a gerund that make it a noun ("the onboarding", "our onboarding", "and onboarding"). */
const nounMarkers = new Set(['DET', 'ADJ', 'ADP', 'PRON', 'CCONJ', 'PUNCT']);

function termOf(tokens: readonly Token[], index: number): string | null {
  const token = tokens[index]!;
  if (token.stopWord || token.value.length < 3 || !/^\p{L}[\p{L}'-]*$/u.test(token.value)) {
    return null;
  }
  const previous = tokens[index - 1];
  const nominal =
    token.pos === 'NOUN' ||
    token.pos === 'PROPN' ||
    (token.pos === 'VERB' &&
      /ing$/i.test(token.value) &&
      (previous === undefined || nounMarkers.has(previous.pos)));
  if (!nominal) return null;
  const term = (token.pos === 'NOUN' ? token.lemma : token.value).toLowerCase();
  return vagueNouns.has(term) ? null : term;
}

/** Unigram terms and the compounds they form in one sentence, each once. */
function termsOf(tokens: readonly Token[]): Set<string> {
  const terms = new Set<string>();
  let run: string[] = [];
  const closeRun = () => {
    for (let length = 2; length <= Math.min(MAX_COMPOUND, run.length); length += 1) {
      for (let start = 0; start + length <= run.length; start += 1) {
        terms.add(run.slice(start, start + length).join(' '));
      }
    }
    run = [];
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const term = termOf(tokens, index);
    if (term === null) {
      closeRun();
    } else {
      terms.add(term);
      run.push(term);
    }
  }
  closeRun();
  return terms;
}

interface Candidate {
  label: string;
  mentions: SentenceRef[];
  score: number;
}

function overlaps(candidate: Candidate, chosen: Candidate): boolean {
  const words = new Set(chosen.label.split(' '));
  if (!candidate.label.split(' ').some((word) => words.has(word))) return false;
  const chosenSentences = new Set(chosen.mentions);
  const shared = candidate.mentions.filter((ref) => chosenSentences.has(ref)).length;
  return shared * 2 >= candidate.mentions.length;
}

/** One sentence per entry first, so that the evidence shows the spread of the theme. */
function evidenceOf(mentions: readonly SentenceRef[]): Theme['evidence'] {
  const firstPerEntry = new Set<string>();
  const spread: SentenceRef[] = [];
  const rest: SentenceRef[] = [];
  for (const ref of mentions) {
    (firstPerEntry.has(ref.entryId) ? rest : spread).push(ref);
    firstPerEntry.add(ref.entryId);
  }
  return [...spread, ...rest]
    .slice(0, MAX_EVIDENCE)
    .sort((a, b) => a.position - b.position)
    .map((ref) => ({ entry_id: ref.entryId, quote: ref.sentence.text }));
}

export function localThemes(answers: readonly ParsedAnswer[]): Theme[] {
  const mentions = new Map<string, SentenceRef[]>();
  for (const answer of answers) {
    for (const ref of answer.sentences) {
      for (const term of termsOf(ref.sentence.tokens)) {
        const refs = mentions.get(term);
        if (refs) refs.push(ref);
        else mentions.set(term, [ref]);
      }
    }
  }
  const answerCount = Math.max(1, answers.length);
  const candidates: Candidate[] = [...mentions]
    .filter(([, refs]) => refs.length >= MIN_MENTIONS)
    .map(([label, refs]) => {
      const answersMentioning = new Set(refs.map((ref) => ref.questionKey)).size;
      return {
        label,
        mentions: refs,
        score: refs.length * (0.5 + (0.5 * answersMentioning) / answerCount),
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.label.split(' ').length - a.label.split(' ').length ||
        a.label.localeCompare(b.label),
    );

  const chosen: Candidate[] = [];
  for (const candidate of candidates) {
    if (chosen.length === MAX_THEMES) break;
    if (chosen.some((theme) => overlaps(candidate, theme))) continue;
    chosen.push(candidate);
  }
  const top = chosen[0]?.score ?? 1;
  return chosen.map((theme) => ({
    label: theme.label,
    salience: Math.round((theme.score / top) * 1000) / 1000,
    evidence_count: theme.mentions.length,
    evidence: evidenceOf(theme.mentions),
  }));
}
