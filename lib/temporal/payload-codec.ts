/**
 * Encrypts every Temporal payload (workflow and activity inputs and results, signals, queries,
 * memos) with AES-256-GCM before it leaves the process, so the history a Temporal server keeps
 * holds no readable data. Each payload names the key it was sealed with (`encryption-key-id`), so
 * keys rotate: new payloads use the current key, old ones still open with the key they name.
 * Payloads that are not encrypted (written before encryption was on, or by a plain client) pass
 * through decode unchanged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKeys } from './payload-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (text: string) => Buffer.from(text, 'utf8');

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, this.keys.current.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: utf8(ENCRYPTED_ENCODING),
          'encryption-cipher': utf8('AES-256-GCM'),
          'encryption-key-id': utf8(this.keys.current.id),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.['encoding'];
      if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCRYPTED_ENCODING)
        return payload;
      const keyId = Buffer.from(payload.metadata?.['encryption-key-id'] ?? []).toString('utf8');
      const key = this.keys.byId.get(keyId);
      if (!key) throw new Error(`payload sealed with unknown key id ${JSON.stringify(keyId)}`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
