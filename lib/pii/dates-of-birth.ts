/**
 * Dates of birth: a date right after a birth cue ("born on", "date of birth", "DOB", "birthday
 * is"), after a short clause about it ("date of birth on file is wrong, it should be …"), or right
 * before the cue ("11/02/1969, date of birth"). Any other date ("on May 3rd we shipped") is not
 * personal data, and a year alone ("born in 1984") is too coarse to count. Spoken dates arrive
 * with their numbers already written as digits ("the third of may nineteen eighty four" → "the 3
 * of may 1984").
 */
import type { PiiEntity } from './pii-entity';

const birthCue =
  /\b(?:born|date\s+of\s+birth|d\.o\.b\.?|dob|birth\s*date|birthday(?:['’]s)?)(?![\w.])/gi;

/** Words between the cue and the date: "I was born, um, on the …". */
const fillerPattern = /^(?:[\s:,-]|\b(?:is|was|on|in|it's|it’s|its|it|um|uh|er|back|actually)\b)*/i;

/**
 * "my date of birth on file is wrong, it should be …": one clause about the date, ending in the
 * verb that gives it. A conjunction starts another clause ("my birthday is coming up and the
 * deadline is May 3rd"), so it ends the search.
 */
const interposedClausePattern =
  /^(?:[\s,]+(?!(?:and|but|so|because|or|then|when|while|until)\b)[A-Za-z'’-]+){1,6}[\s,]+(?:is|was|should\s+be|would\s+be|it['’]s|it\s+is|as)(?=\s)/i;

const month = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const day = String.raw`(?:the\s+)?(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?`;
const year = String.raw`(?:\d{4}|['’]\d{2})`;

const dateForms = [
  String.raw`${month}\s+${day}(?:,?\s+${year})?`,
  String.raw`${day}\s+(?:of\s+)?${month}(?:,?\s+${year})?`,
  String.raw`${month},?\s+${year}`,
  String.raw`${year},?\s+${month}\s+${day}`,
  String.raw`\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})`,
  String.raw`\d{4}-\d{2}-\d{2}`,
  // Spoken all in digits: "oh seven twelve nineteen ninety" → 07121990.
  String.raw`(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:19|20)\d{2}`,
].join('|');

const dateAfterCue = new RegExp(String.raw`^(?:${dateForms})(?![\w/])`, 'i');

/** "Mine's 11/02/1969, date of birth I mean": a date the cue follows. */
const dateBeforeCue = new RegExp(
  String.raw`(?<![\w/])(?:${dateForms})(?=[\s,(-]*(?:(?:is\s+)?(?:my|the|his|her)\s+)?(?:date\s+of\s+birth|dob|birth\s*date|birthday)\b)`,
  'gi',
);

export function detectDatesOfBirth(text: string): PiiEntity[] {
  const dateAt = (from: number) => {
    const start = from + (fillerPattern.exec(text.slice(from, from + 40))?.[0].length ?? 0);
    const date = dateAfterCue.exec(text.slice(start, start + 60));
    return date === null ? undefined : { start, end: start + date[0].length };
  };
  const afterCue = Array.from(text.matchAll(birthCue)).flatMap((cue) => {
    const cueEnd = cue.index + cue[0].length;
    const clause = interposedClausePattern.exec(text.slice(cueEnd, cueEnd + 80));
    const date =
      dateAt(cueEnd) ?? (clause === null ? undefined : dateAt(cueEnd + clause[0].length));
    return date === undefined ? [] : [date];
  });
  const beforeCue = Array.from(text.matchAll(dateBeforeCue), (date) => ({
    start: date.index,
    end: date.index + date[0].length,
  }));
  return [...afterCue, ...beforeCue].map((span) => ({ type: 'DATE_OF_BIRTH', ...span }));
}
