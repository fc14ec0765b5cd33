/**
 * Organizations' receipt signing keys (organization_signing_keys): one Ed25519 key pair each,
 * the private half sealed by the caller before it gets here. Two processes creating the key at
 * once both end up with the one stored first.
 */
import type { Queryable } from './queryable';

export interface StoredSigningKey {
  organizationId: string;
  keyId: string;
  /** SPKI DER, base64. */
  publicKey: string;
  privateKeySealed: Buffer;
  /** The payload key id that sealed the private key. */
  sealedWith: string;
}

const columns = `organization_id as "organizationId", key_id as "keyId", public_key as "publicKey",
  private_key_sealed as "privateKeySealed", sealed_with as "sealedWith"`;

/** Stores the key unless the organization has one; returns the organization's key either way. */
export async function insertSigningKey(
  db: Queryable,
  key: StoredSigningKey,
): Promise<StoredSigningKey> {
  await db.query(
    `insert into organization_signing_keys
       (organization_id, key_id, public_key, private_key_sealed, sealed_with)
     values ($1::text, $2::text, $3::text, $4::bytea, $5::text)
     on conflict (organization_id) do nothing`,
    [key.organizationId, key.keyId, key.publicKey, key.privateKeySealed, key.sealedWith],
  );
  return (await getSigningKey(db, key.organizationId))!;
}

export async function getSigningKey(
  db: Queryable,
  organizationId: string,
): Promise<StoredSigningKey | undefined> {
  const { rows } = await db.query<StoredSigningKey>(
    `select ${columns} from organization_signing_keys where organization_id = $1::text`,
    [organizationId],
  );
  return rows[0];
}
