import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  benchmarkNames,
  fullScale,
  parseBenchmarkOptions,
  quickScale,
} from '../bench/benchmark-options';
import {
  type BenchmarkMeasurements,
  benchmarkReport,
  formatBenchmarkTable,
  type Machine,
} from '../bench/benchmark-report';
import { forEachLimited } from '../bench/concurrency-limit';
import { percentiles } from '../bench/percentiles';
import { projectRoot } from '../lib/project-root';
import type { WorkerSettings } from '../worker/create-workers';

const workers: WorkerSettings[] = [
  { taskQueue: 'epilogue-v1', maxCachedWorkflows: 2310, workflowTaskSlots: 40, activitySlots: 100 },
  {
    taskQueue: 'epilogue-v1.media',
    maxCachedWorkflows: 2310,
    workflowTaskSlots: 40,
    activitySlots: 2,
  },
];

const machine: Machine = {
  cores: 2,
  cpu: 'test cpu',
  memoryGiB: 24,
  loadAverage: { start: 1, end: 2 },
};

/** What a full run measures, shaped as the benchmarks return it. */
const measured: BenchmarkMeasurements = {
  pipeline: {
    runs: 1,
    audioMinutes: 30,
    pipelinesS: 24.2,
    bareFfmpegS: 22,
    bareFfmpegBeforeAfterS: [21.5, 22.5],
    stageMs: { normalize: 9000 },
    pipelinesCpuS: { worker: 2.5, devServer: 0.5 },
    workers,
    cores: 2,
    overheadRatio: 1.1,
  },
  throughput: {
    runs: 12,
    audioMinutes: 3,
    pipelinesS: 100,
    bareFfmpegS: 85,
    bareFfmpegBeforeAfterS: [80, 90],
    stageMs: {},
    pipelinesCpuS: { worker: 20, devServer: 4 },
    workers,
    runsPerHour: 432,
    ffmpegBoundRunsPerHour: 508,
    ratio: 0.85,
  },
  timers: {
    steps: [
      {
        workflows: 10_000,
        startS: 200.5,
        workerRssMb: 900,
        workerPeakRssMb: 950,
        devServerRssMb: 400,
      },
      {
        workflows: 100_000,
        startS: 1800.2,
        workerRssMb: 990,
        workerPeakRssMb: 1000,
        devServerRssMb: 900,
      },
    ],
    rssRatio: 1.1,
    workerIdleRssMb: 230,
    settleS: 30,
    startConcurrency: 50,
    inFlight: 500,
    workers,
  },
  webhooks: {
    idle: { p50: 150, p99: 300, samples: 100 },
    createdToAttempt: { p50: 100, p99: 200 },
    loaded: { p50: 4000, p99: 9000 },
    events: 1000,
    seconds: 120,
    eventsPerSecond: 8,
    workers,
  },
  erasure: { runs: 1000, seconds: 42, rows: 16_000, blobs: 2000, runsPerSecond: 24 },
};

