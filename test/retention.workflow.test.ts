import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudioAssets } from '../db/audio-assets';
import { getRun } from '../db/runs';
import { retentionWorkflowId } from '../lib/ids';
import { subjectHash } from '../lib/privacy/subject-hash';
import type { RetentionAction } from '../lib/retention/retention-actions';
import { scheduleQuery } from '../workflows/retention';
import { DAY_MS, retentionHarness, type RetentionHarness } from './support/retention-time-skipping';

const HOUR_MS = 3_600_000;
let h: RetentionHarness;

beforeAll(async () => {
  h = await retentionHarness();
});

afterAll(async () => {
  await h?.close();
});

async function sleepUntil(serverMs: number): Promise<void> {
  const now = await h.env.currentTimeMs();
  if (serverMs > now) await h.env.sleep(serverMs - now);
}

/** Days after completion each action is due, from the workflow's `schedule` query. */
async function dueDays(runId: string, completedAt: number, since?: number) {
  const schedule = await h.schedule(runId, since);
  return Object.fromEntries(
    schedule.actions.map((action) => [
      action.action,
      (Date.parse(action.dueAt) - completedAt) / DAY_MS,
    ]),
  );
}

/** Asserts an action was done between `fromMs` and a few minutes later (server time). */
async function expectDoneAt(
  organizationId: string,
  runId: string,
  action: RetentionAction,
  fromMs: number,
) {
  const doneAt = (await h.done(organizationId, runId))[action];
  expect(doneAt, `${action} of ${organizationId}`).toBeGreaterThanOrEqual(fromMs);
  expect(doneAt, `${action} of ${organizationId}`).toBeLessThan(fromMs + 5 * 60_000);
}

