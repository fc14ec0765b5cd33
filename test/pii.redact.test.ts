import { describe, expect, it } from 'vitest';
import { EpilogueError } from '../lib/errors';
import { canonicalValue } from '../lib/pii/canonical-value';
import { redactPii, redactText } from '../lib/pii/redact';

const key = 'organization-key-0001';
const otherKey = 'organization-key-0002';

const tokens = (redacted: string) => redacted.match(/\[[A-Z_]+(?::[0-9a-f]+)?\]/g) ?? [];

describe('redactText', () => {
  const text = 'Mail grace@example.com or call 415-555-0199.';
  const entities = [
    { type: 'EMAIL' as const, start: 5, end: 22 },
    { type: 'PHONE_NUMBER' as const, start: 31, end: 43 },
  ];

  it('replaces each span with its type in label mode', () => {
    expect(redactText(text, entities, { mode: 'label' })).toBe(
      'Mail [EMAIL] or call [PHONE_NUMBER].',
    );
  });

  it('replaces each span with its type and a 12-hex-digit keyed hash in hash mode', () => {
    expect(redactText(text, entities, { mode: 'hash', key })).toMatch(
      /^Mail \[EMAIL:[0-9a-f]{12}\] or call \[PHONE_NUMBER:[0-9a-f]{12}\]\.$/,
    );
  });

  it('refuses hash mode without a key, naming what is missing', () => {
    for (const missing of [undefined, '', Buffer.alloc(0)]) {
      expect(() => redactText(text, entities, { mode: 'hash', key: missing })).toThrow(
        EpilogueError,
      );
    }
    expect(() => redactText(text, entities, { mode: 'hash' })).toThrow(/redaction key/);
  });

  it('refuses spans that overlap or fall outside the text', () => {
    expect(() =>
      redactText(
        text,
        [
          { type: 'EMAIL', start: 5, end: 22 },
          { type: 'PERSON_NAME', start: 5, end: 10 },
        ],
        { mode: 'label' },
      ),
    ).toThrow(RangeError);
    expect(() =>
      redactText(text, [{ type: 'EMAIL', start: 40, end: 60 }], { mode: 'label' }),
    ).toThrow(RangeError);
  });
});

describe('hash tokens', () => {
  const tokenOf = (text: string, hashKey: string | Buffer = key) => {
    const found = tokens(redactPii(text, { mode: 'hash', key: hashKey }).redacted);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('are the same for the same email typed or spoken', () => {
    expect(tokenOf('email: Grace.Hopper@Example.com')).toBe(
      tokenOf('my email is grace dot hopper at example dot com'),
    );
  });

  it('are the same for the same phone number however it is formatted or said', () => {
    const typed = tokenOf('call (415) 555-0199 please');
    expect(tokenOf('call 415.555.0199 please')).toBe(typed);
    expect(tokenOf('call +1 415 555 0199 please')).toBe(typed);
    expect(tokenOf('call four one five, five five five, oh one nine nine please')).toBe(typed);
  });

  it('are the same for the same card, SSN and IBAN with or without separators', () => {
    expect(tokenOf('card 4111 1111 1111 1111')).toBe(tokenOf('card 4111-1111-1111-1111'));
    expect(tokenOf('my SSN is 078-05-1120')).toBe(
      tokenOf('my ssn is oh seven eight oh five one one two oh'),
    );
    expect(tokenOf('IBAN GB82 WEST 1234 5698 7654 32')).toBe(
      tokenOf('IBAN gb82west12345698765432'),
    );
  });

  it('differ between values and between types', () => {
    expect(tokenOf('card 4111 1111 1111 1111')).not.toBe(tokenOf('card 4242 4242 4242 4242'));
    expect(tokenOf('my pin is 4412')).not.toBe(tokenOf('my member id is 4412 0099'));
  });

  it('differ between keys, so organizations cannot match each other’s tokens', () => {
    expect(tokenOf('email: grace@example.com', key)).not.toBe(
      tokenOf('email: grace@example.com', otherKey),
    );
    expect(tokenOf('email: grace@example.com', Buffer.from(key))).toBe(
      tokenOf('email: grace@example.com', key),
    );
  });
});

describe('canonicalValue', () => {
  it('writes each type in one form', () => {
    expect(canonicalValue('EMAIL', 'J Smith at Example dot ORG')).toBe('jsmith@example.org');
    expect(canonicalValue('PHONE_NUMBER', '+44 7911 123456')).toBe('+447911123456');
    expect(canonicalValue('IP_ADDRESS', '2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(
      '2001:db8::1',
    );
    expect(canonicalValue('MEDICAL_ID', '1eg4-te5-mk73')).toBe('1EG4TE5MK73');
    expect(canonicalValue('PASSWORD', 'hunter two')).toBe(canonicalValue('PASSWORD', 'hunter2'));
    expect(canonicalValue('PERSON_NAME', 'Lucía  Fernández')).toBe(
      canonicalValue('PERSON_NAME', 'lucia fernandez'),
    );
  });

  it('writes a date of birth as YYYY-MM-DD however it was said', () => {
    for (const said of [
      'May 3rd, 1984',
      '05/03/1984',
      'the third of may nineteen eighty four',
      '1984-05-03',
      '3 May 1984',
    ]) {
      expect(canonicalValue('DATE_OF_BIRTH', said), said).toBe('1984-05-03');
    }
  });
});

describe('redactPii', () => {
  it('returns the redacted text and the entities, which index the original text', () => {
    const text = 'Hi, I’m Grace Hopper 👋, email grace@example.com.';
    const { redacted, entities } = redactPii(text, { mode: 'label', knownNames: ['Grace Hopper'] });
    expect(redacted).toBe('Hi, I’m [PERSON_NAME] 👋, email [EMAIL].');
    expect(entities.map((entity) => text.slice(entity.start, entity.end))).toEqual([
      'Grace Hopper',
      'grace@example.com',
    ]);
  });

  it('checks the key before doing any detection', () => {
    expect(() => redactPii('grace@example.com', { mode: 'hash' })).toThrow(/redaction key/);
  });
});
