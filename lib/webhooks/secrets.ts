/**
 * Webhook signing secrets (`whsec_` + base64 of the key, as Standard Webhooks defines them) and
 * their rotation. Rotation keeps the old secret for a grace period during which every message
 * carries both signatures, so receivers can switch keys without rejecting a single delivery.
 */
import { randomBytes } from 'node:crypto';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Standard Webhooks recommends keys of 24 to 64 bytes. */
const minKeyBytes = 24;
const maxKeyBytes = 64;
const generatedKeyBytes = 32;

/** How long a rotated-out secret still signs messages unless the rotation says otherwise. */
export const DEFAULT_SECRET_GRACE_PERIOD_MS = 24 * 60 * 60 * 1000;

export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(generatedKeyBytes).toString('base64');
}

export function isWebhookSecret(value: string): boolean {
  if (!value.startsWith(WEBHOOK_SECRET_PREFIX)) return false;
  const encoded = value.slice(WEBHOOK_SECRET_PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  // Node's decoder skips characters it does not know; re-encoding catches them.
  return (
    key.toString('base64') === encoded && key.length >= minKeyBytes && key.length <= maxKeyBytes
  );
}

/** Returns the secret, or throws InvalidWebhookEndpoint without echoing the value. */
export function parseWebhookSecret(value: string): string {
  if (!isWebhookSecret(value)) {
    throw new EpilogueError(
      `webhook secret must be ${WEBHOOK_SECRET_PREFIX} followed by the base64 of ${minKeyBytes} to ${maxKeyBytes} bytes`,
      FailureType.InvalidWebhookEndpoint,
    );
  }
  return value;
}

/** The secrets of one endpoint, as stored with it. */
export interface EndpointSecrets {
  secret: string;
  /** The secret before the last rotation, still used for signing until `previousSecretExpiresAt`. */
  previousSecret?: string | null;
  previousSecretExpiresAt?: Date | null;
}

/** The secrets to sign a message with at `now`: the current one, and the previous one in its grace period. */
export function signingSecrets(endpoint: EndpointSecrets, now: Date): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = endpoint;
  const inGracePeriod =
    previousSecret != null &&
    previousSecretExpiresAt != null &&
    now.getTime() < previousSecretExpiresAt.getTime();
  return inGracePeriod ? [secret, previousSecret] : [secret];
}

/**
 * The endpoint's secrets after a rotation at `now`. Only one previous secret is kept: rotating
 * again within a grace period ends the older secret's grace at once.
 */
export function rotateSecret(
  endpoint: EndpointSecrets,
  options: { now: Date; gracePeriodMs?: number; newSecret?: string },
): EndpointSecrets & { previousSecret: string; previousSecretExpiresAt: Date } {
  const gracePeriodMs = options.gracePeriodMs ?? DEFAULT_SECRET_GRACE_PERIOD_MS;
  return {
    secret: parseWebhookSecret(options.newSecret ?? generateWebhookSecret()),
    previousSecret: endpoint.secret,
    previousSecretExpiresAt: new Date(options.now.getTime() + gracePeriodMs),
  };
}
