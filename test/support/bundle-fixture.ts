/**
 * Writes run bundles for tests: a valid one by default, with hooks to break exactly one thing.
 * Audio is a short tone made by ffmpeg, so files are real media.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RunManifestInput } from '../../lib/domain/run';

const run = promisify(execFile);

export interface FixtureTurn {
  role: 'agent' | 'participant';
  content: string;
  timestamp: string;
  duration_ms?: number;
  node_id?: string;
  question_key?: string;
  [key: string]: unknown;
}

export interface BundleFixture {
  dir: string;
  runId: string;
  organizationId: string;
  manifest: RunManifestInput;
  turns: FixtureTurn[];
}

export async function writeTone(file: string, seconds: number, frequency: number): Promise<void> {
  await run('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${frequency}:duration=${seconds}`,
    '-ar',
    '16000',
    '-ac',
    '1',
    file,
  ]);
}

export function sampleManifest(runId: string, organizationId: string): RunManifestInput {
  return {
    format_version: 1,
    id: runId,
    organization_id: organizationId,
    status: 'completed',
    started_at: '2026-11-27T10:00:00Z',
    completed_at: '2026-11-27T10:05:00Z',
    blueprint: {
      id: 'bp_fixture',
      name: 'Fixture interview',
      graph: {
        entry_node: 'n1',
        nodes: {
          n1: { key: 'role', text: 'What is your role?', required: true },
          n2: { key: 'tools', text: 'Which tools do you use?', required: false },
        },
        edges: [{ from: 'n1', to: 'n2' }],
      },
    },
    participant: { external_id: `p_${runId}`, name: 'Grace Hopper', email: 'grace@example.com' },
    audio: { layout: 'two_track', tracks: { agent: 'agent.wav', participant: 'participant.wav' } },
  };
}

export function sampleTurns(): FixtureTurn[] {
  return [
    {
      role: 'agent',
      content: 'What is your role?',
      timestamp: '2026-11-27T10:00:01Z',
      duration_ms: 1500,
      node_id: 'n1',
      question_key: 'role',
    },
    {
      role: 'participant',
      content: 'I lead the compiler team.',
      timestamp: '2026-11-27T10:00:03Z',
      duration_ms: 1800,
      node_id: 'n1',
    },
    {
      role: 'agent',
      content: 'Which tools do you use?',
      timestamp: '2026-11-27T10:00:06Z',
      duration_ms: 1500,
      node_id: 'n2',
      question_key: 'tools',
    },
    {
      role: 'participant',
      content: 'Mostly COBOL and a debugger.',
      timestamp: '2026-11-27T10:00:08Z',
      duration_ms: 1800,
      node_id: 'n2',
    },
  ];
}

/** Writes a bundle; `edit` may change the manifest and turns before they are written. */
export async function writeBundle(
  options: {
    runId?: string;
    organizationId?: string;
    edit?: (fixture: BundleFixture) => void | Promise<void>;
    rawRunJson?: string;
    rawTurns?: string;
  } = {},
): Promise<BundleFixture> {
  const runId = options.runId ?? `run_${randomUUID().slice(0, 8)}`;
  const organizationId = options.organizationId ?? 'org_test';
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-fixture-'));
  const fixture: BundleFixture = {
    dir,
    runId,
    organizationId,
    manifest: sampleManifest(runId, organizationId),
    turns: sampleTurns(),
  };
  await writeTone(path.join(dir, 'agent.wav'), 2, 300);
  await writeTone(path.join(dir, 'participant.wav'), 2, 500);
  await options.edit?.(fixture);
  await fs.writeFile(
    path.join(dir, 'run.json'),
    options.rawRunJson ?? JSON.stringify(fixture.manifest, null, 2),
  );
  await fs.writeFile(
    path.join(dir, 'turns.jsonl'),
    options.rawTurns ?? fixture.turns.map((turn) => JSON.stringify(turn)).join('\n') + '\n',
  );
  return fixture;
}
