import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SECRET_GRACE_PERIOD_MS,
  generateWebhookSecret,
  isWebhookSecret,
  parseWebhookSecret,
  rotateSecret,
  signingSecrets,
} from '../lib/webhooks/secrets';

const hour = 60 * 60_000;

describe('webhook secrets', () => {
  it('generates whsec_ secrets of 32 random bytes, different every time', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it.each([
    ['no prefix', Buffer.alloc(32, 1).toString('base64')],
    ['a key shorter than 24 bytes', `whsec_${Buffer.alloc(23, 1).toString('base64')}`],
    ['a key longer than 64 bytes', `whsec_${Buffer.alloc(65, 1).toString('base64')}`],
    ['characters outside base64', `whsec_${Buffer.alloc(32, 1).toString('base64')}!`],
    ['an empty key', 'whsec_'],
  ])('rejects a secret with %s, without echoing it', (_case, value) => {
    expect(isWebhookSecret(value)).toBe(false);
    expect(() => parseWebhookSecret(value)).toThrow(
      expect.objectContaining({
        type: 'InvalidWebhookEndpoint',
        message: 'webhook secret must be whsec_ followed by the base64 of 24 to 64 bytes',
      }),
    );
  });

  it('accepts keys of 24 to 64 bytes, such as those other Standard Webhooks senders issue', () => {
    for (const bytes of [24, 64]) {
      const secret = `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;
      expect(parseWebhookSecret(secret)).toBe(secret);
    }
  });

  it('signs with the current and the previous secret during the grace period only', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const old = generateWebhookSecret();
    const rotated = rotateSecret({ secret: old }, { now });
    expect(rotated.previousSecret).toBe(old);
    expect(rotated.previousSecretExpiresAt.getTime()).toBe(
      now.getTime() + DEFAULT_SECRET_GRACE_PERIOD_MS,
    );
    expect(signingSecrets(rotated, now)).toEqual([rotated.secret, old]);
    const afterGrace = new Date(rotated.previousSecretExpiresAt.getTime());
    expect(signingSecrets(rotated, afterGrace)).toEqual([rotated.secret]);
    expect(signingSecrets({ secret: old }, now)).toEqual([old]);
  });

  it('keeps only one previous secret when rotating twice within a grace period', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const first = generateWebhookSecret();
    const once = rotateSecret({ secret: first }, { now, gracePeriodMs: 2 * hour });
    const twice = rotateSecret(once, { now: new Date(now.getTime() + hour), gracePeriodMs: hour });
    expect(signingSecrets(twice, new Date(now.getTime() + hour))).toEqual([
      twice.secret,
      once.secret,
    ]);
  });

  it('rotates to a given secret only if it is valid', () => {
    const now = new Date();
    const chosen = generateWebhookSecret();
    expect(
      rotateSecret({ secret: generateWebhookSecret() }, { now, newSecret: chosen }).secret,
    ).toBe(chosen);
    expect(() =>
      rotateSecret({ secret: generateWebhookSecret() }, { now, newSecret: 'not-a-secret' }),
    ).toThrow(expect.objectContaining({ type: 'InvalidWebhookEndpoint' }));
  });
});
