/** The verdict of a chaos run: one object (the `--json` output) and its table. */
import type { FaultCounts } from './chaos-faults';
import type { PipelineChecks } from './chaos-pipeline-checks';
import type { StorageChecks } from './chaos-storage-checks';
import type { WebhookChecks } from './chaos-webhook-checks';

export interface ChaosResult {
  runs: number;
  faults: FaultCounts;
  completedOnce: number;
  duplicateRows: number;
  orphanFiles: number;
  lostRuns: number;
  /** Expected events (`run.ended`, `run.analyzed` per run) received verified at least once. */
  webhookEvents: number;
  webhookRedeliveries: number;
  ok: boolean;
  seed: number;
  wallS: number;
  duplicatedRuns: number;
  duplicatesByTable: Record<string, number>;
  missingFiles: number;
  expectedWebhookEvents: number;
  webhookIdConflicts: number;
  unverifiedWebhooks: number;
  webhooksOutOfOrder: number;
  undeliveredWebhookMessages: number;
  failedWebhookAttempts: number;
  terminatedBackends: number;
  workerProcesses: number;
  workerCrashes: number;
  slowestPipelineS: number;
  leftoverTempFiles: number;
  leftoverWorkDirs: number;
  /** One line per run that did not complete exactly once. */
  problems: string[];
}

export interface ChaosMeasurements {
  runs: number;
  seed: number;
  wallS: number;
  faults: FaultCounts;
  terminatedBackends: number;
  workerProcesses: number;
  workerCrashes: number;
  /** Enqueue → close of the slowest pipeline: how long the slowest recovery took. */
  slowestPipelineS: number;
  pipelines: PipelineChecks;
  storage: StorageChecks;
  webhooks: WebhookChecks;
}

/** Each check: its label, the figure shown, and whether it holds. */
function checks(m: ChaosMeasurements): { label: string; shown: string; holds: boolean }[] {
  const zero = (label: string, value: number) => ({
    label,
    shown: String(value),
    holds: value === 0,
  });
  return [
    {
      label: 'runs completed exactly once',
      shown: `${m.pipelines.completedOnce}/${m.runs}`,
      holds: m.pipelines.completedOnce === m.runs,
    },
    zero('lost runs', m.pipelines.lostRuns),
    zero('duplicated runs', m.pipelines.duplicatedRuns),
    zero('duplicate rows', m.storage.duplicateRows),
    zero('orphan files', m.storage.orphanFiles),
    zero('missing files', m.storage.missingFiles),
    {
      label: 'webhook events delivered',
      shown: `${m.webhooks.deliveredEvents}/${m.webhooks.expectedEvents}`,
      holds: m.webhooks.deliveredEvents === m.webhooks.expectedEvents,
    },
    zero('events under two webhook-ids', m.webhooks.idConflicts),
    zero('signatures not verified', m.webhooks.unverified),
    zero('run.analyzed before run.ended', m.webhooks.outOfOrder),
    zero('messages not delivered', m.webhooks.undeliveredMessages),
    {
      // Otherwise the outages proved nothing: no delivery ever met a closed port.
      label: 'attempts that met an outage',
      shown: String(m.webhooks.failedAttempts),
      holds: m.webhooks.failedAttempts > 0,
    },
    // A worker must ride out a lost database or server connection, not die of it.
    zero('workers exited on their own', m.workerCrashes),
  ];
}

export function chaosResult(m: ChaosMeasurements): ChaosResult {
  return {
    runs: m.runs,
    faults: m.faults,
    completedOnce: m.pipelines.completedOnce,
    duplicateRows: m.storage.duplicateRows,
    orphanFiles: m.storage.orphanFiles,
    lostRuns: m.pipelines.lostRuns,
    webhookEvents: m.webhooks.deliveredEvents,
    webhookRedeliveries: m.webhooks.redeliveries,
    ok: checks(m).every((check) => check.holds),
    seed: m.seed,
    wallS: m.wallS,
    duplicatedRuns: m.pipelines.duplicatedRuns,
    duplicatesByTable: m.storage.duplicatesByTable,
    missingFiles: m.storage.missingFiles,
    expectedWebhookEvents: m.webhooks.expectedEvents,
    webhookIdConflicts: m.webhooks.idConflicts,
    unverifiedWebhooks: m.webhooks.unverified,
    webhooksOutOfOrder: m.webhooks.outOfOrder,
    undeliveredWebhookMessages: m.webhooks.undeliveredMessages,
    failedWebhookAttempts: m.webhooks.failedAttempts,
    terminatedBackends: m.terminatedBackends,
    workerProcesses: m.workerProcesses,
    workerCrashes: m.workerCrashes,
    slowestPipelineS: m.slowestPipelineS,
    leftoverTempFiles: m.storage.leftoverTempFiles,
    leftoverWorkDirs: m.storage.leftoverWorkDirs,
    problems: m.pipelines.problems,
  };
}

export function formatChaosTable(m: ChaosMeasurements): string {
  const row = (label: string, shown: string, note = '') =>
    `  ${label.padEnd(32)} ${shown.padEnd(8)} ${note}`.trimEnd();
  const { faults } = m;
  const duplicates = Object.entries(m.storage.duplicatesByTable)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
  const lines = [
    `chaos run: ${m.runs} interviews, seed ${m.seed}, ${m.wallS.toFixed(0)} s`,
    'faults',
    row('worker killed (SIGKILL)', String(faults.workerKills)),
    row('Temporal server restarted', String(faults.serverRestarts)),
    row(
      'PostgreSQL backends terminated',
      String(faults.backendTerminations),
      `(${m.terminatedBackends} backends)`,
    ),
    row('webhook receiver down', String(faults.receiverOutages)),
    row('worker processes', String(m.workerProcesses), `(${m.workerCrashes} exited on their own)`),
    'checks',
    ...checks(m).map((check) =>
      row(
        check.label,
        check.shown,
        check.holds ? 'ok' : `FAILED${check.label === 'duplicate rows' ? ` (${duplicates})` : ''}`,
      ),
    ),
    'observed',
    row('slowest pipeline', `${m.slowestPipelineS.toFixed(0)} s`, '(all runs enqueued → closed)'),
    row('webhook redeliveries', String(m.webhooks.redeliveries), '(same webhook-id, allowed)'),
    row(
      'partial blob writes left',
      String(m.storage.leftoverTempFiles),
      '(killed mid-write; swept after an hour)',
    ),
    row(
      'work directories left',
      String(m.storage.leftoverWorkDirs),
      '(killed mid-ffmpeg; swept after an hour)',
    ),
    ...m.pipelines.problems.map((problem) => `  problem: ${problem}`),
    chaosResult(m).ok ? 'result: OK' : 'result: FAILED',
  ];
  return `${lines.join('\n')}\n`;
}
