/**
 * The options of `npm run bench -- [--json] [--quick] [--only a,b]`: which benchmarks run and at
 * which scale. The full scale is the one the goals are stated for; `--quick` is a CI-sized
 * run (a shorter interview, fewer runs, timers and events) that exercises the same code.
 */
import { parseArgs } from 'node:util';

export const benchmarkNames = ['pipeline', 'throughput', 'timers', 'webhooks', 'erasure'] as const;
export type BenchmarkName = (typeof benchmarkNames)[number];

export interface BenchmarkScale {
  /** Length of the one interview of the pipeline benchmark. */
  pipelineMinutes: number;
  throughputRuns: number;
  throughputMinutes: number;
  /** Sleeping workflows after each step of the timers benchmark. */
  timerCounts: number[];
  /** Wait after each step before the worker's memory is read. */
  timerSettleS: number;
  webhookSamples: number;
  webhookEvents: number;
  /** Runs of the participant whose data is erased. */
  erasureRuns: number;
}

export const fullScale: BenchmarkScale = {
  pipelineMinutes: 30,
  throughputRuns: 12,
  throughputMinutes: 3,
  timerCounts: [10_000, 100_000],
  timerSettleS: 30,
  webhookSamples: 100,
  webhookEvents: 1000,
  erasureRuns: 1000,
};

export const quickScale: BenchmarkScale = {
  pipelineMinutes: 3,
  throughputRuns: 4,
  throughputMinutes: 3,
  timerCounts: [3000, 6000],
  timerSettleS: 5,
  webhookSamples: 20,
  webhookEvents: 100,
  erasureRuns: 100,
};

export interface BenchmarkOptions {
  json: boolean;
  quick: boolean;
  /** The benchmarks to run, in the order they run. */
  only: BenchmarkName[];
  scale: BenchmarkScale;
}

export const benchmarkUsage = `usage: npm run bench -- [--json] [--quick] [--only ${benchmarkNames.join(',')}]
  --json    print one JSON object on stdout (progress stays on stderr)
  --quick   a CI-sized run: ${quickScale.pipelineMinutes}-minute interview, ${quickScale.throughputRuns} runs, ${quickScale.timerCounts.join(' then ')} timers, ${quickScale.webhookEvents} events, ${quickScale.erasureRuns} runs erased
  --only    run only these benchmarks (comma-separated); the others' figures are null`;

/** Throws a RangeError (whose message ends with the usage) on an unknown option or name. */
export function parseBenchmarkOptions(args: string[]): BenchmarkOptions {
  let values: { json?: boolean; quick?: boolean; only?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new RangeError(`${(error as Error).message}\n${benchmarkUsage}`, { cause: error });
  }
  const requested = values.only?.split(',').map((name) => name.trim()) ?? [...benchmarkNames];
  const unknown = requested.filter((name) => !(benchmarkNames as readonly string[]).includes(name));
  if (unknown.length > 0 || requested.length === 0) {
    throw new RangeError(`unknown benchmark: ${unknown.join(', ') || '(none)'}\n${benchmarkUsage}`);
  }
  return {
    json: values.json ?? false,
    quick: values.quick ?? false,
    only: benchmarkNames.filter((name) => requested.includes(name)),
    scale: values.quick ? quickScale : fullScale,
  };
}
