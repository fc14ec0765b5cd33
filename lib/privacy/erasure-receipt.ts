/**
 * The erasure receipt: what a request erased, as counts, with its subject as a keyed hash and no
 * personal data, signed with the organization's Ed25519 key over its canonical JSON (every member
 * but `signature`, keys sorted). Anyone with the organization's public key can check that a
 * receipt is the one Epilogue issued, unchanged.
 */
import { verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import type { OrganizationSigner } from './organization-signer';
import { SUBJECT_HASH_PATTERN } from './subject-hash';

const count = z.number().int().nonnegative();
const isoTime = z.iso.datetime();

export const erasureReceiptBodySchema = z.strictObject({
  type: z.literal('epilogue.erasure_receipt'),
  version: z.literal(1),
  request_id: z.string().min(1),
  organization_id: z.string().min(1),
  scope: z.strictObject({
    kind: z.enum(['participant', 'run']),
    subject_hash: z.string().regex(SUBJECT_HASH_PATTERN),
  }),
  counts: z.strictObject({
    runs: count,
    /** Rows removed, by table. */
    rows: z.record(z.string(), count),
    blobs: count,
    workflow_histories: count,
  }),
  requested_at: isoTime,
  started_at: isoTime,
  finished_at: isoTime,
  /** The audit entry that records the erasure. */
  audit_seq: z.number().int().positive(),
});

const signatureSchema = z.strictObject({
  algorithm: z.literal('ed25519'),
  key_id: z.string().regex(/^[0-9a-f]{16}$/),
  value: z.base64(),
});

export const erasureReceiptSchema = erasureReceiptBodySchema.extend({
  signature: signatureSchema,
});

export type ErasureReceiptBody = z.infer<typeof erasureReceiptBodySchema>;
export type ErasureReceipt = z.infer<typeof erasureReceiptSchema>;

/** The bytes a receipt's signature covers. */
function signedBytes(body: ErasureReceiptBody): Buffer {
  return Buffer.from(canonicalJson(body), 'utf8');
}

export function signErasureReceipt(
  body: ErasureReceiptBody,
  signer: OrganizationSigner,
): ErasureReceipt {
  return {
    ...body,
    signature: {
      algorithm: 'ed25519',
      key_id: signer.keyId,
      value: signer.sign(signedBytes(body)),
    },
  };
}

/** Whether `receipt`'s signature is `publicKey`'s over the rest of it. */
export function erasureReceiptSignatureValid(
  receipt: ErasureReceipt,
  publicKey: KeyObject,
): boolean {
  const { signature, ...body } = receipt;
  return verify(null, signedBytes(body), publicKey, Buffer.from(signature.value, 'base64'));
}
