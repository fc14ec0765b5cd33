/**
 * `node dist/bench/pipeline.js [--minutes 30] [--json]`: a long two-track interview through the
 * whole pipeline (enqueue → done) on a real dev server, worker and database, against the same
 * ffmpeg commands run bare with the same parallelism. Prints both times and their ratio.
 * Goals (issue 4): wall time ≤ 30 s for 30 minutes of audio; ratio ≤ 1.15.
 */
import os from 'node:os';
import path from 'node:path';
import { EpilogueClient } from '../client/epilogue-client';
import { normalizeMix, normalizeTrack } from '../lib/audio/normalize-audio';
import { encodeMp3 } from '../lib/audio/normalize-commands';
import { probeAudio } from '../lib/audio/probe-audio';
import { runFfmpeg } from '../lib/audio/run-ffmpeg';
import { detectSpeech } from '../lib/audio/speech-segments';
import { pipelineWorkflowId } from '../lib/ids';
import { createLogger } from '../lib/logger';
import { withWorkDir } from '../lib/storage/work-dir';
import type { PipelineProgress } from '../workflows/interview-pipeline';
import { progressQuery } from '../workflows/interview-pipeline';
import { installRuntime } from '../worker/runtime';
import { runWorker } from '../worker/run-worker';
import { startBenchEnvironment } from './bench-environment';
import { concurrencyLimit } from './concurrency-limit';
import { writeLongInterview } from './long-interview';

const seconds = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e9;

/** The ffmpeg work of the pipeline's media stages, in the same order and parallelism. */
async function bareFfmpeg(bundleDir: string, slots: number): Promise<number> {
  const limit = concurrencyLimit(slots);
  const start = process.hrtime.bigint();
  await withWorkDir(async (dir) => {
    const master = async (track: 'agent' | 'participant') => {
      const input = path.join(bundleDir, `${track}.wav`);
      const probe = await probeAudio(input, track);
      const output = path.join(dir, `${track}.wav`);
      const levels = await withWorkDir((work) =>
        normalizeTrack(
          { file: input, channels: probe.channels, durationS: probe.durationMs / 1000 },
          output,
          { workDir: work },
        ),
      );
      return { output, durationMs: probe.durationMs, noiseFloorDb: levels.noiseFloorDb };
    };
    const [agent, participant] = await Promise.all([
      limit(() => master('agent')),
      limit(() => master('participant')),
    ]);
    const mp3 = (input: string, durationMs: number) =>
      runFfmpeg(encodeMp3(input, `${input}.mp3`), { durationS: durationMs / 1000 });
    const durationMs = Math.max(agent.durationMs, participant.durationMs);
    await Promise.all([
      limit(() => mp3(agent.output, agent.durationMs)),
      limit(() => mp3(participant.output, participant.durationMs)),
      limit(async () => {
        const mixed = path.join(dir, 'mixed.wav');
        await withWorkDir((work) =>
          normalizeMix(
            { agent: agent.output, participant: participant.output, durationS: durationMs / 1000 },
            mixed,
            { workDir: work },
          ),
        );
        return mixed;
      }).then((mixed) => limit(() => mp3(mixed, durationMs))),
      limit(() =>
        Promise.all([
          detectSpeech(agent.output, agent.durationMs, { noiseFloorDb: agent.noiseFloorDb }),
          detectSpeech(participant.output, participant.durationMs, {
            noiseFloorDb: participant.noiseFloorDb,
          }),
        ]),
      ),
    ]);
  });
  return seconds(start);
}

async function pipeline(
  bundleDir: string,
  env: Awaited<ReturnType<typeof startBenchEnvironment>>,
): Promise<{ wallS: number; progress: PipelineProgress }> {
  const log = createLogger({ level: 'warn', format: 'json' });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let ready!: () => void;
  const polling = new Promise<void>((resolve) => (ready = resolve));
  const worker = runWorker(env.config, log, { until: finished, onReady: ready });
  try {
    await Promise.race([polling, worker]);
    const client = await EpilogueClient.connect(env.config, log);
    try {
      const { runId } = await client.ingestRunBundle(bundleDir);
      const start = process.hrtime.bigint();
      await client.enqueueCompletedRun(runId);
      const handle = (await client.temporal()).workflow.getHandle(pipelineWorkflowId(runId));
      await handle.result();
      const wallS = seconds(start);
      return { wallS, progress: await handle.query(progressQuery) };
    } finally {
      await client.close();
    }
  } finally {
    done();
    await worker;
  }
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const minutesFlag = process.argv.indexOf('--minutes');
  const minutes = minutesFlag > 0 ? Number(process.argv[minutesFlag + 1]) : 30;
  installRuntime(
    { EPILOGUE_METRICS_ADDRESS: 'off' },
    createLogger({ level: 'error', format: 'json' }),
  );
  const env = await startBenchEnvironment('pipeline');
  try {
    process.stderr.write(`building a ${minutes}-minute two-track interview...\n`);
    const bundleDir = await writeLongInterview(path.join(env.dataDir, 'bundles'), {
      runId: `bench_${process.pid}`,
      organizationId: 'org_bench',
      minutes,
    });
    process.stderr.write('running the ffmpeg commands bare...\n');
    const bareS = await bareFfmpeg(bundleDir, env.config.EPILOGUE_MEDIA_CONCURRENCY);
    process.stderr.write('running the pipeline...\n');
    const { wallS, progress } = await pipeline(bundleDir, env);
    const result = {
      audioMinutes: minutes,
      cores: os.availableParallelism(),
      mediaConcurrency: env.config.EPILOGUE_MEDIA_CONCURRENCY,
      pipeline30MinS: Math.round(wallS * 10) / 10,
      bareFfmpegS: Math.round(bareS * 10) / 10,
      pipelineOverheadRatio: Math.round((wallS / bareS) * 100) / 100,
      stageMs: progress.timings,
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      process.stdout.write(
        [
          `pipeline, ${minutes} min two-track interview (${result.cores} cores, media concurrency ${result.mediaConcurrency})`,
          `  enqueue → done      ${result.pipeline30MinS.toFixed(1)} s   (goal ≤ 30 s for 30 min)`,
          `  same ffmpeg, bare   ${result.bareFfmpegS.toFixed(1)} s`,
          `  ratio               ${result.pipelineOverheadRatio.toFixed(2)}     (goal ≤ 1.15)`,
          `  stages (ms)         ${Object.entries(result.stageMs)
            .map(([stage, ms]) => `${stage} ${ms}`)
            .join(', ')}`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    await env.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/pipeline: ${(error as Error).message}\n`);
  process.exit(1);
});