describe('npm run bench options', () => {
  it('runs every benchmark at the full scale by default', () => {
    const options = parseBenchmarkOptions([]);
    expect(options).toEqual({
      json: false,
      quick: false,
      only: [...benchmarkNames],
      scale: fullScale,
    });
    expect(fullScale.timerCounts).toEqual([10_000, 100_000]);
    expect(fullScale.pipelineMinutes).toBe(30);
  });

  it('--quick is a smaller run whose timers still outnumber the sticky cache', () => {
    const options = parseBenchmarkOptions(['--quick', '--json']);
    expect(options.json).toBe(true);
    expect(options.scale).toBe(quickScale);
    expect(quickScale.pipelineMinutes).toBeLessThan(fullScale.pipelineMinutes);
    expect(quickScale.timerCounts[0]).toBeGreaterThan(workers[0]!.maxCachedWorkflows);
  });

  it('--only keeps the benchmarks named, in the order they always run', () => {
    expect(parseBenchmarkOptions(['--only', 'webhooks, pipeline']).only).toEqual([
      'pipeline',
      'webhooks',
    ]);
  });

  it.each([
    [['--only', 'pipelines'], /unknown benchmark: pipelines/],
    [['--only', ''], /unknown benchmark: \(none\)/],
    [['--fast'], /Unknown option '--fast'/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('%j is refused with the usage', (args, message) => {
    expect(() => parseBenchmarkOptions(args)).toThrow(message);
    expect(() => parseBenchmarkOptions(args)).toThrow(/usage: npm run bench/);
  });

  it('the built command refuses a bad option with exit code 1 and nothing on stdout', async () => {
    const script = path.join(projectRoot, 'dist', 'bench', 'run-benchmarks.js');
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [script, '--only', 'nothing'], (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('unknown benchmark: nothing');
  });
});

describe('npm run bench report', () => {
  it('--json names every figure of the issue, with the goals and whether each was met', () => {
    const report = JSON.parse(
      JSON.stringify(benchmarkReport(measured, { quick: false, scale: fullScale }, machine)),
    ) as Record<string, unknown>;
    expect(report).toMatchObject({
      pipeline30MinS: 24.2,
      pipelineOverheadRatio: 1.1,
      throughputRatio: 0.85,
      throughputRunsPerHour: 432,
      ffmpegBoundRunsPerHour: 508,
      timerRssRatio: 1.1,
      timerStart10kS: 200.5,
      // Both steps: the first 10,000, then 90,000 more.
      timerStart100kS: 2000.7,
      timerWorkerRssMb: [900, 990],
      webhookP50Ms: 150,
      webhookP99Ms: 300,
      webhookEventsPerS: 8,
      erasure1kRunsS: 42,
      goals: {
        pipeline30MinS: { op: '<=', value: 30 },
        pipelineOverheadRatio: { op: '<=', value: 1.15 },
        throughputRatio: { op: '>=', value: 0.9 },
        timerRssRatio: { op: '<', value: 1.2 },
      },
      goalsMet: {
        pipeline30MinS: true,
        pipelineOverheadRatio: true,
        throughputRatio: false,
        timerRssRatio: true,
      },
      quick: false,
      machine,
      workers: { inProcess: workers, timers: workers },
      errors: {},
    });
  });

  it('a benchmark that did not run leaves its figures null and its goal undecided', () => {
    const report = benchmarkReport(
      { webhooks: measured.webhooks! },
      { quick: true, scale: quickScale },
      machine,
      { timers: 'the dev server did not start' },
    );
    expect(report).toMatchObject({
      pipeline30MinS: null,
      pipelineOverheadRatio: null,
      throughputRatio: null,
      timerRssRatio: null,
      timerStart10kS: null,
      timerStart100kS: null,
      timerWorkerRssMb: null,
      erasure1kRunsS: null,
      webhookP99Ms: 300,
      goalsMet: { pipeline30MinS: null, timerRssRatio: null },
      workers: { inProcess: workers, timers: null },
    });
    expect(formatBenchmarkTable(report)).toContain('timers failed: the dev server did not start');
  });

  it('the table puts each figure next to its goal and says which goals were missed', () => {
    const lines = formatBenchmarkTable(
      benchmarkReport(measured, { quick: false, scale: fullScale }, machine),
    ).split('\n');
    expect(lines.find((line) => line.startsWith('pipeline, 30-min'))).toMatch(
      /≤ 30 s\s+24\.2 s\s+met$/,
    );
    expect(lines.find((line) => line.startsWith('throughput'))).toMatch(
      /≥ 0\.9\s+0\.85 \(432 vs 508 runs\/h\)\s+missed$/,
    );
    expect(lines.find((line) => line.startsWith('worker RSS'))).toMatch(
      /10000 → 100000 sleeping workflows\s+< 1\.2\s+1\.1 \(900 → 990 MB\)\s+met$/,
    );
    expect(lines).toContain(
      'worker: 40 workflow task slots, sticky cache 2310 workflows, 100 activity slots on epilogue-v1, 2 on epilogue-v1.media',
    );
  });
});

describe('benchmark helpers', () => {
  it('percentiles are nearest-rank and rounded as asked', () => {
    const values = Array.from({ length: 200 }, (_, index) => 200 - index + 0.25);
    expect(percentiles(values)).toEqual({ p50: 100, p99: 198 });
    expect(percentiles([1.26], 1)).toEqual({ p50: 1.3, p99: 1.3 });
    expect(() => percentiles([])).toThrow(/empty/);
  });

  it('forEachLimited does every item, never more than its slots at once', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    const counts: number[] = [];
    await forEachLimited(
      Array.from({ length: 25 }, (_, index) => index),
      4,
      async (item) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, item % 3));
        seen.push(item);
        running -= 1;
      },
      (done) => counts.push(done),
    );
    expect(most).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, index) => index));
    expect(counts).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
  });
});
