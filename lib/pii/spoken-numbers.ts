/**
 * Numbers as speech recognition writes them: digit by digit ("four one five"), in groups
 * ("twelve thirty four", "nineteen eighty four"), with "oh" for zero, "double five" and "triple
 * seven", and as cardinals ("four hundred and twelve", "two thousand five"). A run of such words
 * reads as the digits a person would type, group after group, which is what phone, card and
 * account numbers are.
 */

const units: Record<string, number> = {
  zero: 0,
  nought: 0,
  oh: 0,
  o: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};

const teens: Record<string, number> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

const tens: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const scales: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

const repeats: Record<string, number> = { double: 2, triple: 3 };

const ordinals: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};

export type NumberWordKind =
  'digits' | 'unit' | 'zero-letter' | 'teen' | 'tens' | 'scale' | 'and' | 'repeat' | 'ordinal';

/** How a lower-case word takes part in a spoken number, or undefined when it does not. */
export function numberWordKind(word: string): NumberWordKind | undefined {
  if (/^\d+$/.test(word)) return 'digits';
  if (word === 'oh' || word === 'o') return 'zero-letter';
  if (word in units) return 'unit';
  if (word in teens) return 'teen';
  if (word in tens) return 'tens';
  if (word in scales) return 'scale';
  if (word in repeats) return 'repeat';
  if (word in ordinals) return 'ordinal';
  return word === 'and' ? 'and' : undefined;
}

interface Reading {
  value: number;
  length: number;
}

function readBelowHundred(words: readonly string[], at: number): Reading | undefined {
  const word = words[at]!;
  const tensValue = tens[word];
  if (tensValue !== undefined) {
    const next = words[at + 1] ?? '';
    const trailing = next === 'oh' || next === 'o' ? undefined : (units[next] ?? ordinals[next]);
    return trailing !== undefined && trailing > 0 && trailing < 10
      ? { value: tensValue + trailing, length: 2 }
      : { value: tensValue, length: 1 };
  }
  const value = units[word] ?? teens[word] ?? ordinals[word];
  return value === undefined ? undefined : { value, length: 1 };
}

/**
 * The number after "hundred"/"thousand" that belongs to it: after "and" always ("four hundred and
 * five"), otherwise unless it is a single digit that more digits follow, which is digit-by-digit
 * speech ("one eight hundred five five five …" is 1 800 555 …, not 1 805 55 …).
 */
function readScaleTail(words: readonly string[], at: number): Reading | undefined {
  const afterAnd = words[at] === 'and' ? 1 : 0;
  if (words[at + afterAnd] === undefined) return undefined;
  const tail = readBelowHundred(words, at + afterAnd);
  if (tail === undefined || tail.value === 0) return undefined;
  const digitByDigit =
    afterAnd === 0 && tail.value < 10 && readBelowHundred(words, at + 1)?.value !== undefined;
  return digitByDigit ? undefined : { value: tail.value, length: afterAnd + tail.length };
}

function readBelowThousand(words: readonly string[], at: number): Reading | undefined {
  const head = readBelowHundred(words, at);
  if (head === undefined || head.value === 0 || words[at + head.length] !== 'hundred') return head;
  const tail = readScaleTail(words, at + head.length + 1);
  return {
    value: head.value * 100 + (tail?.value ?? 0),
    length: head.length + 1 + (tail?.length ?? 0),
  };
}

function readCardinal(words: readonly string[], at: number): Reading | undefined {
  const head = readBelowThousand(words, at);
  if (head === undefined) return undefined;
  const scale = scales[words[at + head.length] ?? ''];
  if (scale === undefined || scale === 100 || head.value === 0) return head;
  const afterScale = at + head.length + 1;
  const afterAnd = words[afterScale] === 'and' ? 1 : 0;
  const hundreds =
    words[afterScale + afterAnd + 1] === 'hundred'
      ? readBelowThousand(words, afterScale + afterAnd)
      : undefined;
  const tail =
    hundreds === undefined
      ? readScaleTail(words, afterScale)
      : { value: hundreds.value, length: afterAnd + hundreds.length };
  return {
    value: head.value * scale + (tail?.value ?? 0),
    length: head.length + 1 + (tail?.length ?? 0),
  };
}

/**
 * The digits a run of number words stands for, group after group: "four one five" → "415",
 * "twelve thirty four" → "1234", "double oh seven" → "007", "four hundred and twelve" → "412".
 * Typed digits in the run are kept as they are ("415 five five five" → "415555").
 */
export function spokenDigits(words: readonly string[]): string {
  let digits = '';
  let at = 0;
  while (at < words.length) {
    const word = words[at]!;
    const times = repeats[word];
    if (/^\d+$/.test(word)) {
      digits += word;
      at += 1;
    } else if (times !== undefined && at + 1 < words.length) {
      digits += spokenDigits([words[at + 1]!]).repeat(times);
      at += 2;
    } else {
      const reading = readCardinal(words, at);
      // Words the run builder let in but no number reads (a stray "and"): skip them.
      digits += reading === undefined ? '' : String(reading.value);
      at += reading?.length ?? 1;
    }
  }
  return digits;
}
