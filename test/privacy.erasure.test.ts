import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportClient } from '../client/export-client';
import { PrivacyClient, type ErasureOutcome, type ErasurePreview } from '../client/privacy-client';
import { RetentionClient } from '../client/retention-client';
import { SessionsClient } from '../client/sessions-client';
import { WebhooksClient } from '../client/webhooks-client';
import { getSession } from '../db/sessions';
import { pipelineWorkflowId } from '../lib/ids';
import type { ErasureReceipt } from '../lib/privacy/erasure-receipt';
import { subjectHash } from '../lib/privacy/subject-hash';
import { writeBundle, writeTone } from './support/bundle-fixture';
import { runCli } from './support/cli';
import {
  blobFiles,
  databaseText,
  listExecutions,
  scanBlobs,
  scanLines,
  scanTemporal,
} from './support/privacy-scan';
import { identityTraces, participant, piiTurns } from './support/retention-runs';
import { startTestStack, type TestStack } from './support/test-stack';
import { testConfig } from './support/test-worker';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const orgA = 'org_erase_a';
const orgB = 'org_erase_b';
const alan = {
  external_id: 'p_alan',
  name: 'Alan Turing',
  email: 'alan.turing@example.org',
  phone: '+44 20 7946 0958',
  metadata: {},
};

let stack: TestStack;
let receiver: WebhookReceiver;
let privacy: PrivacyClient;
let retention: RetentionClient;
let env: NodeJS.ProcessEnv;
let blobRoot: string;
const graceRuns: string[] = [];
let alanRun: string;
let otherOrganizationRun: string;
let sessionId: string;
let exportRequestId: string;
let exportBlobKey: string;
let outcome: ErasureOutcome;

let toneOffset = 0;

/** A processed run of the organization's participant `who`; Grace's runs hold her PII. */
async function processedRun(organizationId: string, who: typeof participant | typeof alan) {
  const completedAt = new Date(Date.now() - 60_000);
  const startedAt = new Date(completedAt.getTime() - 12_000);
  const bundle = await writeBundle({
    organizationId,
    edit: async (fixture) => {
      fixture.manifest.participant = who;
      fixture.manifest.started_at = startedAt.toISOString();
      fixture.manifest.completed_at = completedAt.toISOString();
      if (who === participant) fixture.turns = piiTurns(startedAt);
      // Each run its own recording: identical files would be one shared blob.
      toneOffset += 10;
      await writeTone(path.join(fixture.dir, 'agent.wav'), 12, 300 + toneOffset);
      await writeTone(path.join(fixture.dir, 'participant.wav'), 12, 500 + toneOffset);
    },
  });
  await stack.client.ingestRunBundle(bundle.dir);
  await fs.rm(bundle.dir, { recursive: true, force: true });
  await stack.client.enqueueCompletedRun(bundle.runId);
  await stack.temporal.client.workflow.getHandle(pipelineWorkflowId(bundle.runId)).result();
  return bundle.runId;
}

