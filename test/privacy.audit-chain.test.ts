import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../db/audit-log';
import { ensureOrganization } from '../db/organizations';
import { inTransaction } from '../db/pool';
import { verifyAuditChain } from '../lib/privacy/audit-chain';
import { subjectHash } from '../lib/privacy/subject-hash';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

const at = new Date('2026-11-27T10:00:00.123Z');

/** Appends `count` entries to the organization's chain, all at once from separate connections. */
async function appendMany(organizationId: string, count: number): Promise<number[]> {
  await ensureOrganization(database.pool, organizationId);
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      inTransaction(database.pool, (client) =>
        appendAudit(client, {
          organizationId,
          actor: 'operator',
          action: 'test.appended',
          details: { index, note: 'ünïcödé "quoted"\nline' },
          at,
        }),
      ),
    ),
  );
}

/** Runs `sql` with the append-only triggers off, as a superuser tampering with the table would. */
async function tamper(sql: string, params: unknown[] = []): Promise<void> {
  await inTransaction(database.pool, async (client) => {
    await client.query(`set local session_replication_role = replica`);
    await client.query(sql, params);
  });
}

async function chainOf(organizationId: string) {
  return (await verifyAuditChain(database.pool, { organizationId })).organizations[0]!;
}

describe('audit chain', () => {
  it('links concurrent appends into one chain per organization, in seq order', async () => {
    const [first, second] = await Promise.all([
      appendMany('org_chain_a', 30),
      appendMany('org_chain_b', 30),
    ]);
    expect(new Set(first).size).toBe(30);
    const { rows } = await database.pool.query<{
      seq: string;
      prevHash: string | null;
      hash: string;
    }>(
      `select seq, prev_hash as "prevHash", hash from audit_log
       where organization_id = 'org_chain_a' order by seq`,
    );
    expect(rows).toHaveLength(30);
    expect(rows[0]!.prevHash).toBeNull();
    for (let index = 1; index < rows.length; index += 1) {
      expect(rows[index]!.prevHash).toBe(rows[index - 1]!.hash);
    }
    expect(second).toHaveLength(30);
    const verification = await verifyAuditChain(database.pool);
    expect(verification.ok).toBe(true);
    expect(
      verification.organizations.filter((chain) => chain.organizationId.startsWith('org_chain_')),
    ).toEqual([
      {
        organizationId: 'org_chain_a',
        entries: 30,
        ok: true,
        firstBadSeq: null,
        reason: null,
        head: { seq: Number(rows[29]!.seq), hash: rows[29]!.hash },
      },
      expect.objectContaining({ organizationId: 'org_chain_b', entries: 30, ok: true }),
    ]);
  });

  it('stores a subject as the organization’s keyed hash only, and refuses ids in the details', async () => {
    await ensureOrganization(database.pool, 'org_subject');
    await ensureOrganization(database.pool, 'org_subject_other');
    const seq = await appendAudit(database.pool, {
      organizationId: 'org_subject',
      actor: 'erasure',
      action: 'privacy.erasure_completed',
      subject: { participantExternalId: 'p_ada@example.com' },
      details: { counts: { runs: 2 } },
      at,
    });
    const { rows } = await database.pool.query<{ row: string; subjectHash: string }>(
      `select row_to_json(a)::text as row, subject_hash as "subjectHash" from audit_log a where seq = $1`,
      [seq],
    );
    expect(rows[0]!.row).not.toContain('p_ada');
    const hash = await subjectHash(database.pool, 'org_subject', {
      participantExternalId: 'p_ada@example.com',
    });
    expect(rows[0]!.subjectHash).toBe(hash);
    expect(hash).toMatch(/^participant:[0-9a-f]{64}$/);
    // Another organization's key gives the same participant another hash.
    expect(
      await subjectHash(database.pool, 'org_subject_other', {
        participantExternalId: 'p_ada@example.com',
      }),
    ).not.toBe(hash);
    await expect(
      appendAudit(database.pool, {
        organizationId: 'org_subject',
        actor: 'retention',
        action: 'retention.run_deleted',
        details: { run_id: 'run_1' },
        at,
      }),
    ).rejects.toThrow(/run_id/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of entries', async () => {
    const [seq] = await appendMany('org_append_only', 1);
    await expect(
      database.pool.query(`update audit_log set action = 'test.changed' where seq = $1`, [seq]),
    ).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(
      database.pool.query(`delete from audit_log where seq = $1`, [seq]),
    ).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(database.pool.query(`truncate audit_log`)).rejects.toThrow(
      /append-only \(TRUNCATE refused\)/,
    );
    expect((await chainOf('org_append_only')).ok).toBe(true);
  });

  it('names the first entry that was edited', async () => {
    const seqs = await appendMany('org_edited', 5);
    const sorted = [...seqs].sort((a, b) => a - b);
    await tamper(`update audit_log set details = '{"index": 99}' where seq = $1`, [sorted[2]]);
    expect(await chainOf('org_edited')).toMatchObject({
      ok: false,
      firstBadSeq: sorted[2],
      reason: expect.stringContaining('changed') as unknown,
    });
  });

  it('names the entry after one that was removed, and notices entries cut off the end', async () => {
    const middle = [...(await appendMany('org_removed', 5))].sort((a, b) => a - b);
    await tamper(`delete from audit_log where seq = $1`, [middle[1]]);
    expect(await chainOf('org_removed')).toMatchObject({
      ok: false,
      firstBadSeq: middle[2],
      reason: expect.stringContaining('removed') as unknown,
    });

    const end = [...(await appendMany('org_cut', 4))].sort((a, b) => a - b);
    await tamper(`delete from audit_log where seq = $1`, [end[3]]);
    expect(await chainOf('org_cut')).toMatchObject({ ok: false, firstBadSeq: end[3] });

    const first = [...(await appendMany('org_first_removed', 3))].sort((a, b) => a - b);
    await tamper(`delete from audit_log where seq = $1`, [first[0]]);
    expect(await chainOf('org_first_removed')).toMatchObject({ ok: false, firstBadSeq: first[1] });
  });

  it('notices two entries that swapped places, even with their hashes', async () => {
    const seqs = [...(await appendMany('org_swapped', 4))].sort((a, b) => a - b);
    const [a, b] = [seqs[1]!, seqs[2]!];
    // Every column but seq moves: the rows keep their positions, their contents trade places.
    await tamper(
      `update audit_log t set details = s.details, prev_hash = s.prev_hash, hash = s.hash
       from audit_log s where (t.seq, s.seq) in (($1::bigint, $2::bigint), ($2::bigint, $1::bigint))`,
      [a, b],
    );
    expect(await chainOf('org_swapped')).toMatchObject({ ok: false, firstBadSeq: a });
    // The other organizations' chains are not affected by any of this.
    expect((await chainOf('org_chain_a')).ok).toBe(true);
  });
});
