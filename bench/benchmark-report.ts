/**
 * The result of `npm run bench`: the figures under the names the platform's dashboards
 * read (`pipeline30MinS`, ...), each goal next to them and whether it was met, the scale and the
 * machine they were measured at, the worker settings that bound them, and each benchmark's own
 * details. A figure whose benchmark did not run (or failed) is null.
 */
import os from 'node:os';
import type { WorkerSettings } from '../worker/create-workers';
import type { BenchmarkOptions, BenchmarkName, BenchmarkScale } from './benchmark-options';
import type { ErasureBenchResult } from './erasure';
import type { PipelineBenchResult } from './pipeline';
import type { ThroughputBenchResult } from './throughput';
import type { TimersBenchResult } from './timers';
import type { WebhookBenchResult } from './webhooks';

export interface BenchmarkMeasurements {
  pipeline?: PipelineBenchResult;
  throughput?: ThroughputBenchResult;
  timers?: TimersBenchResult;
  webhooks?: WebhookBenchResult;
  erasure?: ErasureBenchResult;
}

export interface Goal {
  op: '<=' | '<' | '>=';
  value: number;
}

/** The goals of issue 10 (pipeline figures from issue 4). */
export const goals = {
  pipeline30MinS: { op: '<=', value: 30 },
  pipelineOverheadRatio: { op: '<=', value: 1.15 },
  throughputRatio: { op: '>=', value: 0.9 },
  timerRssRatio: { op: '<', value: 1.2 },
} as const satisfies Record<string, Goal>;

type GoalFigure = keyof typeof goals;

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  /** One-minute load average when the run started and when it ended: others' work shows here. */
  loadAverage: { start: number; end: number };
}

export interface BenchmarkReport {
  pipeline30MinS: number | null;
  pipelineOverheadRatio: number | null;
  throughputRatio: number | null;
  throughputRunsPerHour: number | null;
  ffmpegBoundRunsPerHour: number | null;
  timerRssRatio: number | null;
  timerStart10kS: number | null;
  /** Both steps: the first 10,000 plus the next 90,000. */
  timerStart100kS: number | null;
  timerWorkerRssMb: number[] | null;
  webhookP50Ms: number | null;
  webhookP99Ms: number | null;
  webhookEventsPerS: number | null;
  erasure1kRunsS: number | null;
  goals: typeof goals;
  goalsMet: Record<GoalFigure, boolean | null>;
  quick: boolean;
  scale: BenchmarkScale;
  machine: Machine;
  /** The in-process worker's settings (main and media queues) and the timers' worker process's. */
  workers: { inProcess: WorkerSettings[] | null; timers: WorkerSettings[] | null };
  /** Benchmarks that failed, with their error message. */
  errors: Partial<Record<BenchmarkName, string>>;
  details: BenchmarkMeasurements;
}

export function machineNow(loadAtStart: number): Machine {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: { start: loadAtStart, end: Math.round(os.loadavg()[0]! * 10) / 10 },
  };
}

/** From the first start to each step's workflows all asleep: the steps' start times added up. */
function cumulativeStarts(timers: TimersBenchResult | undefined) {
  let seconds = 0;
  return (timers?.steps ?? []).map((step) => {
    seconds += step.startS;
    return { workflows: step.workflows, seconds: Math.round(seconds * 10) / 10 };
  });
}

function met(goal: Goal, value: number | null): boolean | null {
  if (value === null) return null;
  if (goal.op === '<=') return value <= goal.value;
  if (goal.op === '<') return value < goal.value;
  return value >= goal.value;
}

export function benchmarkReport(
  measured: BenchmarkMeasurements,
  options: Pick<BenchmarkOptions, 'quick' | 'scale'>,
  machine: Machine,
  errors: BenchmarkReport['errors'] = {},
): BenchmarkReport {
  const { pipeline, throughput, timers, webhooks, erasure } = measured;
  const starts = cumulativeStarts(timers);
  const figures = {
    pipeline30MinS: pipeline?.pipelinesS ?? null,
    pipelineOverheadRatio: pipeline?.overheadRatio ?? null,
    throughputRatio: throughput?.ratio ?? null,
    timerRssRatio: timers?.rssRatio ?? null,
  };
  return {
    ...figures,
    throughputRunsPerHour: throughput?.runsPerHour ?? null,
    ffmpegBoundRunsPerHour: throughput?.ffmpegBoundRunsPerHour ?? null,
    timerStart10kS: starts[0]?.seconds ?? null,
    timerStart100kS: starts[starts.length - 1]?.seconds ?? null,
    timerWorkerRssMb: timers ? timers.steps.map((step) => step.workerRssMb) : null,
    webhookP50Ms: webhooks?.idle.p50 ?? null,
    webhookP99Ms: webhooks?.idle.p99 ?? null,
    webhookEventsPerS: webhooks?.eventsPerSecond ?? null,
    erasure1kRunsS: erasure?.seconds ?? null,
    goals,
    goalsMet: {
      pipeline30MinS: met(goals.pipeline30MinS, figures.pipeline30MinS),
      pipelineOverheadRatio: met(goals.pipelineOverheadRatio, figures.pipelineOverheadRatio),
      throughputRatio: met(goals.throughputRatio, figures.throughputRatio),
      timerRssRatio: met(goals.timerRssRatio, figures.timerRssRatio),
    },
    quick: options.quick,
    scale: options.scale,
    machine,
    workers: {
      inProcess: (pipeline ?? throughput ?? webhooks)?.workers ?? null,
      timers: timers?.workers ?? null,
    },
    errors,
    details: measured,
  };
}

