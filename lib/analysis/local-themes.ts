/**
 * Themes of the local analyzer: the things the participant kept talking about in their answers.
 * Candidates are the nouns of the participant's sentences (wink-nlp part-of-speech tags; a gerund
 * after a determiner, adjective, preposition or conjunction counts: "the onboarding was slow";
 * hyphenated words stay whole: "on-call") by lemma, and compounds of two or three of them
 * ("code review", "accounting integration"). Variants merge by stem ("report", "reporting").
 * Left out: function words, fillers, pronouns and contractions, vague nouns of speech ("thing",
 * "lot") and, alone, general ones ("team", "app"), proper nouns (names of people, companies and
 * places), the participant's name, people compromise recognizes, and sentences that give personal
 * data. A candidate's score is how often it was said (distinct sentences, each counting more for
 * the opinion it holds) times how widely (share of answers mentioning it); salience is the score
 * over the top theme's. Every theme cites the sentences it came from.
 */
import { stemOf } from './english';
import { isNameLike, peopleIn, type PersonalData } from './personal-data';
import type { ParsedAnswer, SentenceRef } from './parsed-answers';
import type { Token } from './parse-text';
import type { Theme } from './schema';

const MAX_THEMES = 8;
const MAX_EVIDENCE = 5;
const MIN_MENTIONS = 2;
const MAX_COMPOUND = 3;
/**
 * A mention counts this much, plus the strength of the opinion in its sentence (0..1): people
 * have opinions about their themes ("the navigation is a maze"), not about the background ("a
 * company of eighty people").
 */
const OPINION_BASE = 1000000;
/** Candidates checked for names: a few more than can become themes. */
const NAME_CHECKED = MAX_THEMES * 3;

const words = (list: string) => new Set(list.trim().split(/\s+/));

/** Sounds and discourse markers that wink may tag as nouns ("Hmm" opening a sentence). */
const fillers = words('um uh umm uhh hmm hm er erm ah mm mhm uh-huh yeah yep yes okay ok');

/** Pronouns, including those wink's stop words miss when they open a sentence. */
const pronouns = words(`i me my mine myself you your yours we us our ours he him his she her
  hers it its they them their theirs someone somebody something anyone anybody anything everyone
  everybody everything nobody nothing`);

/**
 * Nouns that carry no topic in an interview answer. wink's stop words cover function words only;
 * these are the vague nouns of speech ("a lot of things, most of the time, by the end").
 */
const vagueNouns = words(`thing stuff lot way bit kind sort time day week month year hour minute
  second moment today yesterday tomorrow morning evening night weekend people guy question
  answer example part hand end number point case fact idea place couple half start beginning
  rest reason problem issue`);

/**
 * Nouns too general to be a theme alone in a product or workplace interview, though they head
 * good compounds: "design work", "sales team", "checkout service", "accounting system".
 */
const generalNouns = words('work team company product system tool app service job');

/** Words before a gerund that make it a noun: "the onboarding", "our onboarding", "and onboarding". */
const nounMarkers = new Set(['DET', 'ADJ', 'ADP', 'PRON', 'CCONJ', 'PUNCT']);

interface Word {
  /** The lemma, in lower case: the form a label uses. */
  form: string;
  stem: string;
}

/** Tokens with hyphenated words joined back: "on", "-", "call" → "on-call". */
function joinHyphens(tokens: readonly Token[]): Token[] {
  const joined: Token[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const hyphen = tokens[index + 1];
    const next = tokens[index + 2];
    const token = tokens[index]!;
    if (
      hyphen?.value === '-' &&
      next !== undefined &&
      !hyphen.spaced &&
      !next.spaced &&
      /\p{L}$/u.test(token.value) &&
      /^\p{L}/u.test(next.value)
    ) {
      const value = `${token.value}-${next.value}`;
      joined.push({
        ...next,
        value,
        lemma: `${token.value}-${next.pos === 'NOUN' ? next.lemma : next.value}`,
        pos: next.pos === 'PROPN' ? 'NOUN' : next.pos,
        stopWord: false,
        spaced: token.spaced,
      });
      index += 2;
    } else {
      joined.push(token);
    }
  }
  return joined;
}

