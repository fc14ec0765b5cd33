import { beforeAll, describe, expect, it } from 'vitest';
import {
  labelledSamples,
  nearMissSentences,
  piiCorpus,
  type CorpusSample,
} from '../bench/pii-corpus';
import { scoreDetector, type CorpusScore } from '../bench/pii-score';
import { detectPii } from '../lib/pii/detect-pii';
import { PII_TYPES, type PiiEntity, type PiiType } from '../lib/pii/pii-entity';

/** The goals: structured values are nearly always found; names and addresses vary more. */
const recallGoal = (type: PiiType) =>
  type === 'PERSON_NAME' || type === 'POSTAL_ADDRESS' ? 0.9 : 0.98;
const precisionGoal = 0.95;

const found = (text: string, knownNames: string[] = []) =>
  detectPii(text, { knownNames }).map((entity) => ({
    type: entity.type,
    value: text.slice(entity.start, entity.end),
  }));

describe('the labelled corpus', () => {
  it('has at least 300 spans, 15 of every type and 60 near-miss sentences', () => {
    const spans = labelledSamples.flatMap((sample) => sample.labels);
    expect(spans.length).toBeGreaterThanOrEqual(300);
    for (const type of PII_TYPES) {
      expect(spans.filter((span) => span.type === type).length, type).toBeGreaterThanOrEqual(15);
    }
    expect(nearMissSentences.length).toBeGreaterThanOrEqual(60);
  });
});

/** Every corpus sample detected once; compromise makes detection the slow part of this file. */
const detectionsBySample = new Map<CorpusSample, PiiEntity[]>();

beforeAll(() => {
  for (const sample of piiCorpus) {
    detectionsBySample.set(sample, detectPii(sample.text, { knownNames: sample.knownNames }));
  }
});

describe('detector precision and recall over the corpus', () => {
  let score: CorpusScore;

  beforeAll(() => {
    const key = (text: string, knownNames: string[]) => `${text}\u0000${knownNames.join('\u0000')}`;
    const detected = new Map(
      Array.from(detectionsBySample, ([sample, entities]) => [
        key(sample.text, sample.knownNames),
        entities,
      ]),
    );
    score = scoreDetector(piiCorpus, (text, knownNames) => detected.get(key(text, knownNames))!);
  });

  it.each(PII_TYPES)('%s meets its recall goal', (type) => {
    const row = score.byType.find((candidate) => candidate.type === type)!;
    const missed = score.missed.filter((miss) => miss.type === type);
    expect(row.recall, JSON.stringify(missed, null, 2)).toBeGreaterThanOrEqual(recallGoal(type));
  });

  it.each(PII_TYPES)('%s meets the precision goal', (type) => {
    const row = score.byType.find((candidate) => candidate.type === type)!;
    const wrong = score.falsePositives.filter((miss) => miss.type === type);
    expect(row.precision, JSON.stringify(wrong, null, 2)).toBeGreaterThanOrEqual(precisionGoal);
  });

  it('meets the precision goal overall', () => {
    expect(score.overall.precision).toBeGreaterThanOrEqual(precisionGoal);
  });

  it('finds nothing in any near-miss sentence', () => {
    const flagged = piiCorpus.filter(
      (sample) =>
        nearMissSentences.includes(sample.text) && detectionsBySample.get(sample)!.length > 0,
    );
    expect(flagged.map((sample) => sample.text)).toEqual([]);
  });
});

