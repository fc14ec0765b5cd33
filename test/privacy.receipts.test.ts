import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivacyClient } from '../client/privacy-client';
import { ensureOrganization } from '../db/organizations';
import { getSigningKey } from '../db/signing-keys';
import {
  signErasureReceipt,
  type ErasureReceipt,
  type ErasureReceiptBody,
} from '../lib/privacy/erasure-receipt';
import { organizationSigner } from '../lib/privacy/organization-signer';
import { newPayloadKeyEntry, parsePayloadKeys } from '../lib/temporal/payload-keys';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { TEST_PAYLOAD_KEYS } from './support/test-payload-keys';

let database: TestDatabase;
let privacy: PrivacyClient;
const keys = parsePayloadKeys(TEST_PAYLOAD_KEYS);

beforeAll(async () => {
  database = await createTestDatabase();
  privacy = new PrivacyClient({
    db: database.pool,
    temporal: () => Promise.reject(new Error('verifying a receipt needs no Temporal')),
    taskQueue: 'unused',
  });
  await ensureOrganization(database.pool, 'org_receipts');
  await ensureOrganization(database.pool, 'org_receipts_other');
});

afterAll(async () => {
  await database?.drop();
});

const body = (organizationId = 'org_receipts'): ErasureReceiptBody => ({
  type: 'epilogue.erasure_receipt',
  version: 1,
  request_id: 'er_0123456789abcdef',
  organization_id: organizationId,
  scope: { kind: 'participant', subject_hash: `participant:${'ab'.repeat(32)}` },
  counts: { runs: 2, rows: { runs: 2, turns: 14 }, blobs: 4, workflow_histories: 9 },
  requested_at: '2026-11-27T10:00:00.000Z',
  started_at: '2026-11-27T10:00:01.000Z',
  finished_at: '2026-11-27T10:00:05.000Z',
  audit_seq: 42,
});

async function signed(organizationId = 'org_receipts'): Promise<ErasureReceipt> {
  return signErasureReceipt(
    body(organizationId),
    await organizationSigner(database.pool, organizationId, keys),
  );
}

describe('erasure receipts', () => {
  it('are signed with one key per organization, made once even when asked for at once', async () => {
    const signers = await Promise.all(
      Array.from({ length: 5 }, () => organizationSigner(database.pool, 'org_receipts', keys)),
    );
    expect(new Set(signers.map((signer) => signer.keyId)).size).toBe(1);
    const other = await organizationSigner(database.pool, 'org_receipts_other', keys);
    expect(other.keyId).not.toBe(signers[0]!.keyId);
  });

  it('keep the private key sealed under a payload key that the database never sees', async () => {
    const stored = (await getSigningKey(database.pool, 'org_receipts'))!;
    expect(stored.sealedWith).toBe(keys.current.id);
    expect(() =>
      createPrivateKey({ key: stored.privateKeySealed, format: 'der', type: 'pkcs8' }),
    ).toThrow();
    // The same key id with other key material cannot open it.
    const [id] = TEST_PAYLOAD_KEYS.split(':');
    const impostor = parsePayloadKeys(newPayloadKeyEntry(id!));
    await expect(organizationSigner(database.pool, 'org_receipts', impostor)).rejects.toThrow();
    // Without the key it was sealed with, signing stops with a configuration error.
    await expect(
      organizationSigner(database.pool, 'org_receipts', parsePayloadKeys(newPayloadKeyEntry('k2'))),
    ).rejects.toMatchObject({ type: 'ConfigError' });
  });

  it('verify as issued, whatever the order of their members', async () => {
    const receipt = await signed();
    const reordered = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.entries(receipt).reverse())),
    ) as unknown;
    expect(await privacy.verifyReceipt(reordered)).toEqual({
      ok: true,
      requestId: 'er_0123456789abcdef',
      organizationId: 'org_receipts',
      keyId: receipt.signature.key_id,
      reason: null,
    });
  });

  it('fail when a count, the scope, a time or the organization is changed', async () => {
    const receipt = await signed();
    const tampered: unknown[] = [
      { ...receipt, counts: { ...receipt.counts, blobs: 3 } },
      { ...receipt, counts: { ...receipt.counts, rows: { ...receipt.counts.rows, turns: 13 } } },
      { ...receipt, scope: { ...receipt.scope, subject_hash: `participant:${'cd'.repeat(32)}` } },
      { ...receipt, finished_at: '2026-11-28T10:00:05.000Z' },
    ];
    for (const changed of tampered) {
      expect(await privacy.verifyReceipt(changed)).toMatchObject({
        ok: false,
        reason: 'the signature does not match the receipt',
      });
    }
    // Moved to another organization: that organization's key is another key.
    expect(
      await privacy.verifyReceipt({ ...receipt, organization_id: 'org_receipts_other' }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('has no signing key') as unknown,
    });
    // Signed by the other organization and passed off as this one's.
    const foreign = await signed('org_receipts_other');
    expect(
      await privacy.verifyReceipt({ ...foreign, organization_id: 'org_receipts' }),
    ).toMatchObject({ ok: false });
  });

  it('fail when a member is added or removed', async () => {
    const withoutSeq: Partial<ErasureReceipt> = await signed();
    delete withoutSeq.audit_seq;
    expect(await privacy.verifyReceipt(withoutSeq)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not an erasure receipt (audit_seq') as unknown,
    });
    expect(await privacy.verifyReceipt({ ...(await signed()), participant: 'p_1' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not an erasure receipt') as unknown,
    });
  });
});
