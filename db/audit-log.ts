/**
 * The audit log: its one writer (`appendAudit`) and the reads its verification needs. Every entry
 * names an actor and an action and carries codes, counts and times, never personal data: who or
 * what it is about (a participant, a run) is stored only as the organization's keyed hash
 * (lib/privacy/subject-hash.ts), so that erasing a subject never has to touch the log.
 *
 * The database chains the entries (migration 000005): one chain per organization, each entry's
 * hash covering its content and the previous entry's hash, appended under a lock on the
 * organization's chain head, and no UPDATE, DELETE or TRUNCATE allowed. Per organization rather
 * than global, because each organization's trail is verified and exported on its own, and
 * organizations never wait for each other's appends.
 */
import { subjectHash, type PrivacySubject } from '../lib/privacy/subject-hash';
import type { Queryable } from './queryable';

export interface AuditEntry {
  organizationId: string;
  /** Who did it: `retention` (the workflow), `operator` (the CLI), `erasure`, ... */
  actor: string;
  /** What was done, dotted: `retention.audio_deleted`. */
  action: string;
  /** Who or what the entry is about; stored as the organization's keyed hash only. */
  subject?: PrivacySubject;
  /** Codes, counts and times; never text from a run, never a run or participant id. */
  details: Record<string, unknown>;
  at: Date;
}

/** Keys that would put a subject in clear into an entry: it belongs in `subject`. */
const subjectKeys = new Set(['run_id', 'participant_external_id', 'external_id', 'run_ids']);

/**
 * Appends one entry (inside the caller's transaction, when there is one: the entry then commits
 * or rolls back with what it records). Returns its sequence number.
 */
export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<number> {
  const named = Object.keys(entry.details).find((key) => subjectKeys.has(key));
  if (named !== undefined) {
    throw new Error(`audit details must not hold ${named}: pass the subject as \`subject\``);
  }
  const hash = entry.subject ? await subjectHash(db, entry.organizationId, entry.subject) : null;
  // prev_hash, hash and seq are set by the chaining trigger; `hash` only satisfies not null here.
  const { rows } = await db.query<{ seq: string }>(
    `insert into audit_log (organization_id, at, actor, action, subject_hash, details, hash)
     values ($1::text, $2::timestamptz, $3::text, $4::text, $5::text, $6::jsonb, '')
     returning seq`,
    [
      entry.organizationId,
      entry.at,
      entry.actor,
      entry.action,
      hash,
      JSON.stringify(entry.details),
    ],
  );
  return Number(rows[0]!.seq);
}

/** An entry as verification reads it: every hashed field as the text the hash covers. */
export interface StoredAuditEntry {
  seq: number;
  organizationId: string;
  /** UTC, to the microsecond: `2026-11-27T10:00:00.123456Z`. */
  at: string;
  actor: string;
  action: string;
  subjectHash: string | null;
  /** As jsonb prints it (keys in jsonb's order). */
  details: string;
  prevHash: string | null;
  hash: string;
}

/** One page of an organization's chain, in seq order, after `afterSeq`. */
export async function readAuditEntries(
  db: Queryable,
  organizationId: string,
  page: { afterSeq: number; limit: number },
): Promise<StoredAuditEntry[]> {
  const { rows } = await db.query<Omit<StoredAuditEntry, 'seq'> & { seq: string }>(
    `select seq, organization_id as "organizationId",
       to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, actor, action,
       subject_hash as "subjectHash", details::text as details, prev_hash as "prevHash", hash
     from audit_log where organization_id = $1::text and seq > $2::bigint
     order by seq limit $3::int`,
    [organizationId, page.afterSeq, page.limit],
  );
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

export interface AuditChainHead {
  lastSeq: number;
  lastHash: string;
}

export async function getAuditChainHead(
  db: Queryable,
  organizationId: string,
): Promise<AuditChainHead | undefined> {
  const { rows } = await db.query<{ lastSeq: string; lastHash: string }>(
    `select last_seq as "lastSeq", last_hash as "lastHash" from audit_chain_heads
     where organization_id = $1::text`,
    [organizationId],
  );
  return rows[0] && { lastSeq: Number(rows[0].lastSeq), lastHash: rows[0].lastHash };
}

/** Every organization with a chain: entries, a head, or both (one without the other is a break). */
export async function auditedOrganizations(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ organizationId: string }>(
    `select organization_id as "organizationId" from audit_chain_heads
     union select distinct organization_id from audit_log order by 1`,
  );
  return rows.map((row) => row.organizationId);
}
