import { describe, expect, it } from 'vitest';
import { normalizeSpokenForms } from '../lib/pii/spoken-forms';
import { spokenDigits } from '../lib/pii/spoken-numbers';

describe('spokenDigits', () => {
  it.each([
    ['four one five', '415'],
    ['twelve thirty four', '1234'],
    ['nineteen eighty four', '1984'],
    ['twenty twenty three', '2023'],
    ['double oh seven', '007'],
    ['triple seven', '777'],
    ['four hundred and twelve', '412'],
    ['four hundred five', '405'],
    ['one eight hundred five five five zero one nine nine', '18005550199'],
    ['two thousand and five', '2005'],
    ['three thousand four hundred and twelve', '3412'],
    ['twelve hundred', '1200'],
    ['twenty oh five', '2005'],
    ['twenty first', '21'],
  ])('reads "%s" as %s', (words, digits) => {
    expect(spokenDigits(words.split(' '))).toBe(digits);
  });
});

describe('normalizeSpokenForms', () => {
  it('writes spoken numbers and symbols the way they are typed', () => {
    const cases: [string, string][] = [
      ['call four one five, five five five, zero one nine nine', 'call 4155550199'],
      ['plus four four seven nine one one', '+447911'],
      ['grace dot hopper at example dot co dot uk', 'grace.hopper at example.co.uk'],
      ['g underscore h', 'g_h'],
      ['one two three dash four five', '123-45'],
      ['415 five five five 0199', '4155550199'],
      ['twelve oak street', '12 oak street'],
    ];
    for (const [spoken, written] of cases) expect(normalizeSpokenForms(spoken).text).toBe(written);
  });

  it('leaves typed digits, lone words and interjections alone', () => {
    for (const text of ['in 2019, 415 people', 'oh, I see', 'version 2.0.1', 'a dot']) {
      expect(normalizeSpokenForms(text).text).toBe(text);
    }
  });

  it('keeps a typed year apart from spoken digits after a comma', () => {
    expect(normalizeSpokenForms('in 2019, four one five').text).toBe('in 2019, 415');
  });

  it('maps any span of the written text back to the words it came from', () => {
    const original = '🎉 my number is four one five, five five five';
    const written = normalizeSpokenForms(original);
    expect(written.text).toBe('🎉 my number is 415555');
    const start = written.text.indexOf('415555');
    const span = written.toOriginal({ start, end: start + 6 });
    expect(original.slice(span.start, span.end)).toBe('four one five, five five five');
    const before = written.toOriginal({ start: 0, end: 5 });
    expect(original.slice(before.start, before.end)).toBe('🎉 my');
  });
});
