import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorkers } from './support/running-workers';
import {
  newSessionId,
  startSessionEnvironment,
  type SessionEnvironment,
} from './support/session-environment';
import { saveHistories, sessionScenarios } from './support/session-scenarios';

/**
 * `RECORD_SESSION_HISTORIES=v2 npx vitest run test/session.histories` records the current
 * workflow's histories as `v2-<scenario>` for the replay test; without it the scenarios only run.
 */
const label = process.env['RECORD_SESSION_HISTORIES'];

let s: SessionEnvironment;
let worker: RunningWorkers;

beforeAll(async () => {
  s = await startSessionEnvironment();
  worker = await s.startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await s?.close();
});

const outcomes: Record<string, { status: string; endReason: string }> = {
  'heartbeat-lost': { status: 'abandoned', endReason: 'heartbeat_lost' },
  'pause-expired': { status: 'abandoned', endReason: 'pause_expired' },
  'pauses-used-then-completed': { status: 'completed', endReason: 'completed' },
  'admin-end-while-paused': { status: 'admin_ended', endReason: 'admin_end:stuck_in_loop' },
  'max-duration': { status: 'expired', endReason: 'max_duration' },
  'continued-as-new': { status: 'completed', endReason: 'completed' },
  restarted: { status: 'restarted', endReason: 'restart' },
  'completed-run-handed-over': { status: 'completed', endReason: 'completed' },
};

describe('recorded session lifecycles (time-skipping)', () => {
  for (const scenario of sessionScenarios) {
    it(`${scenario.name} ends as it should${label ? `, recorded as ${label}` : ''}`, async () => {
      const sessionId = newSessionId();
      expect(await scenario.play(s, sessionId)).toMatchObject(outcomes[scenario.name]!);
      if (label) await saveHistories(s, sessionId, `${label}-${scenario.name}`);
    }, 120_000);
  }
});
