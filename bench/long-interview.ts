/**
 * A long two-track interview for benchmarks: one synthesized demo interview repeated until it
 * lasts the requested time, audio and turn log alike, written as a run bundle. Another `seed`
 * makes another interview (other questions, voices and answers).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { planDemoInterviews } from '../lib/demo/plan-demo-interviews';
import { writeDemoBundle } from '../lib/demo/write-demo-bundle';

const run = promisify(execFile);

export async function writeLongInterview(
  dir: string,
  options: { runId: string; organizationId: string; minutes: number; seed?: number },
): Promise<string> {
  const [plan] = planDemoInterviews({
    runs: 2,
    seed: options.seed ?? 11,
    organizationId: options.organizationId,
    runIdPrefix: 'bench',
    startedAt: new Date('2026-11-27T09:00:00Z'),
  }).filter(
    (candidate) => candidate.audioLayout === 'two_track' && candidate.status === 'completed',
  );
  const unitDir = path.join(dir, `unit-${options.runId}`);
  const unit = await writeDemoBundle(plan!, unitDir);
  const targetMs = options.minutes * 60_000;
  const copies = Math.ceil(targetMs / unit.durationMs);
  const bundleDir = path.join(dir, options.runId);
  await fs.mkdir(bundleDir, { recursive: true });
  const tracks =
    unit.manifest.audio.layout === 'two_track' ? unit.manifest.audio.tracks : undefined;
  if (!tracks) throw new Error('the benchmark needs a two-track interview');
  for (const file of [tracks.agent, tracks.participant]) {
    await run('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-stream_loop',
      String(copies - 1),
      '-i',
      path.join(unitDir, file),
      '-t',
      String(targetMs / 1000),
      path.join(bundleDir, file),
    ]);
  }
  const startedAt = Date.parse(unit.manifest.started_at);
  const turns = [];
  for (let copy = 0; copy < copies; copy += 1) {
    for (const turn of unit.turns) {
      const at = Date.parse(turn.timestamp) + copy * unit.durationMs;
      if (at - startedAt + (turn.duration_ms ?? 0) > targetMs) continue;
      turns.push({ ...turn, timestamp: new Date(at).toISOString() });
    }
  }
  const manifest = {
    ...unit.manifest,
    id: options.runId,
    completed_at: new Date(startedAt + targetMs).toISOString(),
  };
  await fs.writeFile(path.join(bundleDir, 'run.json'), JSON.stringify(manifest));
  await fs.writeFile(
    path.join(bundleDir, 'turns.jsonl'),
    turns.map((turn) => JSON.stringify(turn)).join('\n') + '\n',
  );
  return bundleDir;
}
