import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpilogueClient } from '../client/epilogue-client';
import { listAudioAssets } from '../db/audio-assets';
import { getStatusHistory } from '../db/runs';
import { pipelineWorkflowId, workflowTypes } from '../lib/ids';
import { progressQuery, type interviewPipeline } from '../workflows/interview-pipeline';
import { tone } from './support/audio-files';
import { writeBundle } from './support/bundle-fixture';
import { spawnCli } from './support/cli';
import { audioFormat, integratedLoudness } from './support/loudness-check';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { connectTestTemporal, testConfig, type TestTemporal } from './support/test-worker';

let database: TestDatabase;
let temporal: TestTemporal;
let client: EpilogueClient;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await connectTestTemporal();
  dataDir = await fs.mkdtemp(path.join((await import('node:os')).tmpdir(), 'epilogue-audio-'));
  client = await EpilogueClient.connect(testConfig(temporal, database.url, dataDir));
  env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    EPILOGUE_TASK_QUEUE: temporal.taskQueue,
    EPILOGUE_DATA_DIR: dataDir,
    EPILOGUE_METRICS_ADDRESS: 'off',
    LOG_LEVEL: 'warn',
  };
});

afterAll(async () => {
  await client?.close();
  await temporal?.close();
  await database?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** A worker in its own process, as in production, so that it can be killed for real. */
function startWorkerProcess() {
  const child = spawnCli(['worker'], env);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    async kill(signal: NodeJS.Signals) {
      child.kill(signal);
      await exited;
    },
  };
}

async function blobFiles(): Promise<string[]> {
  const root = path.join(dataDir, 'blobs');
  const entries = await fs.readdir(root, { recursive: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.startsWith('.tmp') && (await fs.stat(path.join(root, entry))).isFile())
      files.push(entry);
  }
  return files.sort();
}

describe('audio processing', () => {
  it('survives its worker being killed mid-normalization: one run, no duplicate rows or files', async () => {
    const bundle = await writeBundle({
      organizationId: 'org_audio',
      edit: async (f) => {
        // Long enough that normalization is still running when the worker dies.
        await tone(path.join(f.dir, 'agent.wav'), 240, 300, ['-ar', '48000', '-ac', '2']);
        await tone(path.join(f.dir, 'participant.wav'), 240, 500, ['-ar', '44100', '-ac', '2']);
      },
    });
    await client.ingestRunBundle(bundle.dir);
    const first = startWorkerProcess();
    await client.enqueueCompletedRun(bundle.runId);
    const handle = temporal.client.workflow.getHandle<typeof interviewPipeline>(
      pipelineWorkflowId(bundle.runId),
    );
    await expect
      .poll(async () => (await handle.query(progressQuery)).stage, {
        timeout: 60_000,
        interval: 200,
      })
      .toBe('normalize');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await first.kill('SIGKILL');

    const second = startWorkerProcess();
    try {
      const result = await handle.result();
      expect(result).toMatchObject({
        status: 'completed',
        stages: { audio: 'done', transcript: 'done', responses: 'done' },
      });
    } finally {
      await second.kill('SIGTERM');
    }
    const history = await getStatusHistory(database.pool, 'org_audio', bundle.runId);
    expect(history.map((change) => change.toStatus)).toEqual([
      'completed',
      'processing',
      'completed',
    ]);
    const assets = await listAudioAssets(database.pool, 'org_audio', bundle.runId);
    expect(assets.map((asset) => `${asset.kind}/${asset.track}.${asset.format}`).sort()).toEqual([
      'normalized/agent.wav',
      'normalized/mixed.wav',
      'normalized/participant.wav',
      'playback/agent.mp3',
      'playback/mixed.mp3',
      'playback/participant.mp3',
      'source/agent.wav',
      'source/participant.wav',
    ]);
    expect(await blobFiles()).toEqual(assets.map((asset) => asset.blobKey).sort());
  }, 180_000);

  it('writes 16 kHz mono WAV masters at -16 LUFS (±1) and MP3 copies, and reports its timings', async () => {
    const bundle = await writeBundle({
      organizationId: 'org_audio',
      edit: async (f) => {
        // A quiet agent and a loud participant: both must land on the target.
        await tone(path.join(f.dir, 'agent.wav'), 20, 300, ['-ar', '22050', '-af', 'volume=-30dB']);
        await tone(path.join(f.dir, 'participant.wav'), 20, 500, [
          '-ar',
          '48000',
          '-ac',
          '2',
          '-af',
          'volume=-3dB',
        ]);
      },
    });
    await client.ingestRunBundle(bundle.dir);
    const worker = startWorkerProcess();
    try {
      await client.enqueueCompletedRun(bundle.runId);
      await temporal.client.workflow.getHandle(pipelineWorkflowId(bundle.runId)).result();
      const progress = await temporal.client.workflow
        .getHandle(pipelineWorkflowId(bundle.runId))
        .query(progressQuery);
      expect(progress).toMatchObject({ stage: 'done', percent: 100 });
      expect(Object.keys(progress.timings).sort()).toEqual([
        'analysis',
        'diarize',
        'normalize',
        'playback',
        'responses',
        'transcript',
      ]);
    } finally {
      await worker.kill('SIGTERM');
    }
    const assets = await listAudioAssets(database.pool, 'org_audio', bundle.runId);
    for (const asset of assets.filter((row) => row.kind === 'normalized')) {
      const file = await client.storage.localPath(asset.blobKey);
      expect(await audioFormat(file)).toMatchObject({
        sampleRate: 16000,
        channels: 1,
        codec: 'pcm_s16le',
      });
      const lufs = await integratedLoudness(file);
      expect(Math.abs(lufs + 16)).toBeLessThanOrEqual(1);
      expect(Math.abs((asset.loudnessLufs ?? 0) - lufs)).toBeLessThan(0.2);
    }
    for (const asset of assets.filter((row) => row.kind === 'playback')) {
      expect(await audioFormat(await client.storage.localPath(asset.blobKey))).toMatchObject({
        codec: 'mp3',
        channels: 1,
      });
    }
  }, 120_000);

  it('reprocesses chosen stages in place: same rows, same files, nothing duplicated', async () => {
    const bundle = await writeBundle({ organizationId: 'org_audio' });
    await client.ingestRunBundle(bundle.dir);
    const worker = startWorkerProcess();
    try {
      await client.enqueueCompletedRun(bundle.runId);
      await temporal.client.workflow.getHandle(pipelineWorkflowId(bundle.runId)).result();
      const before = await listAudioAssets(database.pool, 'org_audio', bundle.runId);
      const filesBefore = await blobFiles();
      const transcriptBefore = await database.pool.query(
        `select entries from transcripts where run_id = $1`,
        [bundle.runId],
      );

      const reprocess = await client.reprocessRun(bundle.runId, { stages: ['normalize'] });
      expect(reprocess.workflowId).toBe(pipelineWorkflowId(bundle.runId));
      await temporal.client.workflow
        .getHandle(reprocess.workflowId, reprocess.executionId)
        .result();

      expect(await listAudioAssets(database.pool, 'org_audio', bundle.runId)).toEqual(before);
      expect(await blobFiles()).toEqual(filesBefore);
      const transcriptAfter = await database.pool.query(
        `select entries from transcripts where run_id = $1`,
        [bundle.runId],
      );
      expect(transcriptAfter.rows).toEqual(transcriptBefore.rows);
      const history = await getStatusHistory(database.pool, 'org_audio', bundle.runId);
      expect(history.map((change) => change.toStatus)).toEqual([
        'completed',
        'processing',
        'completed',
        'processing',
        'completed',
      ]);
    } finally {
      await worker.kill('SIGTERM');
    }
  }, 120_000);

  it('refuses to reprocess while the pipeline is still running', async () => {
    const bundle = await writeBundle({ organizationId: 'org_audio' });
    await client.ingestRunBundle(bundle.dir);
    // No worker: the pipeline stays running.
    await temporal.client.workflow.start(workflowTypes.interviewPipeline, {
      workflowId: pipelineWorkflowId(bundle.runId),
      taskQueue: `${temporal.taskQueue}-idle`,
      args: [{ runId: bundle.runId }],
    });
    await expect(
      client.reprocessRun(bundle.runId, { stages: ['transcript'] }),
    ).rejects.toMatchObject({ type: 'PipelineRunning' });
    await temporal.client.workflow
      .getHandle(pipelineWorkflowId(bundle.runId))
      .terminate('test over');
  });
});
