import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedactionActivities } from '../activities/redaction';
import type { RetentionActionResult } from '../activities/retention';
import { type EpilogueClient } from '../client/epilogue-client';
import { RetentionClient } from '../client/retention-client';
import { listAudioAssets, type AudioAssetRow } from '../db/audio-assets';
import { getTranscript } from '../db/transcripts';
import { insertWebhookEndpoint } from '../db/webhook-endpoints';
import { BEEP_FREQUENCY_HZ } from '../lib/audio/redact-spans';
import { BEEP_RMS_DB, BEEP_TOLERANCE_DB } from '../lib/audio/redact-verify';
import { pipelineWorkflowId, retentionWorkflowId } from '../lib/ids';
import type { TranscriptEntry } from '../lib/domain/transcript';
import { scheduleQuery } from '../workflows/retention';
import { levelsBetween } from './support/retention-audio';
import { evenWords, identityTraces, storedRunText, writePiiBundle } from './support/retention-runs';
import type { TestDatabase } from './support/test-database';
import { startTestStack, type TestStack } from './support/test-stack';
import type { TestTemporal } from './support/test-worker';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

let stack: TestStack;
let database: TestDatabase;
let temporal: TestTemporal;
let client: EpilogueClient;
let retention: RetentionClient;
let receiver: WebhookReceiver;
let deps: TestStack['deps'];

beforeAll(async () => {
  stack = await startTestStack({
    webhooks: { allowedHosts: '127.0.0.1', retrySchedule: '0,1s' },
  });
  ({ database, temporal, client, deps } = stack);
  retention = new RetentionClient({
    db: database.pool,
    temporal: async () => temporal.client,
    taskQueue: temporal.taskQueue,
  });
  receiver = await startWebhookReceiver((_request, response) => {
    response.writeHead(204).end();
  });
});

afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

/**
 * A processed run of Grace Hopper's. The pipeline starts its retention workflow, which sleeps
 * until the policy's redaction deadline (the plan's default, weeks away) unless a test changes it.
 */
async function processedRun(organizationId: string, pii: Record<string, string> = {}) {
  if (Object.keys(pii).length > 0) await retention.setPolicy(organizationId, { pii });
  const bundle = await writePiiBundle({
    organizationId,
    completedAt: new Date(Date.now() - 60_000),
  });
  await client.ingestRunBundle(bundle.dir);
  await client.enqueueCompletedRun(bundle.runId);
  await temporal.client.workflow.getHandle(pipelineWorkflowId(bundle.runId)).result();
  return bundle.runId;
}

interface Window {
  startMs: number;
  endMs: number;
}

/**
 * Where the transcript says personal data was spoken: the timed words of the introduction, and
 * for untimed entries the stretch their characters take (before redaction's margins).
 */
function spokenPii(entries: TranscriptEntry[]): Window[] {
  const byId = (seq: number) => entries.find((entry) => entry.id.endsWith(`-e${seq}`))!;
  const introduction = byId(1);
  const words = evenWords(
    'Sure, my name is Grace Hopper and my email is grace dot hopper at example dot com.',
    introduction.duration_ms,
  );
  // "Grace Hopper", then "grace dot hopper at example dot com": words 4-5 and 10-16.
  const timed = [
    [4, 5],
    [10, 16],
  ].map(([first, last]) => ({
    startMs: introduction.offset_ms + words[first!]!.start_ms,
    endMs: introduction.offset_ms + words[last!]!.end_ms,
  }));
  const estimated = (seq: number, value: string): Window => {
    const entry = byId(seq);
    const original =
      seq === 2
        ? 'Thanks Grace. Which tools do you use?'
        : 'Mostly COBOL. Call me at four one five, five five five, zero one nine nine.';
    const start = original.indexOf(value);
    const at = (index: number) => entry.offset_ms + (entry.duration_ms * index) / original.length;
    return { startMs: at(start), endMs: at(start + value.length) };
  };
  return [
    ...timed,
    estimated(2, 'Grace'),
    estimated(3, 'four one five, five five five, zero one nine nine'),
  ];
}

const toneOf: Record<AudioAssetRow['track'], number> = { agent: 300, participant: 500, mixed: 500 };

