/**
 * A long two-track interview through the whole pipeline (enqueue → done, local analyzer) on a real
 * dev server, worker and database, against the same ffmpeg commands run bare with the same
 * parallelism. Goals (issue 4): wall time ≤ 30 s for 30 minutes of audio; ratio ≤ 1.15.
 *
 *   node dist/bench/pipeline.js [--minutes 30] [--json]
 */
import os from 'node:os';
import { type BenchProgress, lineProgress } from './bench-progress';
import { type PipelinesVsFfmpeg, pipelinesVsFfmpeg } from './pipelines-vs-ffmpeg';
import { runBenchScript } from './bench-script';

export interface PipelineBenchResult extends PipelinesVsFfmpeg {
  cores: number;
  /** pipelinesS / bareFfmpegS. */
  overheadRatio: number;
}

export async function benchPipeline(
  options: { minutes: number },
  progress: BenchProgress = lineProgress(),
): Promise<PipelineBenchResult> {
  const measured = await pipelinesVsFfmpeg(
    'pipeline',
    { runs: 1, minutes: options.minutes },
    progress,
  );
  return {
    ...measured,
    cores: os.availableParallelism(),
    overheadRatio: Math.round((measured.pipelinesS / measured.bareFfmpegS) * 100) / 100,
  };
}

function table(result: PipelineBenchResult): string {
  const media = result.workers.find((worker) => worker.taskQueue.endsWith('.media'));
  return [
    `pipeline, ${result.audioMinutes} min two-track interview (${result.cores} cores, media slots ${media?.activitySlots})`,
    `  enqueue → done      ${result.pipelinesS.toFixed(1)} s   (goal ≤ 30 s for 30 min)`,
    `  same ffmpeg, bare   ${result.bareFfmpegS.toFixed(1)} s (before ${result.bareFfmpegBeforeAfterS[0]}, after ${result.bareFfmpegBeforeAfterS[1]})`,
    `  ratio               ${result.overheadRatio.toFixed(2)}     (goal ≤ 1.15)`,
    `  stages (ms)         ${Object.entries(result.stageMs)
      .map(([stage, ms]) => `${stage} ${ms}`)
      .join(', ')}`,
  ].join('\n');
}

if (require.main === module) {
  runBenchScript({
    name: 'pipeline',
    defaults: { minutes: '30' },
    run: (values) => benchPipeline({ minutes: Number(values.minutes) }),
    table,
  });
}
