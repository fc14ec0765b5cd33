/**
 * Standard Webhooks signing: the three headers every delivery carries. The signature is computed
 * by the reference `standardwebhooks` library so that Epilogue signs exactly what receivers using
 * any Standard Webhooks library verify.
 */
import { Webhook } from 'standardwebhooks';
import { parseWebhookSecret } from './secrets';

export interface WebhookMessage {
  /** The message id, stable across retries so receivers can drop duplicates. */
  id: string;
  /** When this attempt is sent; receivers reject timestamps more than 5 minutes off. */
  timestamp: Date;
  /** The exact bytes sent as the request body. */
  body: string;
}

/** A type alias, not an interface, so that it is assignable to `Record<string, string>` headers. */
export type WebhookSignatureHeaders = {
  'webhook-id': string;
  /** Unix seconds. */
  'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256>` per secret, space-separated. */
  'webhook-signature': string;
};

/** Signs with every secret given (the current and, during a rotation, the previous one). */
export function signMessage(
  message: WebhookMessage,
  secrets: readonly string[],
): WebhookSignatureHeaders {
  if (secrets.length === 0) throw new Error('signMessage needs at least one secret');
  const signatures = secrets.map((secret) =>
    new Webhook(parseWebhookSecret(secret)).sign(message.id, message.timestamp, message.body),
  );
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
