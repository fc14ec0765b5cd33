/**
 * Street addresses: a house number, a street name and a street suffix ("1458 Maple Avenue",
 * "twelve oak street" once spoken numbers are written), then an optional unit ("Apt 3B") and an
 * optional city with a state, ZIP code or both; and PO boxes. A street name must be capitalized,
 * or follow an address cue ("live at", "my address is", "moved to"), so that "5 big road trips"
 * in lower-case speech is not an address. A bare ZIP code after "zip code" is found by the
 * identifier cues.
 */
import type { PiiEntity } from './pii-entity';
import { US_STATE_ABBREVIATIONS, US_STATE_NAMES } from './us-states';
import { wordList } from './word-list';

const suffixes =
  'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|crescent|close|row|alley|plaza|loop|pike|walk|path';

const streetPattern = new RegExp(
  String.raw`(?<![\w,.$-])(\d{1,6}[A-Za-z]?)\s+((?:[A-Za-z0-9][\w'’.-]*\s+){1,4}?)(?:${suffixes})\b\.?(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?`,
  'gi',
);
const poBoxPattern = /\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box)\s+\d+/gi;

const unitPattern = /^,?\s+(?:apt|apartment|unit|suite|ste|flat|#)\.?\s*#?\s*[A-Za-z0-9-]+\b/i;

const cityWords = String.raw`(?:[A-Za-z.'’-]+\s+){0,2}[A-Za-z.'’-]+`;
const zip = String.raw`\d{5}(?:-\d{4})?`;
const tailPatterns = [
  new RegExp(
    String.raw`^,?\s+${cityWords},?\s+(?:${US_STATE_NAMES.join('|')})\b(?:,?\s+${zip}\b)?`,
    'i',
  ),
  new RegExp(
    String.raw`^,?\s+${cityWords},?\s+(?:${US_STATE_ABBREVIATIONS.join('|')})\b(?:,?\s+${zip}\b)?`,
  ),
  new RegExp(String.raw`^,?\s+${zip}\b`),
  /^,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\b/,
];

/** Words that never name a street: "5 minutes down the road" is a distance. */
const notStreetName = new Set(
  wordList(`
  the a an of to down up from on in at by for and or my our your their this that is was are
  miles mile minutes minute blocks block hours km feet meters more less times days weeks years
`),
);

const addressCue =
  /\b(?:live|lives|living|lived|address|located|ship|ships|shipped|shipping|send|sent|mail|mailed|deliver|delivers|delivered|delivery|moved|move|moving|reside|resides|home|house|office|stay|staying|based)\b[^.!?]{0,30}$/i;
const placePreposition = /\b(?:at|to|on|into|from)\s+$/i;

function isStreetName(name: string, textBefore: string): boolean {
  const words = name.trim().split(/\s+/);
  if (words.some((word) => notStreetName.has(word.toLowerCase()))) return false;
  const first = words[0]!;
  return (
    /^[A-Z]/.test(first) ||
    /^\d+(?:st|nd|rd|th)$/i.test(first) ||
    addressCue.test(textBefore) ||
    placePreposition.test(textBefore)
  );
}

/** Extends a street or PO box over the unit and the city, state and ZIP that follow it. */
function extendOverTail(text: string, end: number): number {
  let extended = end + (unitPattern.exec(text.slice(end, end + 30))?.[0].length ?? 0);
  const rest = text.slice(extended, extended + 80);
  for (const pattern of tailPatterns) {
    const tail = pattern.exec(rest);
    if (tail !== null) {
      extended += tail[0].length;
      break;
    }
  }
  return extended;
}

export function detectPostalAddresses(text: string): PiiEntity[] {
  const streets = Array.from(text.matchAll(streetPattern)).filter((match) =>
    isStreetName(match[2]!, text.slice(Math.max(0, match.index - 60), match.index)),
  );
  const poBoxes = Array.from(text.matchAll(poBoxPattern));
  return [...streets, ...poBoxes].map((match) => ({
    type: 'POSTAL_ADDRESS',
    start: match.index,
    end: extendOverTail(text, match.index + match[0].length),
  }));
}
