/**
 * How people say contact details aloud, which is how they reach a live transcript: digit by digit,
 * "dot" and "at" spelled out. PII detection has to recognise these forms, not only the written ones.
 */
const digitWords = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

const symbolWords: Record<string, string> = {
  '.': 'dot',
  '@': 'at',
  _: 'underscore',
  '-': 'dash',
  '+': 'plus',
};

function spokenDigits(digits: string): string {
  return [...digits].map((digit) => digitWords[Number(digit)]).join(' ');
}

/** "415 555 0192" → "four one five, five five five, zero one nine two" (groups as written). */
export function spokenPhone(phone: string): string {
  const groups = phone
    .replace(/^\+1\s*/, '')
    .split(/[\s().-]+/)
    .filter((group) => group !== '');
  return groups.map(spokenDigits).join(', ');
}

/** "grace.hopper@example.com" → "grace dot hopper at example dot com". */
export function spokenEmail(email: string): string {
  return (email.toLowerCase().match(/[a-z]+|[0-9]+|[^a-z0-9]/g) ?? [])
    .map((part) => symbolWords[part] ?? (/^[0-9]+$/.test(part) ? spokenDigits(part) : part))
    .join(' ');
}
