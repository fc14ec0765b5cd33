import fs from 'node:fs/promises';
import path from 'node:path';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { History, historiesDir } from './support/session-scenarios';

/** Every recorded history, of every earlier version of the session workflow. */
async function recordedHistories(): Promise<HistoryAndWorkflowId[]> {
  const files = (await fs.readdir(historiesDir)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: History.fromObject(
        JSON.parse(await fs.readFile(path.join(historiesDir, file), 'utf8')) as object,
      ),
    })),
  );
}

describe('session workflow versions', () => {
  it('replays the histories recorded from every earlier version with the current code', async () => {
    const histories = await recordedHistories();
    // v1: the first version; v2: the auto-resume prompt while paused, behind a patch.
    expect(new Set(histories.map((one) => one.workflowId.split('-')[0]))).toEqual(
      new Set(['v1', 'v2']),
    );
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') } },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