/** Row counts by table, the audit log, erasure requests, blob files and workflow executions. */
async function state() {
  const db = stack.database.pool;
  const { rows: tables } = await db.query<{ table: string }>(
    `select table_name as table from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table } of tables) {
    const { rows } = await db.query<{ count: number }>(
      `select count(*)::int as count from ${JSON.stringify(table)}`,
    );
    counts[table] = rows[0]!.count;
  }
  const audit = await db.query(`select * from audit_log order by seq`);
  const requests = await db.query(`select * from erasure_requests order by id`);
  return {
    counts,
    audit: audit.rows,
    requests: requests.rows,
    blobs: (await blobFiles(blobRoot)).map((file) => file.file),
    workflows: (await listExecutions(stack.temporal.client, stack.temporal.taskQueue))
      .map((execution) => `${execution.workflowId} ${execution.runId}`)
      .sort(),
  };
}

/** Waits (outside a test, where expect.poll is not available) until `done` holds. */
async function until(done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the setup');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function cli(args: string[]) {
  return runCli(args, env, 120_000);
}

beforeAll(async () => {
  stack = await startTestStack({ webhooks: { allowedHosts: '127.0.0.1', retrySchedule: '0,1s' } });
  blobRoot = path.join(stack.deps.dataDir, 'blobs');
  receiver = await startWebhookReceiver((_request, response) => {
    response.writeHead(204).end();
  });
  const config = testConfig(stack.temporal, stack.database.url, stack.deps.dataDir);
  const temporal = async () => stack.temporal.client;
  privacy = new PrivacyClient({
    db: stack.database.pool,
    temporal,
    taskQueue: stack.temporal.taskQueue,
  });
  retention = new RetentionClient({
    db: stack.database.pool,
    temporal,
    taskQueue: stack.temporal.taskQueue,
  });
  env = {
    DATABASE_URL: stack.database.url,
    TEMPORAL_ADDRESS: stack.temporal.address,
    EPILOGUE_TASK_QUEUE: stack.temporal.taskQueue,
    EPILOGUE_DATA_DIR: stack.deps.dataDir,
    TEMPORAL_CONNECT_TIMEOUT_S: '5',
  };
  const webhooks = new WebhooksClient(stack.database.pool, {
    ...config,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  });
  for (const organizationId of [orgA, orgB]) {
    await webhooks.addEndpoint({ organizationId, url: receiver.url });
  }
  await webhooks.close();

  // Grace has three runs in A, Alan one; B has its own participant with Grace's very identity.
  const runs = await Promise.all([
    processedRun(orgA, participant),
    processedRun(orgA, participant),
    processedRun(orgA, participant),
    processedRun(orgA, alan),
    processedRun(orgB, participant),
  ]);
  graceRuns.push(...runs.slice(0, 3));
  [alanRun, otherOrganizationRun] = [runs[3], runs[4]];

  // A live session of one of Grace's runs, and an access export of her data, both running.
  sessionId = `ses_${graceRuns[0]!.slice(4)}`;
  const sessions = new SessionsClient({
    temporal: stack.temporal.client,
    db: stack.database.pool,
    taskQueue: stack.temporal.taskQueue,
  });
  await sessions.start({ sessionId, organizationId: orgA, runId: graceRuns[0]! });
  await until(async () => (await getSession(stack.database.pool, orgA, sessionId)) !== undefined);
  const exported = await new ExportClient({
    db: stack.database.pool,
    storage: stack.deps.storage,
    temporal,
    taskQueue: stack.temporal.taskQueue,
    ttl: '7d',
  }).requestExport({ organizationId: orgA, participantExternalId: participant.external_id });
  exportRequestId = exported.requestId;
  exportBlobKey = exported.blobKey;
  // Every run.ended and run.analyzed event was delivered: nothing moves any more on its own.
  await until(async () => {
    const { rows } = await stack.database.pool.query<{ pending: number }>(
      `select count(*)::int as pending from webhook_messages where state = 'pending'`,
    );
    return rows[0]!.pending === 0;
  });
}, 600_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

describe('erasure', () => {
  it('a dry run counts what would go, through the CLI too, and changes nothing', async () => {
    const before = await state();
    const preview = (await privacy.requestErasure({
      organizationId: orgA,
      participantExternalId: participant.external_id,
    })) as ErasurePreview;
    expect(preview).toMatchObject({
      dryRun: true,
      organizationId: orgA,
      scope: 'participant',
      runs: 3,
      exports: 1,
      legalHold: null,
    });
    expect(preview.rows).toMatchObject({ runs: 3, turns: 12, transcripts: 3, sessions: 1 });
    // Two tracks, their masters, MP3s and the mix, per run, and the export's ZIP.
    expect(preview.blobs).toBeGreaterThanOrEqual(3 * 4 + 1);
    expect(preview.workflows).toBeGreaterThanOrEqual(3 * 2 + 1 + 1);
    const fromCli = await cli(['erase', '--org', orgA, '--participant', 'p_grace', '--json']);
    expect(fromCli.code).toBe(0);
    expect(JSON.parse(fromCli.stdout)).toEqual(preview);
    const human = await cli(['erase', '--org', orgA, '--participant', 'p_grace']);
    expect(human.stdout).toContain('dry run: nothing was changed');
    expect(human.stdout).toContain('would erase 3 run(s)');
    expect(await state()).toEqual(before);
  });

  it('refuses another organization’s run with RunNotFound and changes nothing', async () => {
    const before = await state();
    await expect(
      privacy.requestErasure({ organizationId: orgA, runId: otherOrganizationRun, confirm: true }),
    ).rejects.toMatchObject({ type: 'RunNotFound' });
    const fromCli = await cli(['erase', '--org', orgA, '--run', otherOrganizationRun, '--confirm']);
    expect(fromCli.code).toBe(1);
    expect(fromCli.stderr).toContain('no such run in this organization');
    expect(await state()).toEqual(before);
  });

  it('is refused by a legal hold on one of the runs or on the organization, changing nothing', async () => {
    await retention.setRunHold(graceRuns[1]!, true, { organizationId: orgA });
    let before = await state();
    await expect(
      privacy.requestErasure({
        organizationId: orgA,
        participantExternalId: participant.external_id,
        confirm: true,
      }),
    ).rejects.toMatchObject({ type: 'LegalHold' });
    expect(await state()).toEqual(before);
    await retention.setRunHold(graceRuns[1]!, false, { organizationId: orgA });

    await retention.setOrganizationHold(orgA, true);
    before = await state();
    const fromCli = await cli(['erase', '--org', orgA, '--participant', 'p_grace', '--confirm']);
    expect(fromCli.code).toBe(1);
    expect(fromCli.stderr).toContain('legal hold on the organization');
    expect(await state()).toEqual(before);
    await retention.setOrganizationHold(orgA, false);
  });

  it('erases every run, row, file and workflow history of the participant, in that organization only', async () => {
    const db = stack.database.pool;
    // Retention re-plans on its own (the holds above): its plan times are not what is compared.
    const kept = (lines: string[]) => lines.filter((line) => !line.startsWith('run_retention:'));
    const untouchedBefore = kept(await databaseText(db, orgA));
    const alanBefore = kept(await databaseText(db, orgB)).filter((line) => line.includes(alanRun));
    const executionsBefore = await listExecutions(stack.temporal.client, stack.temporal.taskQueue);

    outcome = await privacy.requestErasure({
      organizationId: orgA,
      participantExternalId: participant.external_id,
      confirm: true,
    });
    const { receipt } = outcome;
    expect(receipt).toMatchObject({
      organization_id: orgA,
      request_id: outcome.requestId,
      scope: {
        kind: 'participant',
        subject_hash: await subjectHash(db, orgA, { participantExternalId: 'p_grace' }),
      },
      counts: { runs: 3 },
    });
    expect(receipt.counts.rows).toMatchObject({
      runs: 3,
      turns: 12,
      transcripts: 3,
      sessions: 1,
      participant_exports: 1,
    });
    expect(receipt.counts.blobs).toBeGreaterThanOrEqual(13);

    // The database: nothing of Grace's, nor her runs' ids, outside organization B.
    const needles = [
      participant.external_id,
      participant.email,
      ...participant.name.split(' '),
      ...graceRuns,
      sessionId,
    ];
    const text = await databaseText(db, orgB);
    expect(scanLines(text, needles)).toEqual([]);
    expect(identityTraces(text.join('\n'))).toEqual([]);
    const { rows: requestRows } = await db.query(
      `select subject from erasure_requests union all
       select run_id from erasure_request_runs`,
    );
    expect(requestRows).toEqual([{ subject: null }]);

    // The blob store: her audio and the export's ZIP are gone, everyone else's files stay.
    expect(await stack.deps.storage.exists(exportBlobKey)).toBe(false);
    const blobs = await blobFiles(blobRoot);
    expect(blobs.filter((file) => file.file.startsWith(`${orgA}/`)).length).toBeGreaterThan(0);
    expect(await scanBlobs(blobRoot, needles)).toEqual([]);

    // Temporal: every execution of hers is deleted; what remains holds none of her ids.
    const executionsAfter = await listExecutions(stack.temporal.client, stack.temporal.taskQueue);
    const remaining = new Set(executionsAfter.map((e) => `${e.workflowId} ${e.runId}`));
    const deleted = executionsBefore.filter((e) => !remaining.has(`${e.workflowId} ${e.runId}`));
    const deletedIds = new Set(deleted.map((execution) => execution.workflowId));
    for (const runId of graceRuns) {
      expect(deletedIds).toContain(`pipeline:${runId}`);
      expect(deletedIds).toContain(`retention:${runId}`);
    }
    expect(deletedIds).toContain(`session:${sessionId}`);
    expect(deletedIds).toContain(`export:${exportRequestId}`);
    for (const execution of deleted) {
      await expect(
        stack.temporal.client.workflow.getHandle(execution.workflowId, execution.runId).describe(),
      ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    expect(receipt.counts.workflow_histories).toBeGreaterThanOrEqual(deleted.length);
    expect(await scanTemporal(stack.temporal.client, stack.temporal.taskQueue, needles)).toEqual(
      [],
    );

    // Organization B (the same participant id, name and email) and Alan keep everything.
    expect(kept(await databaseText(db, orgA))).toEqual(untouchedBefore);
    const alanAfter = await databaseText(db, orgB);
    expect(kept(alanAfter).filter((line) => line.includes(alanRun))).toEqual(alanBefore);
    expect(alanAfter.filter((line) => line.startsWith('run_retention:'))).toHaveLength(1);
    for (const runId of [alanRun, otherOrganizationRun]) {
      const pipeline = await stack.temporal.client.workflow
        .getHandle(pipelineWorkflowId(runId))
        .describe();
      expect(pipeline.status.name).toBe('COMPLETED');
    }

    // The customer hears of it, with the subject's keyed hash and the counts, and nothing else.
    await expect
      .poll(
        () => receiver.received.find((request) => request.body.includes('participant.erased')),
        {
          timeout: 30_000,
        },
      )
      .toBeDefined();
    const event = receiver.received.find((request) => request.body.includes('participant.erased'))!;
    expect(needles.filter((needle) => event.body.includes(needle))).toEqual([]);
    expect(JSON.parse(event.body)).toMatchObject({
      type: 'participant.erased',
      data: {
        request_id: outcome.requestId,
        subject_hash: receipt.scope.subject_hash,
        counts: receipt.counts,
      },
    });
  }, 300_000);

  it('gives a receipt that verifies, and one that does not once tampered with', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-receipt-'));
    try {
      const shown = await cli(['receipts', 'show', outcome.requestId, '--org', orgA]);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout)).toEqual(outcome.receipt);
      const file = path.join(dir, 'receipt.json');
      await fs.writeFile(file, shown.stdout);
      const verified = await cli(['receipts', 'verify', file, '--json']);
      expect(verified.code).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, requestId: outcome.requestId });

      const tampered: ErasureReceipt = {
        ...outcome.receipt,
        counts: { ...outcome.receipt.counts, runs: 2 },
      };
      await fs.writeFile(file, JSON.stringify(tampered));
      const refused = await cli(['receipts', 'verify', file, '--json']);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({
        ok: false,
        reason: 'the signature does not match the receipt',
      });
      expect(refused.stderr).toContain('receipt does not verify');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('asked again, returns the same receipt and counts nothing twice', async () => {
    const before = await state();
    const again = await privacy.requestErasure({
      organizationId: orgA,
      participantExternalId: participant.external_id,
      confirm: true,
    });
    expect(again).toEqual(outcome);
    const fromCli = await cli([
      'erase',
      '--org',
      orgA,
      '--participant',
      'p_grace',
      '--confirm',
      '--json',
    ]);
    expect(fromCli.code).toBe(0);
    expect(JSON.parse(fromCli.stdout)).toEqual(outcome);
    expect(await state()).toEqual(before);
  });

  it('leaves an audit chain that verifies, and fails naming the first entry tampered with', async () => {
    const db = stack.database.pool;
    const { rows: audit } = await db.query<{ seq: string; action: string; subjectHash: string }>(
      `select seq, action, subject_hash as "subjectHash" from audit_log
       where organization_id = $1::text order by seq`,
      [orgA],
    );
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining([
        'webhook.endpoint_added',
        'retention.legal_hold_set',
        'retention.policy_changed',
        'privacy.erasure_completed',
      ]),
    );
    const erasure = audit.find((entry) => entry.action === 'privacy.erasure_completed')!;
    expect(erasure.subjectHash).toBe(outcome.receipt.scope.subject_hash);
    expect(Number(erasure.seq)).toBe(outcome.receipt.audit_seq);

    const intact = await cli(['audit', 'verify', '--org', orgA, '--json']);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true });

    const victim = audit[1]!;
    // As a superuser would: with the append-only triggers off for one transaction.
    const client = await db.connect();
    try {
      await client.query('begin');
      await client.query(`set local session_replication_role = replica`);
      await client.query(`update audit_log set details = '{}'::jsonb where seq = $1`, [victim.seq]);
      await client.query('commit');
    } finally {
      client.release();
    }
    const broken = await cli(['audit', 'verify', '--org', orgA, '--json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      organizations: [{ organizationId: orgA, ok: false, firstBadSeq: Number(victim.seq) }],
    });
    expect(broken.stderr).toContain(`broken at seq ${victim.seq}`);
    // The other organization's chain is its own and still verifies.
    const other = await cli(['audit', 'verify', '--org', orgB, '--json']);
    expect(other.code).toBe(0);
  });

  it('erases one run by its id, and nothing else of the organization', async () => {
    const db = stack.database.pool;
    const runsBefore = await db.query<{ id: string }>(`select id from runs order by id`);
    const erased = await privacy.requestErasure({
      organizationId: orgA,
      runId: alanRun,
      confirm: true,
    });
    expect(erased.receipt).toMatchObject({
      scope: { kind: 'run', subject_hash: await subjectHash(db, orgA, { runId: alanRun }) },
      counts: { runs: 1, rows: { runs: 1, turns: 4 } },
    });
    const { rows } = await db.query<{ id: string }>(`select id from runs order by id`);
    expect(rows).toEqual(runsBefore.rows.filter((row) => row.id !== alanRun));
    expect(scanLines(await databaseText(db), [alanRun, alan.email])).toEqual([]);
    await expect(
      stack.temporal.client.workflow.getHandle(pipelineWorkflowId(alanRun)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect((await privacy.verifyReceipt(erased.receipt)).ok).toBe(true);
  }, 180_000);
});
