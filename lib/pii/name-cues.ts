/**
 * Names that context introduces, which catches the lower-case, unpunctuated names speech
 * recognition writes ("my name is grace hopper"), where capitalization says nothing. A strong cue
 * ("my name is", "this is … speaking") takes the words that follow; a weak cue ("I'm", "call me",
 * "named", "my sister") takes a word only when it reads as a name: compromise knows it as a first
 * or last name, or it is capitalized and compromise does not read it as another part of speech
 * ("I'm Canadian", "I'm happy", "call me back" are not names).
 */
import { usualTags, type CompromiseReading, type ReadTerm } from './compromise-reading';
import type { PiiEntity } from './pii-entity';
import { wordList } from './word-list';

const strongCues = [
  /\bmy\s+(?:full\s+|first\s+|last\s+|middle\s+|given\s+|family\s+)?(?:name|surname)(?:['’]s|\s+is)\s+(?:(?:uh|um|er),?\s+)?/giu,
  /\bname['’]s\s+/giu,
];

/** "this is Daniel Kim speaking": the name sits between the cue and its closing word. */
const introductionPattern =
  /\bthis\s+is\s+((?:\p{L}[\p{L}'’-]*\s+){1,3}?)(?:speaking|calling|here)\b/giu;

/** Who a participant names people by: "my sister Leila", "my manager Tom Becker". */
export const relationships =
  'wife|husband|partner|son|daughter|sister|brother|mother|mom|mum|father|dad|manager|boss|colleague|coworker|co-worker|friend|cofounder|co-founder|accountant|bookkeeper|assistant|landlord|neighbou?r|aunt|uncle|cousin|niece|nephew|grandmother|grandfather|grandma|grandpa|girlfriend|boyfriend|fiancée?';

/** People introduced by their role: "our developer, Kwame Mensah," "the recruiter Aisha Bello". */
const roles =
  'developer|engineer|designer|recruiter|consultant|contractor|agent|advisor|adviser|lawyer|attorney|nurse|therapist|physio|pharmacist|surgeon|coach|teacher|tutor|director|founder|owner|rep|representative|caseworker|supervisor|lead';

const weakCues = [
  /\b(?:i['’]m|i\s+am|named|called)\s+/giu,
  new RegExp(String.raw`\b(?:my|our|the|a|an)\s+(?:${relationships}|${roles}),?\s+`, 'giu'),
];
const callMeCue = /\bcall\s+me\s+/giu;

/** Words that end a name: the sentence goes on. */
const notNameWords = new Set(
  wordList(`
  and but so or i i'm i’m from with the a an is was at in on by for to of just not here there
  calling speaking actually like um uh er also who she he they we you it that this her his my
  our your their does did do has had have said says usually always never really please too again
  back later tomorrow anytime sometime whenever when if after before now today tonight soon
  first once maybe directly crazy sure everyone everybody though then will would can could
  should may might must be been being am are were get got go going
`),
);

/** Parts of speech that a capitalized word after a weak cue must not have to count as a name. */
const notNameTags = wordList(`
  Adjective Demonym Verb Adverb Pronoun Determiner Preposition Conjunction Place Organization
  Value Date QuestionWord Negative
`);

const wordPattern = /^\p{L}[\p{L}'’-]*/u;

const isNameWord = (word: string) => !notNameWords.has(word.toLowerCase());

const isNameTagged = (tags: ReadonlySet<string> | undefined) =>
  tags !== undefined && (tags.has('FirstName') || tags.has('LastName'));

const hasOtherPartOfSpeech = (tags: ReadonlySet<string> | undefined) =>
  notNameTags.some((tag) => tags?.has(tag) ?? false);

/**
 * A word after a weak cue is a name when compromise knows it as one, in this sentence or usually
 * ("bob" reads as a verb in "call me bob"), or when it is capitalized and neither reading makes it
 * another part of speech ("I'm Doing well" is a verb, "I'm Canadian" a demonym).
 */
function readsAsName(
  word: string,
  term: ReadTerm | undefined,
  usual: ReadonlySet<string> | undefined,
): boolean {
  return (
    isNameTagged(term?.tags) ||
    isNameTagged(usual) ||
    (/^\p{Lu}/u.test(word) && !hasOtherPartOfSpeech(term?.tags) && !hasOtherPartOfSpeech(usual))
  );
}

/** The words after a cue, one per call to `accept`, until one is refused or `max` are taken. */
function nameAfter(
  text: string,
  from: number,
  max: number,
  accept: (word: string, index: number, start: number) => boolean,
): PiiEntity | undefined {
  let end = from;
  let cursor = from;
  for (let index = 0; index < max; index += 1) {
    const word = wordPattern.exec(text.slice(cursor, cursor + 60))?.[0];
    if (word === undefined || !isNameWord(word) || !accept(word, index, cursor)) break;
    end = cursor + word.length;
    const gap = /^ +/.exec(text.slice(end, end + 10));
    if (gap === null) break;
    cursor = end + gap[0].length;
  }
  return end === from ? undefined : { type: 'PERSON_NAME', start: from, end };
}

export function detectCuedNames(text: string, reading: CompromiseReading): PiiEntity[] {
  const after = (cue: RegExpMatchArray) => cue.index! + cue[0].length;
  const strong = strongCues.flatMap((cue) =>
    Array.from(text.matchAll(cue)).map((match) => nameAfter(text, after(match), 3, () => true)),
  );
  const introductions = Array.from(text.matchAll(introductionPattern)).map((match) => {
    const start = match.index + match[0].indexOf(match[1]!);
    return nameAfter(text, start, 3, () => true);
  });
  const weakMatches = weakCues.flatMap((cue) => Array.from(text.matchAll(cue)));
  const callMeMatches = Array.from(text.matchAll(callMeCue));
  const candidates = [...weakMatches, ...callMeMatches].map(
    (match) => wordPattern.exec(text.slice(after(match), after(match) + 60))?.[0] ?? '',
  );
  const usual = usualTags(candidates.filter((word) => word !== ''));
  const usually = (word: string) => usual.get(word.toLowerCase());
  const weak = weakMatches.map((match) =>
    nameAfter(text, after(match), 2, (word, index, start) => {
      const term = reading.termAt(start);
      return index === 0
        ? readsAsName(word, term, usually(word))
        : isNameTagged(term?.tags) || /^\p{Lu}/u.test(word);
    }),
  );
  // "call me …" is followed by a name or a time ("back", "tomorrow"); speech writes it in lower case.
  const callMe = callMeMatches.map((match) =>
    nameAfter(text, after(match), 1, (word) => !hasOtherPartOfSpeech(usually(word))),
  );
  return [...strong, ...introductions, ...weak, ...callMe].filter(
    (name): name is PiiEntity => name !== undefined,
  );
}
