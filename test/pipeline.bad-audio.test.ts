import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EpilogueClient } from '../client/epilogue-client';
import { listAudioAssets } from '../db/audio-assets';
import { getRun } from '../db/runs';
import { pipelineWorkflowId } from '../lib/ids';
import { ffmpegGenerate, silence, tone, truncate } from './support/audio-files';
import { writeBundle, type BundleFixture } from './support/bundle-fixture';
import type { TestDatabase } from './support/test-database';
import type { TestTemporal } from './support/test-worker';
import { startTestStack, type TestStack } from './support/test-stack';

let stack: TestStack;
let database: TestDatabase;
let temporal: TestTemporal;
let client: EpilogueClient;

beforeAll(async () => {
  // A one-minute limit stands in for the default four hours, so "too long" needs no huge file.
  stack = await startTestStack({
    audioLimits: { minDurationMs: 500, maxDurationMs: 60_000 },
  });
  ({ database, temporal, client } = stack);
});

afterAll(() => stack?.stop());

type Breaker = (fixture: BundleFixture, file: string) => Promise<void>;

const cases: [string, Breaker, string, RegExp][] = [
  [
    'random bytes in a .wav',
    (_f, file) => fs.writeFile(file, crypto.randomBytes(4096)),
    'InvalidAudio',
    /participant track is not a readable audio file/,
  ],
  [
    'a text file named .wav',
    (_f, file) => fs.writeFile(file, 'hello, this is not audio\n'.repeat(50)),
    'InvalidAudio',
    /not a readable audio file/,
  ],
  [
    'a truncated MP3',
    async (f) => {
      const mp3 = path.join(f.dir, 'participant.mp3');
      await tone(mp3, 12, 440, ['-ar', '16000', '-c:a', 'libmp3lame']);
      await truncate(mp3, 0.3);
      f.manifest.audio = {
        layout: 'two_track',
        tracks: { agent: 'agent.wav', participant: 'participant.mp3' },
      };
    },
    'InvalidAudio',
    /participant track is truncated: its header says 12 s but it holds [34] s/,
  ],
  [
    'a 0.2 s recording',
    (_f, file) => tone(file, 0.2),
    'InvalidAudio',
    /participant track is too short \(200 ms\)/,
  ],
  [
    'a recording over the length limit',
    (_f, file) => tone(file, 90),
    'AudioTooLong',
    /participant track lasts 2 min, over the 1 min limit/,
  ],
  [
    'an unsupported codec (GSM in WAV)',
    (_f, file) =>
      ffmpegGenerate(file, [
        '-f',
        'lavfi',
        '-i',
        'sine=duration=2',
        '-ar',
        '8000',
        '-c:a',
        'gsm_ms',
      ]),
    'InvalidAudio',
    /unsupported codec gsm_ms/,
  ],
  [
    'a 4 kHz sample rate',
    (_f, file) => tone(file, 2, 440, ['-ar', '4000']),
    'InvalidAudio',
    /unusable sample rate \(4000 Hz\)/,
  ],
  [
    'sixteen channels',
    (_f, file) =>
      ffmpegGenerate(file, [
        '-f',
        'lavfi',
        '-i',
        `sine=duration=2,pan=hexadecagonal|${Array.from({ length: 16 }, (_, i) => `c${i}=c0`).join('|')}`,
        '-ar',
        '16000',
      ]),
    'InvalidAudio',
    /has 16 channels/,
  ],
  [
    'a video without sound',
    async (f) => {
      const video = path.join(f.dir, 'participant.webm');
      await ffmpegGenerate(video, [
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=64x64:rate=5',
        '-t',
        '1',
        '-c:v',
        'libvpx-vp9',
      ]);
      f.manifest.audio = {
        layout: 'two_track',
        tracks: { agent: 'agent.wav', participant: 'participant.webm' },
      };
    },
    'InvalidAudio',
    /participant track contains no audio stream/,
  ],
  [
    'silence on both tracks',
    async (f, file) => {
      await silence(file, 3);
      await silence(path.join(f.dir, 'agent.wav'), 3);
    },
    'SilentAudio',
    /no speech above the silence floor/,
  ],
];

describe('the pipeline refuses unusable audio', () => {
  it.each(cases)(
    '%s fails the run with its type and keeps everything else',
    async (_name, breakIt, type, message) => {
      const bundle = await writeBundle({
        organizationId: 'org_bad_audio',
        edit: (fixture) => breakIt(fixture, path.join(fixture.dir, 'participant.wav')),
      });
      await client.ingestRunBundle(bundle.dir);
      await client.enqueueCompletedRun(bundle.runId);
      const failure = await temporal.client.workflow
        .getHandle(pipelineWorkflowId(bundle.runId))
        .result()
        .then(
          () => undefined,
          (error: unknown) => error,
        );

      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause;
      const application = cause instanceof ActivityFailure ? cause.cause : cause;
      expect(application).toBeInstanceOf(ApplicationFailure);
      expect(application).toMatchObject({ type, nonRetryable: true });
      expect((application as ApplicationFailure).message).toMatch(message);

      const run = await getRun(database.pool, 'org_bad_audio', bundle.runId);
      expect(run?.status).toBe('failed');
      expect(run?.statusReason).toMatch(new RegExp(`^${type}: `));
      const turns = await database.pool.query(
        `select count(*)::int as n from turns where run_id = $1`,
        [bundle.runId],
      );
      expect(turns.rows[0]).toEqual({ n: 4 });
      const assets = await listAudioAssets(database.pool, 'org_bad_audio', bundle.runId);
      expect(assets.filter((asset) => asset.kind === 'source')).toHaveLength(2);
      for (const asset of assets) expect(await client.storage.exists(asset.blobKey)).toBe(true);
      expect(assets.filter((asset) => asset.kind === 'playback')).toEqual([]);
    },
  );

  it('leaves a run with good audio untouched by its neighbours failing', async () => {
    const good = await writeBundle({ organizationId: 'org_bad_audio' });
    await client.ingestRunBundle(good.dir);
    await client.enqueueCompletedRun(good.runId);
    await temporal.client.workflow.getHandle(pipelineWorkflowId(good.runId)).result();
    expect((await getRun(database.pool, 'org_bad_audio', good.runId))?.status).toBe('completed');
  });
});
