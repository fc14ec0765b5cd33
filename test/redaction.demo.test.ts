import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EpilogueClient } from '../client/epilogue-client';
import { RetentionClient } from '../client/retention-client';
import { listAudioAssets } from '../db/audio-assets';
import { getTranscript } from '../db/transcripts';
import { planDemoInterviews } from '../lib/demo/plan-demo-interviews';
import { writeDemoBundle } from '../lib/demo/write-demo-bundle';
import { BEEP_FREQUENCY_HZ } from '../lib/audio/redact-spans';
import { BEEP_RMS_DB, BEEP_TOLERANCE_DB } from '../lib/audio/redact-verify';
import { pipelineWorkflowId } from '../lib/ids';
import { detectPii } from '../lib/pii/detect-pii';
import { levelsBetween } from './support/retention-audio';
import { identityTraces, storedRunText } from './support/retention-runs';
import type { TestDatabase } from './support/test-database';
import { startTestStack, type TestStack } from './support/test-stack';
import type { TestTemporal } from './support/test-worker';

let stack: TestStack;
let database: TestDatabase;
let temporal: TestTemporal;
let client: EpilogueClient;
let retention: RetentionClient;
let deps: TestStack['deps'];
let bundlesDir: string;

beforeAll(async () => {
  stack = await startTestStack();
  ({ database, temporal, client, deps } = stack);
  retention = new RetentionClient({
    db: database.pool,
    temporal: async () => temporal.client,
    taskQueue: temporal.taskQueue,
  });
  bundlesDir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-demo-redaction-'));
});

afterAll(async () => {
  await stack?.stop();
  await fs.rm(bundlesDir, { recursive: true, force: true });
});

describe('PII redaction of a demo interview (espeak speech, PostgreSQL, ffmpeg)', () => {
  it('leaves nothing of who the participant is in any stored text, and beeps where they said it', async () => {
    const organizationId = 'org_demo_redaction';
    const [plan] = planDemoInterviews({
      runs: 1,
      seed: 11,
      organizationId,
      runIdPrefix: 'demo_redaction',
      startedAt: new Date(Date.now() - 600_000),
    });
    const bundle = await writeDemoBundle(plan!, path.join(bundlesDir, plan!.runId));
    await client.ingestRunBundle(bundle.dir);
    await client.enqueueCompletedRun(bundle.runId);
    await temporal.client.workflow.getHandle(pipelineWorkflowId(bundle.runId)).result();
    const who = plan!.participant;
    const stored = () => storedRunText(database.pool, organizationId, bundle.runId);
    expect(identityTraces(await stored(), who)).toEqual(
      expect.arrayContaining(['email', 'phone', 'spoken phone']),
    );
    const entries = (await getTranscript(database.pool, organizationId, bundle.runId))!.entries;

    // Redaction as soon as a run is final: the run's waiting retention workflow re-plans.
    await retention.setPolicy(organizationId, { pii: { redact_after: '0s' } });
    expect(
      await retention.waitForAction([bundle.runId], 'redact_pii', {
        organizationId,
        timeoutMs: 120_000,
      }),
    ).toEqual([]);

    expect(identityTraces(await stored(), who)).toEqual([]);

    // Where the participant gave their email and phone number: each entry's stretch of speech
    // that the detector's spans take, by character position (the demo has no word timings).
    const spoken = entries.flatMap((entry) =>
      detectPii(entry.content, { knownNames: [who.name] })
        .filter((entity) => entity.type === 'EMAIL' || entity.type === 'PHONE_NUMBER')
        .map((entity) => ({
          startMs: entry.offset_ms + (entry.duration_ms * entity.start) / entry.content.length,
          endMs: entry.offset_ms + (entry.duration_ms * entity.end) / entry.content.length,
        })),
    );
    expect(spoken.length).toBeGreaterThanOrEqual(2);
    const masters = (await listAudioAssets(database.pool, organizationId, bundle.runId)).filter(
      (asset) => asset.kind !== 'source',
    );
    expect(masters.length).toBeGreaterThanOrEqual(2);
    for (const asset of masters) {
      const file = await deps.storage.localPath(asset.blobKey);
      for (const span of spoken) {
        const beep = await levelsBetween(file, span.startMs + 50, span.endMs - 50, {
          band: BEEP_FREQUENCY_HZ,
        });
        expect(Math.abs(beep.rmsDb - BEEP_RMS_DB), `${asset.kind} ${asset.track}`).toBeLessThan(
          BEEP_TOLERANCE_DB,
        );
        // Nothing but the beep: the rest of the spectrum, where speech lives, is empty.
        const all = await levelsBetween(file, span.startMs + 50, span.endMs - 50);
        expect(all.rmsDb - beep.rmsDb, `${asset.kind} ${asset.track}`).toBeLessThan(1);
      }
    }
  }, 240_000);
});
