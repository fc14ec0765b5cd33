/**
 * Passwords, PINs and one-time codes said aloud: "the password is hunter two", "my PIN is four
 * four one two", "the door code is 5509". The value is what follows the cue and its verb, up to
 * four words, ending at punctuation or at a word that starts the next clause ("… i think", "…
 * and"). A PIN or code must contain digits; "my password is too long" or "the password was reset"
 * describe a password without saying it.
 */
import type { PiiEntity } from './pii-entity';
import { wordList } from './word-list';

const secretCue =
  /\b(?:(pass(?:word|code|phrase))|((?:security\s+)?pin(?:\s+(?:number|code))?|(?:door|access|alarm|gate|verification|login|one[-\s]time)\s+code))\b/gi;

/** Between cue and value: an optional phrase ("for the tablet at the front desk") and a verb. */
const connectorPattern =
  /^(?:\s+[\w'’-]+){0,8}?(?:\s*(?:['’]s|:|=)|\s+(?:is|was|were|will\s+be|would\s+be)(?:\s+(?:now|still|just|actually))?|\s+to)(?=\s)/i;

/** Words that end the value: the next clause begins. */
const clauseWords = new Set(
  wordList(`
  and but so or because since though although until unless if when which that then i i'm we you
  he she they it for please anyway right ok okay yeah on in at with from now
`),
);

/** First words that describe a password instead of saying it. */
const descriptiveWords = new Set(
  wordList(`
  too very so really not never always the a an my your our their same different something
  nothing easy hard long short weak strong simple secure required needed changed reset stolen
  compromised leaked expired saved stored written wrong incorrect locked blocked case what how
  why where just still also like about sent texted emailed on in at be being been working fine
`),
);

const maxWords = 4;

function readSecret(text: string, from: number): { start: number; end: number } | undefined {
  const words = Array.from(text.slice(from, from + 120).matchAll(/\S+/g));
  let start: number | undefined;
  let end: number | undefined;
  for (const word of words.slice(0, maxWords)) {
    const value = word[0].replace(/[.,;:"'’)]+$/, '');
    if (value === '' || clauseWords.has(value.toLowerCase())) break;
    if (start === undefined && descriptiveWords.has(value.toLowerCase())) return undefined;
    start ??= from + word.index;
    end = from + word.index + value.length;
    if (value.length < word[0].length) break;
  }
  return start === undefined || end === undefined ? undefined : { start, end };
}

export function detectSpokenSecrets(text: string): PiiEntity[] {
  return Array.from(text.matchAll(secretCue)).flatMap((cue) => {
    const afterCue = cue.index + cue[0].length;
    const connector = connectorPattern.exec(text.slice(afterCue, afterCue + 80));
    if (connector === null) return [];
    const secret = readSecret(text, afterCue + connector[0].length);
    const isCode = cue[2] !== undefined;
    if (secret === undefined) return [];
    if (isCode && !/\d{3}/.test(text.slice(secret.start, secret.end).replace(/\s/g, ''))) return [];
    return [{ type: 'PASSWORD' as const, ...secret }];
  });
}
