/**
 * Runs per hour one worker completes (enqueue → pipeline done, local analyzer) when many short
 * interviews arrive at once, against the ffmpeg-bound capacity of the same machine: the same
 * runs' ffmpeg commands run bare, with as many at once as the worker's media slots. The ratio says
 * how much of the machine the worker's scheduling, database and analysis work leave to ffmpeg.
 * Goal (issue 10): ≥ 0.9.
 *
 *   node dist/bench/throughput.js [--runs 12] [--minutes 3] [--json]
 */
import { type BenchProgress, lineProgress } from './bench-progress';
import { type PipelinesVsFfmpeg, pipelinesVsFfmpeg } from './pipelines-vs-ffmpeg';
import { runBenchScript } from './bench-script';

export interface ThroughputBenchResult extends PipelinesVsFfmpeg {
  runsPerHour: number;
  ffmpegBoundRunsPerHour: number;
  /** runsPerHour / ffmpegBoundRunsPerHour. */
  ratio: number;
}

export async function benchThroughput(
  options: { runs: number; minutes: number },
  progress: BenchProgress = lineProgress(),
): Promise<ThroughputBenchResult> {
  const measured = await pipelinesVsFfmpeg('throughput', options, progress);
  const perHour = (seconds: number) => Math.round((options.runs / seconds) * 3600);
  return {
    ...measured,
    runsPerHour: perHour(measured.pipelinesS),
    ffmpegBoundRunsPerHour: perHour(measured.bareFfmpegS),
    ratio: Math.round((measured.bareFfmpegS / measured.pipelinesS) * 100) / 100,
  };
}

function table(result: ThroughputBenchResult): string {
  const slots = result.workers
    .map((worker) => `${worker.taskQueue}: ${worker.activitySlots} activity slots`)
    .join(', ');
  return [
    `throughput, ${result.runs} runs of ${result.audioMinutes} min enqueued at once (${slots})`,
    `  one worker          ${result.runsPerHour} runs/h (${result.pipelinesS} s)`,
    `  ffmpeg-bound        ${result.ffmpegBoundRunsPerHour} runs/h (${result.bareFfmpegS} s bare)`,
    `  ratio               ${result.ratio.toFixed(2)}     (goal ≥ 0.9)`,
  ].join('\n');
}

if (require.main === module) {
  runBenchScript({
    name: 'throughput',
    defaults: { runs: '12', minutes: '3' },
    run: (values) =>
      benchThroughput({ runs: Number(values.runs), minutes: Number(values.minutes) }),
    table,
  });
}
