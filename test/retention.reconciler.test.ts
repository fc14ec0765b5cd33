import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionWorkflowId, workflowTypes } from '../lib/ids';
import type { ReconcilerResult } from '../workflows/retention-reconciler';
import { DAY_MS, retentionHarness, type RetentionHarness } from './support/retention-time-skipping';

let h: RetentionHarness;

beforeAll(async () => {
  h = await retentionHarness();
});

afterAll(async () => {
  await h?.close();
});

const reconcile = () =>
  h.env.client.workflow.execute(workflowTypes.retentionReconciler, {
    taskQueue: h.taskQueue,
    workflowId: `retention-reconciler-test-${randomUUID()}`,
    args: [{}],
  }) as Promise<ReconcilerResult>;

async function waitForAudioDeletion(organizationId: string, runId: string): Promise<number> {
  for (let tries = 0; tries < 100; tries += 1) {
    const doneAt = (await h.done(organizationId, runId)).delete_audio;
    if (doneAt !== undefined) return doneAt;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the audio of ${runId} was not deleted`);
}

describe('retention reconciler (time-skipping)', () => {
  it('starts retention for final runs that have no live workflow, and leaves the rest alone', async () => {
    const organizationId = 'org_reconcile';
    // Never processed: no pipeline state, so it qualifies a day after it ended.
    const unprocessed = await h.finalRun(organizationId, 'free');
    await h.database.pool.query(`update runs set pipeline_state = '{}' where id = $1::text`, [
      unprocessed.runId,
    ]);
    // Terminated by hand: its row says when it should have planned again.
    const terminated = await h.finalRun(organizationId, 'free');
    await h.startRetention(organizationId, terminated.runId);
    await h.schedule(terminated.runId);
    await h.env.client.workflow
      .getHandle(retentionWorkflowId(terminated.runId))
      .terminate('removed by mistake');
    // Still being processed: not final yet.
    const processing = await h.finalRun(organizationId, 'free');
    await h.database.pool.query(`update runs set status = 'processing' where id = $1::text`, [
      processing.runId,
    ]);
    // Alive and well: left alone.
    const alive = await h.finalRun(organizationId, 'starter');
    await h.startRetention(organizationId, alive.runId);
    await h.schedule(alive.runId);

    await h.env.sleep(8 * DAY_MS);
    expect(await h.done(organizationId, terminated.runId)).toEqual({});
    expect(await h.done(organizationId, unprocessed.runId)).toEqual({});

    // The reconciler's children outlive it, after which this server skips no more time: from
    // here on, everything happens at once because it is overdue.
    expect(await reconcile()).toEqual({ checked: 2, started: 2 });
    const now = await h.env.currentTimeMs();
    for (const run of [unprocessed, terminated]) {
      const description = await h.env.client.workflow
        .getHandle(retentionWorkflowId(run.runId))
        .describe();
      expect(description.status.name).toBe('RUNNING');
      expect(await waitForAudioDeletion(organizationId, run.runId)).toBeGreaterThanOrEqual(
        now - 60_000,
      );
    }
    const describeRetention = (runId: string) =>
      h.env.client.workflow.getHandle(retentionWorkflowId(runId)).describe();
    await expect(describeRetention(processing.runId)).rejects.toThrow(/not found/i);
    expect((await describeRetention(alive.runId)).runId).toBeDefined();

    expect(await reconcile()).toEqual({ checked: 0, started: 0 });
  });
});