interface Vocabulary {
  /** Words the participant used as common nouns somewhere, in lower case. */
  nouns: ReadonlySet<string>;
  excluded: ReadonlySet<string>;
}

/** The noun a token stands for, or null. */
function wordOf(
  tokens: readonly Token[],
  index: number,
  vocabulary: Vocabulary,
  firstWord: number,
): Word | null {
  const token = tokens[index]!;
  if (token.stopWord || token.value.length < 3 || !/^\p{L}[\p{L}-]*$/u.test(token.value)) {
    return null;
  }
  const lowered = token.value.toLowerCase();
  const previous = tokens[index - 1];
  // wink tags a capitalized word as a proper noun; opening a sentence, a capital says nothing,
  // so such a word counts when the participant used it as a common noun elsewhere.
  const properNoun = token.pos === 'PROPN' && /^\p{Lu}/u.test(token.value);
  const nominal =
    token.pos === 'NOUN' ||
    (token.pos === 'PROPN' && !properNoun) ||
    (properNoun && index === firstWord && vocabulary.nouns.has(lowered)) ||
    (token.pos === 'VERB' &&
      /ing$/i.test(token.value) &&
      (previous === undefined || nounMarkers.has(previous.pos)));
  if (!nominal) return null;
  const lemma = token.lemma.toLowerCase();
  // wink's lemmas sometimes expand ("app" → "application", "data" → "datum"); keep the word then.
  const form = token.pos === 'NOUN' && lemma.length <= lowered.length ? lemma : lowered;
  if (
    fillers.has(form) ||
    pronouns.has(form) ||
    vagueNouns.has(form) ||
    vocabulary.excluded.has(lowered) ||
    vocabulary.excluded.has(form)
  ) {
    return null;
  }
  return { form, stem: lowered.includes('-') ? lowered : stemOf(lowered) };
}

interface Term {
  key: string;
  label: string;
}

/** Unigram terms and the compounds they form in one sentence, each once. */
function termsOf(tokens: readonly Token[], vocabulary: Vocabulary): Term[] {
  const terms = new Map<string, string>();
  const joined = joinHyphens(tokens);
  const firstWord = joined.findIndex((token) => /\p{L}/u.test(token.value));
  let run: Word[] = [];
  const closeRun = () => {
    for (let length = 2; length <= Math.min(MAX_COMPOUND, run.length); length += 1) {
      for (let start = 0; start + length <= run.length; start += 1) {
        const part = run.slice(start, start + length);
        terms.set(part.map((word) => word.stem).join(' '), part.map((word) => word.form).join(' '));
      }
    }
    run = [];
  };
  for (let index = 0; index < joined.length; index += 1) {
    const word = wordOf(joined, index, vocabulary, firstWord);
    if (word === null) {
      closeRun();
    } else {
      if (!generalNouns.has(word.form)) terms.set(word.stem, word.form);
      run.push(word);
    }
  }
  closeRun();
  return [...terms].map(([key, label]) => ({ key, label }));
}

interface Candidate {
  label: string;
  mentions: SentenceRef[];
  score: number;
}

function overlaps(candidate: Candidate, chosen: Candidate): boolean {
  const chosenWords = new Set(chosen.label.split(' '));
  if (!candidate.label.split(' ').some((word) => chosenWords.has(word))) return false;
  const chosenSentences = new Set(chosen.mentions);
  const shared = candidate.mentions.filter((ref) => chosenSentences.has(ref)).length;
  return shared * 2 >= candidate.mentions.length;
}

/**
 * The compound that most mentions of a word come in, when there is one: "code review" rather than
 * "review" when the participant mostly said "code review".
 */