describe('PII redaction of a processed run (PostgreSQL, ffmpeg)', () => {
  it('leaves no name, email or phone in any stored text, and beeps every spoken span in every file', async () => {
    const organizationId = 'org_redact_label';
    const runId = await processedRun(organizationId);
    await insertWebhookEndpoint(database.pool, organizationId, {
      id: 'ep_redaction',
      url: receiver.url,
      description: '',
      eventTypes: [],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    expect(identityTraces(await storedRunText(database.pool, organizationId, runId))).toEqual([
      'name part Grace',
      'name part Hopper',
      'email',
      'email local part',
      'phone',
      'spoken phone',
    ]);
    const before = await listAudioAssets(database.pool, organizationId, runId);

    // A policy change applies to runs already waiting: the run's workflow re-plans and redacts.
    await retention.setPolicy(organizationId, { pii: { redact_after: '0s' } });
    const handle = temporal.client.workflow.getHandle(retentionWorkflowId(runId));
    expect(
      await retention.waitForAction([runId], 'redact_pii', { organizationId, timeoutMs: 90_000 }),
    ).toEqual([]);

    expect(identityTraces(await storedRunText(database.pool, organizationId, runId))).toEqual([]);

    const after = await listAudioAssets(database.pool, organizationId, runId);
    expect(after.map((asset) => `${asset.kind}/${asset.track}.${asset.format}`).sort()).toEqual([
      'normalized/agent.wav',
      'normalized/mixed.wav',
      'normalized/participant.wav',
      'playback/agent.mp3',
      'playback/mixed.mp3',
      'playback/participant.mp3',
      'source/agent.flac',
      'source/participant.flac',
    ]);
    for (const asset of before) expect(await deps.storage.exists(asset.blobKey)).toBe(false);

    const transcript = (await getTranscript(database.pool, organizationId, runId))!;
    const spans = spokenPii(transcript.entries);
    for (const asset of after) {
      const file = await deps.storage.localPath(asset.blobKey);
      for (const span of spans) {
        const beep = await levelsBetween(file, span.startMs + 30, span.endMs - 30, {
          band: BEEP_FREQUENCY_HZ,
        });
        expect(Math.abs(beep.rmsDb - BEEP_RMS_DB), `${asset.kind} ${asset.track}`).toBeLessThan(
          BEEP_TOLERANCE_DB,
        );
        const voice = await levelsBetween(file, span.startMs + 30, span.endMs - 30, {
          band: toneOf[asset.track],
        });
        expect(voice.rmsDb, `${asset.kind} ${asset.track}`).toBeLessThan(-45);
      }
      // The agent's first question holds no personal data: the recording is still there.
      const kept = await levelsBetween(file, 700, 1800, { band: toneOf[asset.track] });
      expect(kept.rmsDb, `${asset.kind} ${asset.track}`).toBeGreaterThan(-35);
    }

    expect((await handle.query(scheduleQuery)).actions).toContainEqual(
      expect.objectContaining({ action: 'redact_pii', state: 'done' }),
    );
    const event = await waitForEvent(runId, 'run.pii_redacted');
    expect(identityTraces(event)).toEqual([]);
    expect(JSON.parse(event)).toMatchObject({
      type: 'run.pii_redacted',
      data: { run_id: runId, counts: { audio_files_redacted: 8, transcript_entries: 3 } },
    });
    const { rows: audit } = await database.pool.query<{ action: string; details: unknown }>(
      `select action, details from audit_log where organization_id = $1::text order by seq`,
      [organizationId],
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      'retention.policy_changed',
      'retention.pii_redacted',
    ]);
  }, 180_000);

  it('hash mode with silence: one token per value across the run, and redacting again changes nothing', async () => {
    const organizationId = 'org_redact_hash';
    const runId = await processedRun(organizationId, {
      mode: 'hash',
      audio: 'silence',
      redact_after: '0s',
    });
    const ref = { organizationId, runId };
    const activities = createRedactionActivities(deps);
    const redact = (): Promise<RetentionActionResult> =>
      new MockActivityEnvironment().run(activities.redactRunPii, ref);

    // The run's own retention workflow redacts it as soon as the pipeline is done.
    expect(
      await retention.waitForAction([runId], 'redact_pii', { organizationId, timeoutMs: 90_000 }),
    ).toEqual([]);
    const { rows } = await database.pool.query<{ participant: { email: string; name: string } }>(
      `select participant from runs where id = $1::text`,
      [runId],
    );
    const { email, name } = rows[0]!.participant;
    expect(email).toMatch(/^\[EMAIL:[0-9a-f]{12}\]$/);
    expect(name).toMatch(/^\[PERSON_NAME:[0-9a-f]{12}\]$/);
    const transcript = (await getTranscript(database.pool, organizationId, runId))!;
    // Spoken in the interview, typed in the participant record: the same token.
    expect(transcript.entries.map((entry) => entry.content).join(' ')).toContain(email);
    const keys = await database.pool.query<{ size: number }>(
      `select length(key) as size from redaction_keys where organization_id = $1::text`,
      [organizationId],
    );
    expect(keys.rows).toEqual([{ size: 32 }]);

    for (const asset of await listAudioAssets(database.pool, organizationId, runId)) {
      const file = await deps.storage.localPath(asset.blobKey);
      for (const span of spokenPii(transcript.entries)) {
        const level = await levelsBetween(file, span.startMs + 30, span.endMs - 30);
        expect(level.peakDb, `${asset.kind} ${asset.track}`).toBeLessThan(-50);
      }
    }

    const snapshot = async () => ({
      text: (await storedRunText(database.pool, organizationId, runId))
        .split('\n')
        .filter((row) => !/"(seq|updated_at|actions_done)"/.test(row)),
      blobs: (await listAudioAssets(database.pool, organizationId, runId)).map((a) => a.blobKey),
    });
    const first = await snapshot();
    expect((await redact()).outcome).toBe('done');
    // Forced to run again from the start: everything it would write is already so.
    await database.pool.query(`update run_retention set actions_done = '{}' where run_id = $1`, [
      runId,
    ]);
    const again = await redact();
    expect(again.outcome).toBe('applied');
    expect(again.counts).toMatchObject({ turns: 0, transcript_entries: 0, audio_spans: 0 });
    expect(await snapshot()).toEqual(first);
  }, 180_000);
});

async function waitForEvent(runId: string, type: string): Promise<string> {
  for (let tries = 0; tries < 100; tries += 1) {
    const found = receiver.received.find((request) => {
      const body = JSON.parse(request.body) as { type: string; data: { run_id?: string } };
      return body.type === type && body.data.run_id === runId;
    });
    if (found) return found.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ${type} event for ${runId}`);
}
