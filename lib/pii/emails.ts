/**
 * Email addresses, typed ("grace.hopper@example.com") or spoken ("grace dot hopper at example dot
 * com", which the spoken-form rewrite turns into "grace.hopper at example.com"). A spoken address
 * needs a domain ending in a common top-level domain and a local part that is not an ordinary
 * word: "find us at acme dot com" is a website, "reach me at" is a phrase.
 */
import type { PiiEntity } from './pii-entity';
import { wordList } from './word-list';

const typedPattern =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}-])/gu;

const topLevelDomains = wordList(`
  com org net edu gov io co ai app dev me info biz us uk ca au nz ie de fr es it nl be ch at se
  no dk fi pl pt in jp cn br mx za example
`).join('|');

/** " at " followed by a domain; the local part is read backwards from here. */
const spokenDomainPattern = new RegExp(
  `\\s+at\\s+([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.(?:${topLevelDomains}))(?![\\w-]|\\.[A-Za-z])`,
  'gi',
);

/** Words that end the local part when reading backwards: who is speaking and how. */
const notLocalPart = new Set(
  wordList(`
  a an the i me my we us our you your he him his she her they them their it its this that is was
  are were be been am to at in on of for from with by and or but so as email e-mail mail address
  inbox reach contact write send sent find visit see look work works worked working live lives
  based use uses used try go here there now still just also either gmail hotmail outlook yahoo
  um uh like then
`),
);

/** Up to three words before " at ", the last of which may be spoken digits ("castillo 88"). */
const maxLocalWords = 3;

function spokenLocalPartStart(text: string, atIndex: number): number | undefined {
  const words = Array.from(text.slice(0, atIndex).matchAll(/\S+/g)).slice(-maxLocalWords);
  let start: number | undefined;
  for (const word of words.reverse()) {
    const value = word[0];
    if (notLocalPart.has(value.toLowerCase()) || !/^[A-Za-z0-9._%+-]+$/.test(value)) break;
    start = word.index;
  }
  const local = start === undefined ? '' : text.slice(start, atIndex);
  return /[A-Za-z]/.test(local) ? start : undefined;
}

export function detectEmails(text: string): PiiEntity[] {
  const typed = Array.from(text.matchAll(typedPattern), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const spoken = Array.from(text.matchAll(spokenDomainPattern)).flatMap((match) => {
    const start = spokenLocalPartStart(text, match.index);
    return start === undefined ? [] : [{ start, end: match.index + match[0].length }];
  });
  return [...typed, ...spoken].map((span) => ({ type: 'EMAIL', ...span }));
}
