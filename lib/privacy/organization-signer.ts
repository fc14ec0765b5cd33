/**
 * Each organization's receipt signer: an Ed25519 key pair made on first use and stored in
 * PostgreSQL, the private key sealed with AES-256-GCM under the current payload key
 * (EPILOGUE_PAYLOAD_KEYS), which never enters the database. The private key is used in memory
 * only and never logged or returned; verifying needs the public key alone.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { getSigningKey, insertSigningKey } from '../../db/signing-keys';
import type { Queryable } from '../../db/queryable';
import { EpilogueError } from '../errors';
import type { PayloadKeys } from '../temporal/payload-keys';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface OrganizationSigner {
  keyId: string;
  /** The Ed25519 signature of `data`, base64. */
  sign(data: Buffer): string;
}

/** Binds a sealed key to its organization and key id: it cannot be moved to another row. */
const associatedData = (organizationId: string, keyId: string) =>
  Buffer.from(`organization-signing-key\u0000${organizationId}\u0000${keyId}`, 'utf8');

/** The first 16 hex digits of the SHA-256 of the public key (SPKI DER). */
export function signingKeyId(publicKeyDer: Buffer): string {
  return createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 16);
}

function seal(plain: Buffer, key: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv).setAAD(aad);
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function unseal(sealed: Buffer, key: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv(CIPHER, key, sealed.subarray(0, IV_BYTES)).setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/** The organization's signer, creating its key pair if it has none. */
export async function organizationSigner(
  db: Queryable,
  organizationId: string,
  sealingKeys: PayloadKeys,
): Promise<OrganizationSigner> {
  let stored = await getSigningKey(db, organizationId);
  if (!stored) {
    const pair = generateKeyPairSync('ed25519');
    const publicDer = pair.publicKey.export({ type: 'spki', format: 'der' });
    const keyId = signingKeyId(publicDer);
    stored = await insertSigningKey(db, {
      organizationId,
      keyId,
      publicKey: publicDer.toString('base64'),
      privateKeySealed: seal(
        pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
        sealingKeys.current.key,
        associatedData(organizationId, keyId),
      ),
      sealedWith: sealingKeys.current.id,
    });
  }
  const sealingKey = sealingKeys.byId.get(stored.sealedWith);
  if (!sealingKey) {
    throw new EpilogueError(
      `the receipt signing key of ${organizationId} is sealed with payload key ${stored.sealedWith}, which EPILOGUE_PAYLOAD_KEYS no longer lists`,
      'ConfigError',
    );
  }
  const privateKey = createPrivateKey({
    key: unseal(stored.privateKeySealed, sealingKey, associatedData(organizationId, stored.keyId)),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    keyId: stored.keyId,
    sign: (data) => sign(null, data, privateKey).toString('base64'),
  };
}

/** The organization's public key if its id is `keyId`; undefined otherwise. */
export async function organizationPublicKey(
  db: Queryable,
  organizationId: string,
  keyId: string,
): Promise<KeyObject | undefined> {
  const stored = await getSigningKey(db, organizationId);
  if (!stored || stored.keyId !== keyId) return undefined;
  return createPublicKey({
    key: Buffer.from(stored.publicKey, 'base64'),
    format: 'der',
    type: 'spki',
  });
}
