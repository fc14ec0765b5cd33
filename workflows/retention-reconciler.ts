/**
 * `retentionReconciler` — started hourly by the `retention-reconciler` Temporal Schedule. Finds
 * final runs that have no live retention workflow (never started: a pipeline that failed before
 * starting it, runs from before retention existed; or gone: terminated by hand) and starts
 * `retention:<runId>` for each. A live workflow re-plans at least every 30 days and records when,
 * so one overdue by more than the grace period has no worker or no execution; starting it again is
 * harmless either way (already running is success). Also finishes blob deletions an interrupted
 * action left behind. Pages through runs by id, continuing as new between pages.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { startRetention } from './retention';

const { findRunsNeedingRetention, sweepRetentionBlobs } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Longer than any live workflow takes to plan after its wake time, even under load. */
export const RECONCILER_GRACE_MS = 3_600_000;
const PAGE_SIZE = 100;
const PAGES_PER_EXECUTION = 10;

export interface ReconcilerInput {
  /** Continue after this run id (set by continue-as-new). */
  afterRunId?: string;
  checked?: number;
  started?: number;
}

export interface ReconcilerResult {
  checked: number;
  started: number;
}

export async function retentionReconciler(input: ReconcilerInput = {}): Promise<ReconcilerResult> {
  let afterRunId = input.afterRunId ?? '';
  let checked = input.checked ?? 0;
  let started = input.started ?? 0;
  if (afterRunId === '') await sweepRetentionBlobs({ limit: 1000 });
  for (let page = 0; page < PAGES_PER_EXECUTION; page += 1) {
    const runs = await findRunsNeedingRetention({
      afterRunId,
      limit: PAGE_SIZE,
      graceMs: RECONCILER_GRACE_MS,
    });
    const starts = await Promise.all(runs.map((run) => startRetention(run)));
    checked += runs.length;
    started += starts.filter(Boolean).length;
    if (runs.length < PAGE_SIZE) return { checked, started };
    afterRunId = runs[runs.length - 1]!.runId;
  }
  return continueAsNew<typeof retentionReconciler>({ afterRunId, checked, started });
}
