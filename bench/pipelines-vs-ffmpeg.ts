/**
 * The measurement behind the pipeline and throughput benchmarks: interviews run through the whole
 * pipeline (all enqueued at once → the last pipeline done, local analyzer) by the production
 * worker, against the same ffmpeg commands run bare with as many at once as the worker's media
 * slots. The bare commands run before and after the pipelines and the two times are averaged, so
 * that the load others put on a shared machine meanwhile weighs on both sides alike.
 */
import path from 'node:path';
import { EpilogueClient } from '../client/epilogue-client';
import type { Config } from '../lib/config';
import { normalizeMix, normalizeTrack } from '../lib/audio/normalize-audio';
import { encodeMp3 } from '../lib/audio/normalize-commands';
import { probeAudio } from '../lib/audio/probe-audio';
import { runFfmpeg } from '../lib/audio/run-ffmpeg';
import { detectSpeech } from '../lib/audio/speech-segments';
import { pipelineWorkflowId } from '../lib/ids';
import { createLogger } from '../lib/logger';
import { withWorkDir } from '../lib/storage/work-dir';
import { type PipelineProgress, progressQuery } from '../workflows/interview-pipeline';
import type { WorkerSettings } from '../worker/create-workers';
import { startBenchEnvironment } from './bench-environment';
import type { BenchProgress } from './bench-progress';
import { concurrencyLimit } from './concurrency-limit';
import { withInProcessWorker } from './in-process-worker';
import { cpuSeconds, devServerPid } from './process-usage';
import { writeLongInterview } from './long-interview';

type Limit = ReturnType<typeof concurrencyLimit>;

const secondsSince = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e9;

/**
 * The ffmpeg work of the pipeline's media stages for one run, in the same order, each command
 * taking a slot of `limit` as an activity takes a slot of the media worker.
 */
async function bareFfmpeg(bundleDir: string, limit: Limit): Promise<void> {
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
}

/** Every bundle's ffmpeg commands at once, `slots` commands at a time; seconds. */
async function timeBareFfmpeg(
  bundles: string[],
  slots: number,
  progress: BenchProgress,
): Promise<number> {
  const limit = concurrencyLimit(slots);
  let done = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    bundles.map((bundle) => bareFfmpeg(bundle, limit).then(() => progress.update(++done))),
  );
  return secondsSince(start);
}

/** CPU seconds spent meanwhile by others than ffmpeg, on the cores ffmpeg would otherwise use. */
export interface PipelineCpuS {
  /** This process: the worker (workflow tasks, activities' own code) and the enqueuing client. */
  worker: number;
  devServer: number;
}

/**
 * Ingests the bundles, enqueues them all at once and waits for every pipeline: seconds, the first
 * run's stage times, and the CPU the worker and the dev server used meanwhile.
 */
async function timePipelines(
  config: Config,
  bundles: string[],
  progress: BenchProgress,
): Promise<{ seconds: number; stageMs: PipelineProgress['timings']; cpuS: PipelineCpuS }> {
  const client = await EpilogueClient.connect(config, createLogger({ level: 'warn' }));
  try {
    progress.step('ingesting them', bundles.length);
    const runIds: string[] = [];
    for (const bundle of bundles) {
      runIds.push((await client.ingestRunBundle(bundle)).runId);
      progress.update(runIds.length);
    }
    progress.step(`running them through one worker`, bundles.length);
    const temporal = await client.temporal();
    const handles = runIds.map((runId) => temporal.workflow.getHandle(pipelineWorkflowId(runId)));
    let done = 0;
    const server = await devServerPid();
    const serverCpuBefore = await cpuSeconds(server);
    const cpuBefore = process.cpuUsage();
    const start = process.hrtime.bigint();
    await Promise.all(runIds.map((runId) => client.enqueueCompletedRun(runId)));
    await Promise.all(handles.map((handle) => handle.result().then(() => progress.update(++done))));
    const seconds = secondsSince(start);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuS = {
      worker: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      devServer: Math.round(((await cpuSeconds(server)) - serverCpuBefore) * 10) / 10,
    };
    return { seconds, stageMs: (await handles[0]!.query(progressQuery)).timings, cpuS };
  } finally {
    await client.close();
  }
}

export interface PipelinesVsFfmpeg {
  runs: number;
  audioMinutes: number;
  /** All runs enqueued at once → the last pipeline done. */
  pipelinesS: number;
  /** The bare ffmpeg commands' time: the mean of the two below. */
  bareFfmpegS: number;
  bareFfmpegBeforeAfterS: [number, number];
  /** The first run's stage times (its progress query). */
  stageMs: PipelineProgress['timings'];
  pipelinesCpuS: PipelineCpuS;
  workers: WorkerSettings[];
}

export async function pipelinesVsFfmpeg(
  name: string,
  options: { runs: number; minutes: number },
  progress: BenchProgress,
): Promise<PipelinesVsFfmpeg> {
  const env = await startBenchEnvironment(name, { EPILOGUE_ANALYSIS_PROVIDER: 'local' });
  try {
    progress.step(`building ${options.runs} ${options.minutes}-minute interviews`, options.runs);
    const bundles: string[] = [];
    for (let index = 0; index < options.runs; index += 1) {
      bundles.push(
        await writeLongInterview(path.join(env.dataDir, 'bundles'), {
          runId: `bench_${index + 1}`,
          organizationId: 'org_bench',
          minutes: options.minutes,
          seed: 11 + index,
        }),
      );
      progress.update(index + 1);
    }
    const slots = env.config.EPILOGUE_MEDIA_CONCURRENCY;
    progress.step('running their ffmpeg commands bare', options.runs);
    const before = await timeBareFfmpeg(bundles, slots, progress);
    const pipelines = await withInProcessWorker(env.config, async (workers) => ({
      ...(await timePipelines(env.config, bundles, progress)),
      workers,
    }));
    progress.step('running their ffmpeg commands bare again', options.runs);
    const after = await timeBareFfmpeg(bundles, slots, progress);
    const round = (seconds: number) => Math.round(seconds * 10) / 10;
    return {
      runs: options.runs,
      audioMinutes: options.minutes,
      pipelinesS: round(pipelines.seconds),
      bareFfmpegS: round((before + after) / 2),
      bareFfmpegBeforeAfterS: [round(before), round(after)],
      stageMs: pipelines.stageMs,
      pipelinesCpuS: pipelines.cpuS,
      workers: pipelines.workers,
    };
  } finally {
    await env.stop();
  }
}
