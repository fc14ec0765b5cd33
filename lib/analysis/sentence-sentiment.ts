/**
 * The sentiment of a participant sentence, -1..1. Every word takes its valence from the feedback
 * lexicon (see feedback-lexicon) or else from wink-nlp's lexicon, then context adjusts it:
 * - negation (wink's negation scope, and "without …") reverses and weakens it ("not easy");
 * - a verb negated after "do" or "can" that fails to happen is a complaint ("it doesn't load",
 *   "I couldn't find it"), unless it is a hedge ("I don't know");
 * - "too" makes any quality a complaint ("too many", "too rigid");
 * - boosters strengthen ("really slow"), downtoners soften ("a bit buried", "mostly fine",
 *   "good enough");
 * - a problem that a verb resolves is none ("solved the problem");
 * - after "but" counts one and a half times, before it half ("it worked, but it took ages");
 * - interjections, courtesy and "like" as a preposition carry none ("okay", "thanks");
 * - "Yes", "No" and "Not really" opening an answer take their sense from the question: yes to
 *   "Would you recommend it?" is praise, no to "Is anything hard to use?" too;
 * - in an answer to what the participant would change or wish for, a good quality said of a
 *   thing ("a reliable integration", "better reporting") is what they miss, not praise.
 * The sum is squashed into -1..1 as VADER does (x / √(x² + α)), so that every further opinion in
 * a sentence adds less.
 */
import {
  boosters,
  downtoners,
  feedbackPhrases,
  feedbackWords,
  hedgeVerbs,
  resolvingVerbs,
  topicNouns,
} from './feedback-lexicon';
import type { Sentence, Token } from './parse-text';
import { wordValences } from './word-valence';

/** VADER's normalization constant (15 on its -4..4 scale), on wink's -1..1 scale. */
const ALPHA = 0.6;
const NEGATED = -0.75;
const BOOSTED = 1.3;
const SOFTENED = 0.5;
const EXCESS = -0.4;
const FAILED = -0.3;
const BEFORE_BUT = 0.5;
const AFTER_BUT = 1.5;

const negators = new Set(['not', "n't", 'never', 'no']);
const yesWords = new Set(['yes', 'yeah', 'yep', 'definitely', 'absolutely']);
const noWords = new Set(['no', 'nope']);
/** A bare "yes" or "no" to an opinionated question is a plain opinion. */
const REPLY = 0.4;
/** Parts of speech that can hold an opinion; names, numbers and function words hold none. */
const opinionParts = new Set(['ADJ', 'ADV', 'VERB', 'NOUN']);
/**
 * wink's weakest entries (AFINN ±1: "big", "share", "want", "cut", "pay") are more often plain
 * description than opinion in an interview.
 */
const WEAKEST = 0.25;
const failingAuxiliaries = new Set([
  'do',
  'does',
  'did',
  'can',
  'ca',
  'could',
  'will',
  'wo',
  'would',
]);

const lower = (token: Token) => token.value.toLowerCase();