function specific(candidate: Candidate, candidates: readonly Candidate[]): Candidate {
  const words = candidate.label.split(' ');
  const longer = candidates.filter((other) => {
    const otherWords = other.label.split(' ');
    return (
      otherWords.length > words.length &&
      words.every((word) => otherWords.includes(word)) &&
      other.mentions.length * 2 > candidate.mentions.length
    );
  });
  return longer.sort((a, b) => b.mentions.length - a.mentions.length)[0] ?? candidate;
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

/** The most used form of a merged term ("integration" over "integrations"), then the shortest. */
function bestLabel(forms: ReadonlyMap<string, number>): string {
  return [...forms].sort(
    ([a, countA], [b, countB]) => countB - countA || a.length - b.length || a.localeCompare(b),
  )[0]![0];
}

/** Candidates whose words compromise reads as people's names in what was said. */
function namedPeople(candidates: readonly Candidate[]): Set<Candidate> {
  const suspects = candidates
    .slice(0, NAME_CHECKED)
    .filter((candidate) => candidate.label.split(' ').some(isNameLike));
  const people = peopleIn([
    ...new Set(suspects.flatMap((candidate) => candidate.mentions.map((ref) => ref.sentence.text))),
  ]);
  return new Set(
    suspects.filter((candidate) => candidate.label.split(' ').some((word) => people.has(word))),
  );
}

export function localThemes(answers: readonly ParsedAnswer[], personal: PersonalData): Theme[] {
  // What was said to the questions; greetings and goodbyes have no topic.
  const toQuestions = answers.filter((answer) => answer.questionKey !== null);
  const considered = toQuestions.length > 0 ? toQuestions : answers;
  const sentences = considered.flatMap((answer) => answer.sentences.filter((ref) => !ref.personal));
  const vocabulary: Vocabulary = {
    nouns: new Set(
      sentences.flatMap((ref) =>
        ref.sentence.tokens
          .filter((token) => token.pos === 'NOUN')
          .map((token) => token.value.toLowerCase()),
      ),
    ),
    excluded: personal.nameWords,
  };

  const mentions = new Map<string, { refs: SentenceRef[]; forms: Map<string, number> }>();
  for (const ref of sentences) {
    for (const term of termsOf(ref.sentence.tokens, vocabulary)) {
      let found = mentions.get(term.key);
      if (!found) {
        found = { refs: [], forms: new Map() };
        mentions.set(term.key, found);
      }
      found.refs.push(ref);
      found.forms.set(term.label, (found.forms.get(term.label) ?? 0) + 1);
    }
  }
  const answerCount = Math.max(1, considered.length);
  const candidates: Candidate[] = [...mentions.values()]
    .filter(({ refs }) => refs.length >= MIN_MENTIONS)
    .map(({ refs, forms }) => {
      const answersMentioning = new Set(refs.map((ref) => ref.questionKey)).size;
      return {
        label: bestLabel(forms),
        mentions: refs,
        score:
          refs.reduce((sum, ref) => sum + OPINION_BASE + Math.abs(ref.sentiment), 0) *
          (0.5 + (0.5 * answersMentioning) / answerCount),
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.label.split(' ').length - a.label.split(' ').length ||
        a.label.localeCompare(b.label),
    );

  const people = namedPeople(candidates);
  const chosen: Candidate[] = [];
  for (const found of candidates) {
    if (chosen.length === MAX_THEMES) break;
    const candidate = specific(found, candidates);
    if (people.has(found) || people.has(candidate)) continue;
    if (chosen.some((theme) => overlaps(candidate, theme) || overlaps(found, theme))) continue;
    chosen.push({ ...candidate, score: found.score });
  }
  chosen.sort((a, b) => b.score - a.score);
  const top = chosen[0]?.score ?? 1;
  return chosen.map((theme) => ({
    label: theme.label,
    salience: Math.round((theme.score / top) * 1000) / 1000,
    evidence_count: theme.mentions.length,
    evidence: evidenceOf(theme.mentions),
  }));
}