describe('retention workflow (time-skipping)', () => {
  it('fires every deadline at the time its plan sets, for each plan', async () => {
    const expected = {
      free: {
        delete_audio: 7,
        delete_transcript: 30,
        delete_turn_log: 30,
        delete_analytics: 30,
        delete_run: 365,
      },
      starter: {
        delete_audio: 30,
        delete_transcript: 90,
        delete_turn_log: 90,
        delete_analytics: 365,
      },
      professional: { delete_audio: 90, delete_transcript: 365, delete_turn_log: 365 },
      enterprise: { delete_audio: 90 },
    } as const;
    const runs = [];
    for (const plan of ['free', 'starter', 'professional', 'enterprise'] as const) {
      const organizationId = `org_${plan}`;
      const run = await h.finalRun(organizationId, plan);
      await h.startRetention(organizationId, run.runId);
      expect(await dueDays(run.runId, run.completedAt)).toEqual(expected[plan]);
      runs.push({
        ...run,
        organizationId,
        plan,
        audio: await listAudioAssets(h.database.pool, organizationId, run.runId),
      });
    }
    const start = Math.min(...runs.map((run) => run.completedAt));

    for (const days of [7, 30, 90, 365]) {
      const dueNow = runs.flatMap((run) =>
        Object.entries(expected[run.plan])
          .filter(([, due]) => due === days)
          .map(([action]) => ({ ...run, action: action as RetentionAction })),
      );
      await sleepUntil(start + days * DAY_MS - HOUR_MS);
      for (const { organizationId, runId, action } of dueNow) {
        expect((await h.done(organizationId, runId))[action], `${action} early`).toBeUndefined();
      }
      await sleepUntil(start + days * DAY_MS + 10 * 60_000);
      for (const { organizationId, runId, action, completedAt } of dueNow) {
        if (action === 'delete_run') continue;
        await expectDoneAt(organizationId, runId, action, completedAt + days * DAY_MS);
      }
    }

    const free = runs.find((run) => run.plan === 'free')!;
    expect(await getRun(h.database.pool, free.organizationId, free.runId)).toBeUndefined();
    expect(await h.env.client.workflow.getHandle(retentionWorkflowId(free.runId)).result()).toEqual(
      {
        runId: free.runId,
        outcome: 'run_deleted',
      },
    );
    for (const run of runs) {
      expect(run.audio.length).toBe(2);
      for (const asset of run.audio) expect(await h.deps.storage.exists(asset.blobKey)).toBe(false);
    }
    // Years of waiting: the workflow continues as new, and each history stays a few dozen events.
    const enterprise = h.env.client.workflow.getHandle(
      retentionWorkflowId(runs.find((run) => run.plan === 'enterprise')!.runId),
    );
    const firstExecution = (await enterprise.describe()).runId;
    await sleepUntil(start + 3 * 365 * DAY_MS);
    const later = await enterprise.describe();
    expect(later.status.name).toBe('RUNNING');
    expect(later.runId).not.toBe(firstExecution);
    expect(later.historyLength).toBeLessThan(60);
    expect(Date.parse((await enterprise.query(scheduleQuery)).plannedAt!)).toBeGreaterThan(
      start + 3 * 365 * DAY_MS - 31 * DAY_MS,
    );

    const { rows } = await h.database.pool.query<{ action: string }>(
      `select action from audit_log where organization_id = 'org_free' order by seq`,
    );
    expect(rows.map((row) => row.action)).toEqual([
      'retention.audio_deleted',
      'retention.transcript_deleted',
      'retention.turn_log_deleted',
      'retention.analytics_deleted',
      'retention.run_deleted',
    ]);
  });

  it('re-plans when a policy is shortened or lengthened mid-wait, even when no signal comes', async () => {
    const shortened = await h.finalRun('org_shorten', 'starter');
    const lengthened = await h.finalRun('org_lengthen', 'free');
    const unsignalled = await h.finalRun('org_unsignalled', 'free');
    for (const [organizationId, run] of [
      ['org_shorten', shortened],
      ['org_lengthen', lengthened],
      ['org_unsignalled', unsignalled],
    ] as const) {
      await h.startRetention(organizationId, run.runId);
      await h.schedule(run.runId);
    }
    await h.env.sleep('1 day');

    const changedAt = await h.env.currentTimeMs();
    await h.retention.setPolicy('org_shorten', { retention: { audio: '2d' } });
    await h.retention.setPolicy('org_lengthen', { retention: { audio: '60d' } });
    // Written behind the workflows' backs: no rollout, no signal.
    await h.database.pool.query(
      `update organizations set settings = '{"retention": {"audio": "60d"}}' where id = 'org_unsignalled'`,
    );
    expect((await dueDays(shortened.runId, shortened.completedAt, changedAt)).delete_audio).toBe(2);
    expect((await dueDays(lengthened.runId, lengthened.completedAt, changedAt)).delete_audio).toBe(
      60,
    );

    await sleepUntil(shortened.completedAt + 8 * DAY_MS);
    await expectDoneAt(
      'org_shorten',
      shortened.runId,
      'delete_audio',
      shortened.completedAt + 2 * DAY_MS,
    );
    expect((await h.done('org_lengthen', lengthened.runId)).delete_audio).toBeUndefined();
    // Woken at its old deadline, the workflow found the new policy and went back to sleep.
    expect((await h.done('org_unsignalled', unsignalled.runId)).delete_audio).toBeUndefined();
    expect((await dueDays(unsignalled.runId, unsignalled.completedAt)).delete_audio).toBe(60);

    await sleepUntil(lengthened.completedAt + 60 * DAY_MS + 10 * 60_000);
    await expectDoneAt(
      'org_lengthen',
      lengthened.runId,
      'delete_audio',
      lengthened.completedAt + 60 * DAY_MS,
    );
    await expectDoneAt(
      'org_unsignalled',
      unsignalled.runId,
      'delete_audio',
      unsignalled.completedAt + 60 * DAY_MS,
    );
  });

  it('holds every deletion while a legal hold is on, and resumes when it is released', async () => {
    const held = await h.finalRun('org_hold_run', 'free');
    const heldOrganization = await h.finalRun('org_hold_all', 'free');
    await h.startRetention('org_hold_run', held.runId);
    await h.startRetention('org_hold_all', heldOrganization.runId);
    await h.schedule(held.runId);
    await h.schedule(heldOrganization.runId);
    await h.env.sleep('1 day');

    await h.retention.setRunHold(held.runId, true);
    await h.retention.setOrganizationHold('org_hold_all', true);
    await sleepUntil(held.completedAt + 40 * DAY_MS);
    expect(await h.done('org_hold_run', held.runId)).toEqual({});
    expect(await h.done('org_hold_all', heldOrganization.runId)).toEqual({});
    const schedule = await h.schedule(held.runId);
    expect(schedule.heldBy).toBe('run');
    expect(new Set(schedule.actions.map((action) => action.state))).toEqual(new Set(['held']));
    expect((await h.schedule(heldOrganization.runId)).heldBy).toBe('organization');

    const releasedAt = await h.env.currentTimeMs();
    await h.retention.setRunHold(held.runId, false);
    await h.retention.setOrganizationHold('org_hold_all', false);
    await h.env.sleep('10 minutes');
    for (const action of [
      'delete_audio',
      'delete_transcript',
      'delete_turn_log',
      'delete_analytics',
    ] as const) {
      await expectDoneAt('org_hold_run', held.runId, action, releasedAt);
      await expectDoneAt('org_hold_all', heldOrganization.runId, action, releasedAt);
    }
    const { rows } = await h.database.pool.query<{ action: string; details: unknown }>(
      `select action, details, subject_hash as "subjectHash" from audit_log
       where organization_id = 'org_hold_run' order by seq`,
    );
    // The run appears as the organization's keyed hash only, never by its id.
    const runHash = await subjectHash(h.database.pool, 'org_hold_run', { runId: held.runId });
    expect(rows.slice(0, 2)).toEqual([
      { action: 'retention.legal_hold_set', details: { scope: 'run' }, subjectHash: runHash },
      { action: 'retention.legal_hold_released', details: { scope: 'run' }, subjectHash: runHash },
    ]);
  });
});