function lexiconValence(
  tokens: readonly Token[],
  index: number,
  general: ReadonlyMap<string, number>,
  opensSentence: boolean,
): number {
  const token = tokens[index]!;
  const word = lower(token);
  if (token.pos === 'INTJ' || token.pos === 'PUNCT') return 0;
  if (
    word === 'like' &&
    (token.pos !== 'VERB' || /^(would|'d)$/.test(lower(tokens[index - 1] ?? token)))
  )
    return 0;
  // "Good question." is a formula, not an opinion.
  if (tokens[index + 1]?.lemma === 'question') return 0;
  const lemma = token.lemma.toLowerCase();
  const own = feedbackWords[word] ?? feedbackWords[lemma];
  if (own !== undefined) return own;
  // wink tags a capitalized word opening a sentence as a proper noun: "Better reporting."
  if (!opinionParts.has(token.pos) && !(token.pos === 'PROPN' && opensSentence)) return 0;
  const valence = general.get(word) || general.get(lemma) || 0;
  if (Math.abs(valence) < WEAKEST) return 0;
  // A noun is a problem ("error", "annoyance") or a topic ("support", "growth", "approval"):
  // only the first kind is an opinion.
  if (token.pos === 'NOUN' && (valence > 0 || topicNouns.has(lemma) || resolved(tokens, index)))
    return 0;
  return valence;
}

/** A problem noun that a verb just before ends: "solved the problem", "fix the bugs". */
function resolved(tokens: readonly Token[], index: number): boolean {
  for (let cursor = index - 1; cursor >= Math.max(0, index - 3); cursor -= 1) {
    const token = tokens[cursor]!;
    if (token.pos === 'PUNCT') return false;
    if (token.pos === 'VERB' && resolvingVerbs.has(token.lemma.toLowerCase())) return true;
  }
  return false;
}

/** "It doesn't load", "I can't find it": the verb after a negated "do" or "can". */
function failsToHappen(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]!;
  if (token.pos !== 'VERB' || hedgeVerbs.has(token.lemma.toLowerCase())) return false;
  let cursor = index - 1;
  while (cursor >= 0 && tokens[cursor]!.pos === 'ADV' && !negators.has(lower(tokens[cursor]!)))
    cursor -= 1;
  if (cursor < 1 || !negators.has(lower(tokens[cursor]!))) return false;
  return failingAuxiliaries.has(lower(tokens[cursor - 1]!));
}

/** Within three words after "without", with no punctuation between. */
function afterWithout(tokens: readonly Token[], index: number): boolean {
  for (let cursor = index - 1; cursor >= Math.max(0, index - 3); cursor -= 1) {
    const token = tokens[cursor]!;
    if (token.pos === 'PUNCT') return false;
    if (lower(token) === 'without') return true;
  }
  return false;
}

/** The phrases by their first word, so that a word that starts none costs one lookup. */
const phrasesByFirstWord = new Map<string, [string[], number][]>();
for (const phrase of feedbackPhrases) {
  const first = phrase[0][0]!;
  phrasesByFirstWord.set(first, [...(phrasesByFirstWord.get(first) ?? []), phrase]);
}

function phraseAt(words: readonly string[], index: number): [string[], number] | undefined {
  return phrasesByFirstWord
    .get(words[index]!)
    ?.find(([phrase]) => phrase.every((word, offset) => words[index + offset] === word));
}

/** "A reliable integration", "better reporting": a quality said of the noun that follows. */
function attributive(tokens: readonly Token[], index: number): boolean {
  for (let cursor = index + 1; cursor < Math.min(tokens.length, index + 5); cursor += 1) {
    const token = tokens[cursor]!;
    // wink tags a gerund after an adjective as a verb: "better reporting".
    if (token.pos === 'NOUN' || (token.pos === 'VERB' && /ing$/i.test(token.value))) return true;
    if (
      token.pos === 'VERB' ||
      token.pos === 'AUX' ||
      (token.pos === 'PUNCT' && token.value !== '-')
    )
      return false;
  }
  return false;
}

export interface SentenceToScore {
  sentence: Sentence;
  /** Answers a question about what the participant would change or wish for. */
  wish?: boolean;
  /**
   * Opens an answer to a question that leans positive (1) or negative (-1): a reply particle
   * ("Yes", "No", "Not really") then takes its sense from the question.
   */
  replyTo?: -1 | 0 | 1;
}

function scoreTokens(
  tokens: readonly Token[],
  general: ReadonlyMap<string, number>,
  { wish = false, replyTo = 0 }: Omit<SentenceToScore, 'sentence'>,
): number {
  const words = tokens.map(lower);
  const valences = tokens.map(() => 0);
  const fixed = tokens.map(() => false);
  const firstWord = tokens.findIndex((token) => token.pos !== 'PUNCT');
  for (let index = 0; index < tokens.length; index += 1) {
    const phrase = phraseAt(words, index);
    if (!phrase) continue;
    // "Not really." declines: to "Is anything hard to use?" that is good news.
    const reply = index === firstWord && phrase[0][0] === 'not' && replyTo !== 0;
    valences[index] = reply ? -Math.abs(phrase[1]) * replyTo : phrase[1];
    phrase[0].forEach((_, offset) => (fixed[index + offset] = true));
    index += phrase[0].length - 1;
  }
  if (firstWord >= 0 && replyTo !== 0 && !fixed[firstWord]) {
    const particle = words[firstWord]!;
    const sense = yesWords.has(particle) ? 1 : noWords.has(particle) ? -1 : 0;
    if (sense !== 0) {
      valences[firstWord] = REPLY * sense * replyTo;
      fixed[firstWord] = true;
    }
  }

  for (let index = 0; index < tokens.length; index += 1) {
    if (fixed[index]) continue;
    const token = tokens[index]!;
    let valence = lexiconValence(tokens, index, general, index === firstWord);
    // Asked what they would change or wish for, people name the qualities they miss.
    if (wish && valence > 0 && attributive(tokens, index)) valence = 0;
    const previous = words[index - 1];
    if (previous === 'too' && opinionParts.has(token.pos)) {
      valence = valence < 0 ? valence * BOOSTED : EXCESS;
    } else if (valence === 0 && token.negated && failsToHappen(tokens, index)) {
      valence = FAILED;
    } else if (valence !== 0) {
      if (previous !== undefined && boosters.has(previous)) valence *= BOOSTED;
      // "a bit buried", "kind of slow"; and "well enough", "good enough".
      if (
        [previous, words[index - 2]].some((word) => word !== undefined && downtoners.has(word)) ||
        words[index + 1] === 'enough'
      )
        valence *= SOFTENED;
      if (token.negated || afterWithout(tokens, index)) valence *= NEGATED;
    }
    valences[index] = valence;
  }

  const but = words.lastIndexOf('but');
  const sum = valences.reduce(
    (total, valence, index) =>
      total + valence * (but < 0 ? 1 : index < but ? BEFORE_BUT : index > but ? AFTER_BUT : 1),
    0,
  );
  return sum / Math.sqrt(sum * sum + ALPHA);
}

/** Scores of the sentences, in order; all words are looked up in one batch. */
export function scoreSentences(sentences: readonly SentenceToScore[]): number[] {
  const general = wordValences(
    sentences.flatMap(({ sentence }) =>
      sentence.tokens.flatMap((token) => [lower(token), token.lemma.toLowerCase()]),
    ),
  );
  return sentences.map(({ sentence, ...context }) => {
    const score = scoreTokens(sentence.tokens, general, context);
    return Math.round(score * 1000) / 1000;
  });
}
