/**
 * `npm run bench -- [--json] [--quick] [--only pipeline,throughput,timers,webhooks,erasure]`: the
 * figures of issue 10, each benchmark in a private environment of its own (database, data
 * directory, Temporal dev server) one after the other, with a progress bar on stderr and, on
 * stdout, a table of each figure next to its goal or, with --json, one JSON object and nothing
 * else. A benchmark that fails leaves its figures null and the exit code 1; the others still run.
 */
import os from 'node:os';
import { createLogger } from '../lib/logger';
import { installRuntime } from '../worker/runtime';
import {
  type BenchmarkName,
  type BenchmarkOptions,
  parseBenchmarkOptions,
} from './benchmark-options';
import {
  type BenchmarkMeasurements,
  type BenchmarkReport,
  benchmarkReport,
  formatBenchmarkTable,
  machineNow,
} from './benchmark-report';
import { type BenchProgress, progressBar } from './bench-progress';
import { benchErasure } from './erasure';
import { benchPipeline } from './pipeline';
import { benchThroughput } from './throughput';
import { benchTimers } from './timers';
import { benchWebhooks } from './webhooks';

type Runner = (
  options: BenchmarkOptions,
  progress: BenchProgress,
) => Promise<BenchmarkMeasurements>;

const runners: Record<BenchmarkName, Runner> = {
  pipeline: async ({ scale }, progress) => ({
    pipeline: await benchPipeline({ minutes: scale.pipelineMinutes }, progress),
  }),
  throughput: async ({ scale }, progress) => ({
    throughput: await benchThroughput(
      { runs: scale.throughputRuns, minutes: scale.throughputMinutes },
      progress,
    ),
  }),
  timers: async ({ scale }, progress) => ({
    timers: await benchTimers({ counts: scale.timerCounts, settleS: scale.timerSettleS }, progress),
  }),
  webhooks: async ({ scale }, progress) => ({
    webhooks: await benchWebhooks(
      { samples: scale.webhookSamples, events: scale.webhookEvents },
      progress,
    ),
  }),
  erasure: async ({ scale }, progress) => {
    progress.step(`erasing a participant with ${scale.erasureRuns} runs`, 1);
    const erasure = await benchErasure({ runs: scale.erasureRuns });
    progress.update(1);
    return { erasure };
  },
};

async function main(): Promise<boolean> {
  let options: BenchmarkOptions;
  try {
    options = parseBenchmarkOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return false;
  }
  const loadAtStart = Math.round(os.loadavg()[0]! * 10) / 10;
  installRuntime(
    { EPILOGUE_METRICS_ADDRESS: 'off' },
    createLogger({ level: 'error', format: 'json' }),
  );
  const bar = progressBar();
  const measured: BenchmarkMeasurements = {};
  const errors: BenchmarkReport['errors'] = {};
  for (const name of options.only) {
    bar.benchmark(name);
    try {
      const result = await runners[name](options, bar);
      Object.assign(measured, result);
      // A long run leaves each benchmark's figures behind as it goes, whatever happens later.
      bar.note(JSON.stringify(result));
    } catch (error) {
      errors[name] = (error as Error).message.split('\n')[0]!;
      bar.note(`${name} failed: ${errors[name]}`);
    }
  }
  bar.stop();
  const report = benchmarkReport(measured, options, machineNow(loadAtStart), errors);
  process.stdout.write(
    options.json ? `${JSON.stringify(report)}\n` : `${formatBenchmarkTable(report)}\n`,
  );
  return Object.keys(errors).length === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