const opText: Record<Goal['op'], string> = { '<=': '≤', '<': '<', '>=': '≥' };

/** The final table: figure, goal, measured (and whether the goal was met), then the conditions. */
export function formatBenchmarkTable(report: BenchmarkReport): string {
  const { scale } = report;
  const show = (value: number | null | undefined, unit = '') =>
    value === null || value === undefined ? '—' : `${value}${unit}`;
  const goal = (figure: GoalFigure, unit = '') =>
    `${opText[report.goals[figure].op]} ${report.goals[figure].value}${unit}`;
  const verdict = (figure: GoalFigure) =>
    report.goalsMet[figure] === null ? '' : report.goalsMet[figure] ? 'met' : 'missed';
  const webhooks = report.details.webhooks;
  const timerStarts = cumulativeStarts(report.details.timers);
  const rows: [string, string, string, string][] = [
    [
      `pipeline, ${scale.pipelineMinutes}-min two-track interview (s)`,
      goal('pipeline30MinS', ' s'),
      show(report.pipeline30MinS, ' s'),
      verdict('pipeline30MinS'),
    ],
    [
      'pipeline / bare ffmpeg',
      goal('pipelineOverheadRatio'),
      show(report.pipelineOverheadRatio),
      verdict('pipelineOverheadRatio'),
    ],
    [
      `throughput, ${scale.throughputRuns} × ${scale.throughputMinutes}-min runs, worker / ffmpeg-bound`,
      goal('throughputRatio'),
      report.throughputRatio === null
        ? '—'
        : `${report.throughputRatio} (${report.throughputRunsPerHour} vs ${report.ffmpegBoundRunsPerHour} runs/h)`,
      verdict('throughputRatio'),
    ],
    [
      `worker RSS, ${scale.timerCounts.join(' → ')} sleeping workflows`,
      goal('timerRssRatio'),
      report.timerRssRatio === null
        ? '—'
        : `${report.timerRssRatio} (${report.timerWorkerRssMb?.join(' → ')} MB)`,
      verdict('timerRssRatio'),
    ],
    ...timerStarts.map(({ workflows, seconds }): [string, string, string, string] => [
      `time until ${workflows} workflows sleep`,
      '—',
      show(seconds, ' s'),
      '',
    ]),
    [
      'webhook, stage end → first attempt p50 / p99',
      '—',
      webhooks ? `${webhooks.idle.p50} / ${webhooks.idle.p99} ms` : '—',
      '',
    ],
    [
      `webhook events delivered (${scale.webhookEvents} at once)`,
      '—',
      show(report.webhookEventsPerS, ' /s'),
      '',
    ],
    [
      `erasure of a participant with ${scale.erasureRuns} runs`,
      '—',
      show(report.erasure1kRunsS, ' s'),
      '',
    ],
  ];
  const header: [string, string, string, string] = ['figure', 'goal', 'measured', ''];
  const widths = [0, 1, 2].map((column) =>
    Math.max(...[header, ...rows].map((row) => row[column]!.length)),
  );
  const line = (row: [string, string, string, string]) =>
    row
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
      .join('  ')
      .trimEnd();
  const { machine } = report;
  const settings = report.workers.inProcess ?? report.workers.timers;
  const main = settings?.find((worker) => !worker.taskQueue.endsWith('.media'));
  const media = settings?.find((worker) => worker.taskQueue.endsWith('.media'));
  const conditions = [
    `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, load average ${machine.loadAverage.start} → ${machine.loadAverage.end}${report.quick ? '; quick scale' : ''}`,
    ...(main && media
      ? [
          `worker: ${main.workflowTaskSlots} workflow task slots, sticky cache ${main.maxCachedWorkflows} workflows, ${main.activitySlots} activity slots on ${main.taskQueue}, ${media.activitySlots} on ${media.taskQueue}`,
        ]
      : []),
    ...Object.entries(report.errors).map(([name, message]) => `${name} failed: ${message}`),
  ];
  return [line(header), ...rows.map(line), '', ...conditions].join('\n');
}