describe('detectPii', () => {
  it('returns sorted, non-overlapping spans that index the input exactly', () => {
    for (const [{ text }, entities] of detectionsBySample) {
      entities.forEach((entity, index) => {
        expect(entity.start).toBeGreaterThanOrEqual(index === 0 ? 0 : entities[index - 1]!.end);
        expect(entity.end).toBeGreaterThan(entity.start);
        expect(entity.end).toBeLessThanOrEqual(text.length);
        expect(Object.keys(entity).sort()).toEqual(['end', 'start', 'type']);
      });
    }
  });

  it('keeps offsets right after emoji, accents and other UTF-16 surrogate pairs', () => {
    const text = '👩🏽‍💻 Ça va 🎉 — écrivez à zoë.ñúñez@example.com ou 📞 (415) 555-0132.';
    expect(found(text)).toEqual([
      { type: 'EMAIL', value: 'zoë.ñúñez@example.com' },
      { type: 'PHONE_NUMBER', value: '(415) 555-0132' },
    ]);
  });

  it('reports spoken spans in the original words, not in the digits they were read as', () => {
    const text = 'ok 👍 my number is four one five, double five five, oh one nine nine thanks';
    const [phone] = detectPii(text);
    expect(text.slice(phone!.start, phone!.end)).toBe(
      'four one five, double five five, oh one nine nine',
    );
  });

  it('reads "oh" as zero and "double"/"triple" as repeats in spoken phone numbers', () => {
    expect(found('call me on two one two, five five five, oh one four three')).toEqual([
      { type: 'PHONE_NUMBER', value: 'two one two, five five five, oh one four three' },
    ]);
    expect(found('my cell is triple eight double five five oh one two oh')).toEqual([
      { type: 'PHONE_NUMBER', value: 'triple eight double five five oh one two oh' },
    ]);
  });

  it('does not read an interjection "oh" as a zero', () => {
    expect(found('oh, four one five, five five five, zero one nine nine')).toEqual([
      { type: 'PHONE_NUMBER', value: 'four one five, five five five, zero one nine nine' },
    ]);
  });

  it('accepts card numbers only when they pass the Luhn check', () => {
    expect(found('card 4111 1111 1111 1111')).toEqual([
      { type: 'CREDIT_CARD', value: '4111 1111 1111 1111' },
    ]);
    expect(found('card 4111 1111 1111 1112')).toEqual([]);
    expect(found('amex 3782-822463-10005 and typo 3782-822463-10006')).toEqual([
      { type: 'CREDIT_CARD', value: '3782-822463-10005' },
    ]);
  });

  it('accepts IBANs only when the country format and mod-97 checksum hold', () => {
    expect(found('IBAN DE89 3704 0044 0532 0130 00, thanks')).toEqual([
      { type: 'BANK_ACCOUNT', value: 'DE89 3704 0044 0532 0130 00' },
    ]);
    expect(found('IBAN DE89 3704 0044 0532 0130 01, thanks')).toEqual([]);
    expect(found('packed GB82WEST12345698765432 works too')).toEqual([
      { type: 'BANK_ACCOUNT', value: 'GB82WEST12345698765432' },
    ]);
  });

  it('finds valid IPv4 and IPv6 addresses and nothing that only looks like one', () => {
    expect(found('from 192.0.2.44 and 2001:db8::8a2e:370:7334 and ::1')).toEqual([
      { type: 'IP_ADDRESS', value: '192.0.2.44' },
      { type: 'IP_ADDRESS', value: '2001:db8::8a2e:370:7334' },
      { type: 'IP_ADDRESS', value: '::1' },
    ]);
    expect(found('not 256.1.1.1, not 10:30:15, not version 1.2.3.4')).toEqual([]);
  });

  it('flags a date only when it is a date of birth', () => {
    expect(found('I was born on May 3rd, 1984.')).toEqual([
      { type: 'DATE_OF_BIRTH', value: 'May 3rd, 1984' },
    ]);
    expect(found('On May 3rd, 1984 we opened the first store.')).toEqual([]);
  });

  it("finds the participant's own name in lower case and spelled out", () => {
    expect(found('yes this is grace hopper, h o p p e r', ['Grace Hopper'])).toEqual([
      { type: 'PERSON_NAME', value: 'grace hopper' },
      { type: 'PERSON_NAME', value: 'h o p p e r' },
    ]);
  });

  it('does not take a lower-case first name alone for the participant, only a capitalized one', () => {
    expect(found('we said grace before dinner', ['Grace Hopper'])).toEqual([]);
    expect(found('Grace will join later', ['Grace Hopper'])).toEqual([
      { type: 'PERSON_NAME', value: 'Grace' },
    ]);
  });

  it('prefers the cue over the phone number the same digits would form', () => {
    expect(found('my member number is 2125550143 at the gym')).toEqual([
      { type: 'ACCOUNT_NUMBER', value: '2125550143' },
    ]);
  });

  it('handles empty and whitespace-only text', () => {
    expect(detectPii('')).toEqual([]);
    expect(detectPii(' \n\t ')).toEqual([]);
  });

  it('is deterministic', () => {
    const text = labelledSamples
      .slice(0, 40)
      .map((sample) => sample.text)
      .join('\n');
    const first: PiiEntity[] = detectPii(text);
    expect(detectPii(text)).toEqual(first);
  });
});
