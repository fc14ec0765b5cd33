/**
 * Rewrites what speech recognition spells out into the form a person would type, so one set of
 * detectors finds both: runs of number words become digits ("four one five, five five five" →
 * "415555"), "plus" before a number becomes "+", and "dot", "underscore", "dash" between words
 * become the symbol ("grace dot hopper" → "grace.hopper"). "at" stays a word: it is too common to
 * rewrite blindly, and the email detector reads it in place.
 */
import { rewriteText, type RewrittenText, type TextReplacement } from './rewritten-text';
import { numberWordKind, spokenDigits, type NumberWordKind } from './spoken-numbers';

interface Token {
  index: number;
  word: string;
  kind: NumberWordKind | undefined;
  start: number;
  end: number;
}

const symbolWords: Record<string, string> = {
  dot: '.',
  underscore: '_',
  dash: '-',
  hyphen: '-',
};

/**
 * What may separate the parts of one spoken number: spaces, commas and dashes (pauses), but not a
 * line break, which separates transcript entries. Next to typed digits only spaces and dashes, so
 * "in 2019, four one five …" keeps the year apart.
 */
const numberGap = /^[ \t,\-–]+$/;
const digitsGap = /^[ \t\-–]+$/;

function separatesNumberParts(gap: string, previous: Token, token: Token): boolean {
  return previous.kind === 'digits' || token.kind === 'digits'
    ? digitsGap.test(gap)
    : numberGap.test(gap);
}

const wordPattern = /[A-Za-z0-9]+/g;

function tokenize(text: string): Token[] {
  return Array.from(text.matchAll(wordPattern), (match, index) => {
    const word = match[0].toLowerCase();
    const start = match.index;
    return { index, word, kind: numberWordKind(word), start, end: start + word.length };
  });
}

const countsAsNumber = (kind: NumberWordKind | undefined) =>
  kind === 'digits' || kind === 'unit' || kind === 'teen' || kind === 'tens' || kind === 'ordinal';

/** Whether `token` continues the run that ends with `previous`, given the token after it. */
function continuesRun(previous: Token, token: Token, next: Token | undefined): boolean {
  switch (token.kind) {
    case 'digits':
    case 'unit':
    case 'zero-letter':
    case 'teen':
    case 'tens':
      return true;
    case 'scale':
      return previous.kind === 'unit' || previous.kind === 'teen' || previous.kind === 'tens';
    case 'and':
      return previous.kind === 'scale' && countsAsNumber(next?.kind) && next?.kind !== 'digits';
    case 'repeat':
      return startsRepeat(token, next);
    case 'ordinal':
      return previous.kind === 'tens';
    default:
      return false;
  }
}

function startsRepeat(token: Token, next: Token | undefined): boolean {
  return (
    token.kind === 'repeat' &&
    (next?.kind === 'unit' ||
      next?.kind === 'zero-letter' ||
      (next?.kind === 'digits' && next.word.length === 1))
  );
}

function startsRun(token: Token, next: Token | undefined): boolean {
  return (
    token.kind === 'unit' ||
    token.kind === 'zero-letter' ||
    token.kind === 'teen' ||
    token.kind === 'tens' ||
    token.kind === 'ordinal' ||
    token.kind === 'digits' ||
    startsRepeat(token, next)
  );
}

/** Splits the tokens into maximal runs of number words; runs end after an ordinal ("twenty third"). */
function numberRuns(text: string, tokens: readonly Token[]): (readonly Token[])[] {
  const runs: Token[][] = [];
  let run: Token[] = [];
  tokens.forEach((token, index) => {
    const previous = run.at(-1);
    const next = tokens[index + 1];
    const joins =
      previous !== undefined &&
      previous.kind !== 'ordinal' &&
      separatesNumberParts(text.slice(previous.end, token.start), previous, token) &&
      continuesRun(previous, token, next);
    if (joins) {
      run.push(token);
      return;
    }
    if (run.length > 0) runs.push(run);
    run = startsRun(token, next) ? [token] : [];
  });
  if (run.length > 0) runs.push(run);
  return runs.map((tokensOfRun) => trimRun(text, tokensOfRun)).filter(isSpokenNumber);
}

/** "oh, four one five": an "oh" followed by a pause is an interjection, not a zero. */
function trimRun(text: string, run: readonly Token[]): readonly Token[] {
  const [first, second] = run;
  if (
    first?.kind === 'zero-letter' &&
    second !== undefined &&
    /[,.]/.test(text.slice(first.end, second.start))
  ) {
    return run.slice(1);
  }
  // A run cannot end in "and" or "double": the number they announced never came.
  let end = run.length;
  while (end > 0 && (run[end - 1]!.kind === 'and' || run[end - 1]!.kind === 'repeat')) end -= 1;
  return run.slice(0, end);
}

/** Typed digits are left alone; a lone "oh" or "o" is a word, not a zero. */
function isSpokenNumber(run: readonly Token[]): boolean {
  const words = run.filter((token) => token.kind !== 'digits');
  return (
    words.length > 0 && (words.some((token) => token.kind !== 'zero-letter') || run.length > 1)
  );
}

function numberReplacement(
  text: string,
  tokens: readonly Token[],
  run: readonly Token[],
): TextReplacement {
  const first = run[0]!;
  const last = run.at(-1)!;
  const before = tokens[first.index - 1];
  const plus =
    before?.word === 'plus' && /^\s+$/.test(text.slice(before.end, first.start))
      ? before
      : undefined;
  return {
    start: plus?.start ?? first.start,
    end: last.end,
    replacement: (plus ? '+' : '') + spokenDigits(run.map((token) => token.word)),
  };
}

/** "grace dot hopper": the symbol word and the spaces around it become the symbol. */
function symbolReplacements(text: string, tokens: readonly Token[]): TextReplacement[] {
  const isWord = (token: Token | undefined): token is Token =>
    token !== undefined && symbolWords[token.word] === undefined;
  const replacements: TextReplacement[] = [];
  tokens.forEach((token, index) => {
    const symbol = symbolWords[token.word];
    const before = tokens[index - 1];
    const after = tokens[index + 1];
    if (symbol === undefined || !isWord(before) || !isWord(after)) return;
    const spaced =
      /^\s+$/.test(text.slice(before.end, token.start)) &&
      /^\s+$/.test(text.slice(token.end, after.start));
    if (spaced) replacements.push({ start: before.end, end: after.start, replacement: symbol });
  });
  return replacements;
}

/** The text with spoken numbers and symbols written out, mapping back to the original offsets. */
export function normalizeSpokenForms(text: string): RewrittenText {
  const tokens = tokenize(text);
  const numbers = numberRuns(text, tokens).map((run) => numberReplacement(text, tokens, run));
  const symbols = symbolReplacements(text, tokens).filter(
    (symbol) => !numbers.some((number) => number.start < symbol.end && symbol.start < number.end),
  );
  return rewriteText(
    text,
    [...numbers, ...symbols].sort((a, b) => a.start - b.start),
  );
}
